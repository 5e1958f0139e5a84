"""Regression tests for what the probe of the investigation flow found (one test per finding)."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from skyddsnat.cases.models import Decision
from skyddsnat.investigations.models import Ending
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
