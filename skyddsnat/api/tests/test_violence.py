"""Violence in a report through the API (issue 10 point 5): `violence` on `POST /api/v1/reports/`
and `POST /api/v1/cases/{id}/reports/{id}/violence/`; the investigation opens at once when the
child was exposed to or witnessed violence; odd input stores nothing; two markings at once give
one (a real race against PostgreSQL)."""

import pytest
from django.utils import timezone

from conftest import race
from skyddsnat.api.tests.conftest import REPORTS, case_url, report_body, stored_rows
from skyddsnat.api.tests.test_races import statuses, token_client
from skyddsnat.cases.models import CaseStatus, Decision, Investigation
from skyddsnat.children.models import ReportViolence
from skyddsnat.organisation.models import DecisionType

VIOLENCE = {"kinds": ["physical", "honour"], "child_exposed": True}


def test_a_report_with_violence_against_the_child_opens_the_investigation(api):
    response = api.post(REPORTS, report_body(violence=VIOLENCE), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case_status"] == CaseStatus.INVESTIGATION
    assert body["joined_investigation"] is False
    assert body["violence"] == {
        "kinds": ["physical", "honour"],
        "child_exposed": True,
        "child_witnessed": False,
        "investigation_opened": True,
    }
    assert "investigation" in {d["kind"] for d in body["deadlines"]}
    case = api.get(case_url(body["case_id"])).json()
    assert case["reports"][0]["violence"]["kinds"] == ["physical", "honour"]
    assert case["investigation"]["opened_on"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    "violence",
    [
        {"kinds": ["punching"], "child_exposed": True},
        {"kinds": [], "child_exposed": True},
        {"kinds": "physical"},
        {"kinds": ["physical"], "child_exposed": "kanske"},
        {"kinds": ["physical\u0000"]},
    ],
)
def test_odd_violence_answers_400_naming_the_field_and_stores_nothing(api, violence):
    before = stored_rows()
    response = api.post(REPORTS, report_body(violence=violence), format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert any(field.startswith("violence") for field in response.json()["errors"])
    assert stored_rows() == before


@pytest.mark.django_db
def test_a_report_is_marked_afterwards_and_only_once(api, new_case):
    case_id = new_case["case_id"]
    url = case_url(case_id, f"reports/{new_case['id']}/violence")
    response = api.post(url, {"kinds": ["neglect"], "child_witnessed": True}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["investigation_opened"] is True
    assert response.json()["rule"] == "child-witnessed"
    assert response.json()["case_status"] == CaseStatus.INVESTIGATION
    again = api.post(url, {"kinds": ["physical"], "child_exposed": True}, format="json")
    assert again.status_code == 409
    assert again.json()["errors"]["kinds"]


def test_a_report_of_another_case_or_district_is_404(api, api_for, outsider, new_case):
    url = case_url(new_case["case_id"], f"reports/{new_case['id']}/violence")
    response = api_for(outsider).post(url, {"kinds": ["physical"]}, format="json")
    assert response.status_code == 404
    other = api.post(REPORTS, report_body(), format="json").json()
    wrong = case_url(new_case["case_id"], f"reports/{other['id']}/violence")
    assert api.post(wrong, {"kinds": ["physical"]}, format="json").status_code == 404
    assert not ReportViolence.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_markings_open_one_investigation(api_for, caseworker):
    client = token_client(api_for, caseworker)
    created = client().post(REPORTS, report_body(), format="json").json()
    url = case_url(created["case_id"], f"reports/{created['id']}/violence")

    def mark(i: int):
        body = {"kinds": ["physical"], "child_exposed": True, "child_witnessed": bool(i % 2)}
        return client().post(url, body, format="json")

    results = race(6, mark)
    assert statuses(results) == [201] + [409] * 5, [r.content for r in results]
    assert ReportViolence.objects.count() == 1
    assert Investigation.objects.filter(case_id=created["case_id"]).count() == 1
    assert (
        Decision.objects.filter(
            case_id=created["case_id"], decision_type=DecisionType.OPEN_INVESTIGATION
        ).count()
        == 1
    )
