"""The whole children-and-youth flow through the API with personal tokens."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.api.tests.conftest import REPORTS, case_url, report_body
from skyddsnat.lib.dates import add_months


def token_client(username: str) -> APIClient:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"token", "expires_at"}
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    return client


def by_kind(deadlines: list[dict]) -> dict[str, dict]:
    return {d["kind"]: d for d in deadlines}


def test_a_report_goes_all_the_way_to_an_intervention(caseworker, manager):
    api = token_client("socsek.jarva")
    today = timezone.localdate()

    report = api.post(REPORTS, report_body(), format="json")
    assert report.status_code == 201, report.content
    assert report.json()["joined_investigation"] is False
    case_id = report.json()["case_id"]

    case = api.get(case_url(case_id)).json()
    assert case["status"] == "pre_assessment"
    assert case["assigned_to"] == "socsek.jarva"
    assert set(by_kind(case["deadlines"])) == {"safety_assessment", "pre_assessment"}
    assert (
        by_kind(case["deadlines"])["pre_assessment"]["due"]
        == (
            timezone.localtime(timezone.now() - dt.timedelta(hours=2)).date()
            + dt.timedelta(days=14)
        ).isoformat()
    )

    safety = api.post(
        case_url(case_id, "safety-assessment"),
        {
            "assessed_at": timezone.now().isoformat(),
            "immediate_protection_needed": False,
            "notes": "Inget akut skyddsbehov.",
        },
        format="json",
    )
    assert safety.status_code == 201, safety.content
    assert safety.json()["report_id"] == report.json()["id"]
    assert by_kind(safety.json()["deadlines"])["safety_assessment"]["done"] is True

    opened = api.post(
        case_url(case_id, "pre-assessment"),
        {"decided_on": today.isoformat(), "decision": "open_investigation", "reason": "Oro."},
        format="json",
    )
    assert opened.status_code == 201, opened.content
    assert opened.json()["case_status"] == "investigation"
    investigation = by_kind(opened.json()["deadlines"])["investigation"]
    assert investigation["due"] == add_months(today, 4).isoformat()
    assert investigation["done"] is False

    new_due = (add_months(today, 4) + dt.timedelta(days=30)).isoformat()
    extension = {"new_due": new_due, "reason": "Väntar på utlåtande från BUP."}
    refused = api.post(case_url(case_id, "investigation/extension"), extension, format="json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"

    extended = token_client("chef.jarva").post(
        case_url(case_id, "investigation/extension"), extension, format="json"
    )
    assert extended.status_code == 201, extended.content
    assert extended.json()["new_due"] == new_due
    assert extended.json()["decided_by"] == "chef.jarva"
    assert by_kind(extended.json()["deadlines"])["investigation"]["due"] == new_due

    decided = api.post(
        case_url(case_id, "decision"),
        {
            "decided_on": today.isoformat(),
            "outcome": "grant",
            "intervention_type": "contact-person",
            "reason": "Barnet behöver en kontaktperson.",
        },
        format="json",
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["case_status"] == "decided"
    assert decided.json()["delegation"] == "BU 3.2"
    assert by_kind(decided.json()["deadlines"])["investigation"]["done"] is True

    started = api.post(
        case_url(case_id, "interventions"),
        {
            "decision_id": decided.json()["id"],
            "started_on": today.isoformat(),
            "cost_sek": 12000,
            "provider": "Kontaktpersonsenheten",
        },
        format="json",
    )
    assert started.status_code == 201, started.content
    assert started.json()["case_status"] == "intervention"
    assert started.json()["intervention_type"] == "contact-person"

    noted = api.post(
        case_url(case_id, "journal"), {"text": "Samtal med vårdnadshavare."}, format="json"
    )
    assert noted.status_code == 201, noted.content
    assert noted.json()["author"] == "socsek.jarva"

    final = api.get(case_url(case_id)).json()
    assert final["status"] == "intervention"
    assert final["reports"][0]["safety_assessment"]["notes"] == "Inget akut skyddsbehov."
    assert [d["decision_type"] for d in final["decisions"]] == [
        "open_investigation",
        "intervention",
    ]
    assert final["interventions"][0]["cost_sek"] == 12000
    assert final["journal"][0]["text"] == "Samtal med vårdnadshavare."
    assert final["investigation"]["extensions"][0]["new_due"] == new_due
    assert all(d["done"] for d in final["deadlines"])


def test_a_second_report_joins_the_open_investigation(api, investigated_case):
    case_id = investigated_case["case_id"]
    number = investigated_case["child"]["personal_identity_number"]

    second = api.post(
        REPORTS,
        report_body(
            child={
                "personal_identity_number": number,
                "first_name": "Alva",
                "last_name": "Testsson",
            },
            reporter_type="anonymous",
        ),
        format="json",
    )

    assert second.status_code == 201, second.content
    assert second.json()["joined_investigation"] is True
    assert second.json()["case_id"] == case_id
    kinds = [d["kind"] for d in second.json()["deadlines"]]
    assert sorted(kinds) == [
        "investigation",
        "pre_assessment",
        "safety_assessment",
        "safety_assessment",
    ]
    case = api.get(case_url(case_id)).json()
    assert case["status"] == "investigation"
    assert len(case["reports"]) == 2


def test_the_safety_assessment_goes_to_the_earliest_report_still_waiting(api, new_case):
    case_id = new_case["case_id"]
    url = case_url(case_id, "safety-assessment")
    body = {"assessed_at": timezone.now().isoformat(), "immediate_protection_needed": True}

    first = api.post(url, body, format="json")
    again = api.post(url, body, format="json")

    assert first.status_code == 201
    assert first.json()["report_id"] == new_case["id"]
    assert again.status_code == 400
    assert "assessed_at" in again.json()["errors"]
