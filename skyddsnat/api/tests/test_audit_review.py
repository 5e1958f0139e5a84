"""GET /api/v1/audit/review/: the log review for the auditor."""

import pytest

from skyddsnat.cases.selectors import case_detail

REVIEW = "/api/v1/audit/review/"


@pytest.fixture(autouse=True)
def whole_day_is_working_time(settings):
    settings.SKYDDSNAT_REVIEW_WORKDAY_START = 0
    settings.SKYDDSNAT_REVIEW_WORKDAY_END = 24


def test_the_auditor_gets_the_flagged_reads(api_for, auditor, caseworker, colleague, make_report):
    report = make_report(caseworker)
    case_detail(user=colleague, case_id=report.case_id)
    response = api_for(auditor).get(REVIEW)
    assert response.status_code == 200
    [entry] = response.json()["entries"]
    assert {k: entry[k] for k in ("user", "action", "person_id", "case_id", "reason")} == {
        "user": "socsek2.jarva",
        "action": "cases.case.read",
        "person_id": report.child.pk,
        "case_id": report.case_id,
        "reason": "not_own_case",
    }


def test_a_bad_date_is_a_problem(api_for, auditor):
    response = api_for(auditor).get(REVIEW, {"from": "2026-13-01"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "from" in response.json()["errors"]


def test_a_reversed_period_is_a_problem(api_for, auditor):
    response = api_for(auditor).get(REVIEW, {"from": "2026-05-02", "to": "2026-05-01"})
    assert response.status_code == 400
    assert "to" in response.json()["errors"]


@pytest.mark.parametrize("persona", ["caseworker", "manager", "politician", "analyst"])
def test_only_the_auditor_may_review(request, api_for, persona):
    # A refused area answers 404, like an endpoint that does not exist (cases.policy.require).
    assert api_for(request.getfixturevalue(persona)).get(REVIEW).status_code == 404
