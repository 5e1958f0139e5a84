"""Regression tests for what the probe of the investigation flow found (one test per finding)."""

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.guardians import guardians_of
from skyddsnat.cases.models import Decision
from skyddsnat.investigations.models import CommunicationParty, Ending
from skyddsnat.investigations.tests.conftest import investigated_case


@pytest.fixture
def investigated(caseworker, make_report):
    return investigated_case(caseworker, make_report)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("code", ["parent-support", "lvu-care-2"])
def test_the_api_refuses_interventions_the_page_does_not_offer(manager, investigated, code):
    """Finding: the API ended an investigation with an intervention given without a needs
    assessment (parent support) or one that only follows immediate custody (LVU care, which
    also skipped the kommunicering wait); the page offers neither."""
    response = _api(manager).post(
        f"/api/v1/cases/{investigated.pk}/investigation/interventions/",
        {"decided_on": str(timezone.localdate()), "granted": [code], "reason": "Skäl."},
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "granted" in response.json()["errors"]
    assert "utredning avslutas" in response.json()["errors"]["granted"][0]
    assert not Decision.objects.filter(case=investigated, intervention_type__code=code).exists()
    assert not Ending.objects.exists()
    investigated.investigation.refresh_from_db()
    assert investigated.investigation.closed_on is None


def test_the_override_entry_names_the_parties_its_answer_shows(caseworker, manager, investigated):
    """Finding: the override's answer (page and API) shows each party of the kommunicering it
    lifts, with their reply, but its audit entry named only the child: the auditor's search by
    the guardian did not find it (sending and replies name the parties already)."""
    today = str(timezone.localdate())
    api = _api(manager)
    assert (
        api.post(
            f"/api/v1/cases/{investigated.pk}/investigation/communications/",
            {"sent_on": today, "material": "Utredningen."},
            format="json",
        ).status_code
        == 201
    )
    guardian_id = CommunicationParty.objects.get().person_id

    response = api.post(
        f"/api/v1/cases/{investigated.pk}/investigation/communications/override/",
        {"reason": "Brådskande."},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["communications"][0]["parties"][0]["person_id"] == guardian_id
    entry = AuditEntry.objects.get(action="investigations.communication.override")
    assert guardian_id in entry.person_ids
    assert investigated.person_id in entry.person_ids


def test_the_page_read_names_the_guardians_it_shows_as_parties(caseworker, investigated):
    """Finding: the page shows today's parties (the guardians, by name) before any kommunicering
    is sent, but its read entry named only the parties of kommunicering already sent: the
    auditor's search by the guardian did not find the read."""
    guardian = guardians_of(investigated.person)[0]
    client = Client()
    client.force_login(caseworker)

    page = client.get(f"/arenden/{investigated.pk}/utredning/")

    assert page.status_code == 200
    assert guardian.full_name in page.content.decode()
    entry = AuditEntry.objects.filter(action="investigations.investigation.read").latest("pk")
    assert entry.person_ids == sorted([investigated.person_id, guardian.pk])
