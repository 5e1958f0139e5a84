"""The archivist's pages and API: the proposal lists names only while the person exists, never an
address; the decision and the holds; odd input answers 4xx and changes nothing; reads audited."""

import json

import pytest
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry
from skyddsnat.people.models import Person, ProtectionLevel
from skyddsnat.retention import services
from skyddsnat.retention.models import RetentionHold, RetentionRun, RunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_child(old_child):
    child = old_child()
    Person.objects.filter(pk=child.pk).update(
        street_address="Hemliga gatan 7", protection_level=ProtectionLevel.PROTECTED_REGISTRATION
    )
    return child


def test_the_proposal_page_lists_the_due_file_by_name_without_its_address(
    client, archivist, due_child
):
    client.force_login(archivist)
    response = client.post(reverse("retention-propose"))
    run = RetentionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "retention-run", args=[run.pk]
    )

    page = client.get(reverse("retention-run", args=[run.pk])).content.decode()

    assert due_child.last_name in page
    assert "Hemliga gatan" not in page
    assert "Gallras" in page and "Godkänn gallringen" in page
    read = AuditEntry.objects.filter(action="retention.run.read", user_id=archivist.pk).get()
    assert due_child.pk in read.person_ids


def test_approving_on_the_page_approves_and_a_second_click_is_told(client, archivist, due_child):
    client.force_login(archivist)
    run = services.run_propose(user=archivist)
    url = reverse("retention-decide", args=[run.pk])

    client.post(url, {"decision": "approve"})
    second = client.post(url, {"decision": "cancel"}, follow=True).content.decode()

    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    assert "kan inte längre ändras" in second


def test_a_decision_without_a_choice_changes_nothing(client, archivist, due_child):
    client.force_login(archivist)
    run = services.run_propose(user=archivist)
    client.post(reverse("retention-decide", args=[run.pk]), {})
    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSED


def test_other_roles_get_404(client, caseworker, admin_user, auditor):
    for user in (caseworker, admin_user, auditor):
        client.force_login(user)
        assert client.get(reverse("retention-runs")).status_code == 404
        assert client.post(reverse("retention-propose")).status_code == 404
    assert not RetentionRun.objects.exists()


def test_the_hold_form_refuses_odd_input_and_stores_nothing(client, archivist, due_child):
    client.force_login(archivist)
    for number in ("19121212-1212\u202e", "not a number", "\x00", "2012041712345"):
        response = client.post(
            reverse("retention-holds"),
            {
                "personal_identity_number": number,
                "category": "adoption",
                "recorded_on": "2015-01-01",
            },
        )
        assert response.status_code == 200
    response = client.post(
        reverse("retention-holds"),
        {
            "personal_identity_number": due_child.personal_identity_number,
            "category": "adoption",
            "recorded_on": "9999-01-01",
        },
    )
    assert response.status_code == 200
    response = client.post(
        reverse("retention-holds"),
        {
            "personal_identity_number": due_child.personal_identity_number,
            "category": "custody_agreement",
            "recorded_on": "2015-01-01",
        },
    )
    assert response.status_code == 200
    assert "barn det gäller" in response.content.decode()
    assert not RetentionHold.objects.exists()


def test_the_api_proposes_lists_and_decides(client, archivist, due_child):
    client.force_login(archivist)
    created = client.post(reverse("api-retention-runs"), content_type="application/json")
    assert created.status_code == 201
    run_id = created.json()["id"]
    assert created.json()["to_remove"] == 1
    again = client.post(reverse("api-retention-runs"), content_type="application/json")
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")

    items = client.get(reverse("api-retention-items", args=[run_id])).json()
    [item] = [i for i in items["results"] if i["person_id"] == due_child.pk]
    assert item["verdict"] == "remove" and item["name"].endswith(due_child.last_name)
    assert "Hemliga" not in json.dumps(items)

    bad = client.post(
        reverse("api-retention-decision", args=[run_id]),
        {"approve": "kanske"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "approve" in bad.json()["errors"]
    decided = client.post(
        reverse("api-retention-decision", args=[run_id]),
        {"approve": True},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"


def test_the_api_hold_names_the_field_it_refuses(client, archivist, due_child):
    client.force_login(archivist)
    response = client.post(
        reverse("api-retention-holds"),
        {
            "personal_identity_number": due_child.personal_identity_number,
            "category": "custody_agreement",
            "recorded_on": "2015-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "child_personal_identity_number" in response.json()["errors"]
    assert not RetentionHold.objects.exists()
    ok = client.post(
        reverse("api-retention-holds"),
        {
            "personal_identity_number": due_child.personal_identity_number,
            "category": "adoption",
            "recorded_on": "2015-01-01",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and RetentionHold.objects.get().person_id == due_child.pk


def test_the_rules_page_marks_what_was_not_verified(client, archivist):
    client.force_login(archivist)
    page = client.get(reverse("retention-rules")).content.decode()
    assert "12 kap. 1 § socialtjänstlagen (2001:453)" in page
    assert "inte kontrollerade" in page
    assert "5 år efter sista anteckningen" in page
