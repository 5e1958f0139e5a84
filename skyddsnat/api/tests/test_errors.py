"""Every error is application/problem+json naming the field, and invalid input stores nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.api.tests.conftest import REPORTS, case_url, report_body, stored_rows

PROBLEM_KEYS = {"type", "title", "status", "detail", "errors"}


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == PROBLEM_KEYS
    assert body["status"] == status
    return body


def post_report_refused(api, body: dict, field: str) -> dict:
    before = stored_rows()
    response = api.post(REPORTS, body, format="json")
    problem = assert_problem(response, 400)
    assert field in problem["errors"]
    assert field in problem["detail"]
    assert stored_rows() == before
    return problem


def test_it_refuses_a_bad_identity_number_and_stores_nothing(api):
    body = report_body()
    body["child"]["personal_identity_number"] = "20140517-1235"  # wrong check digit

    problem = post_report_refused(api, body, "child.personal_identity_number")

    assert problem["title"] == "Ogiltiga uppgifter"
    assert "personnummer" in problem["errors"]["child.personal_identity_number"][0]


def test_it_refuses_a_future_received_date(api):
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    post_report_refused(api, report_body(received_at=future), "received_at")


def test_it_refuses_a_received_time_without_offset(api):
    naive = (timezone.localtime() - dt.timedelta(hours=1)).replace(tzinfo=None).isoformat()
    problem = post_report_refused(api, report_body(received_at=naive), "received_at")
    assert "UTC" in problem["errors"]["received_at"][0]


def test_it_refuses_an_unknown_district(api):
    problem = post_report_refused(api, report_body(district="atlantis"), "district")
    assert "atlantis" in problem["errors"]["district"][0]


def test_it_refuses_a_missing_field_in_swedish(api):
    body = report_body()
    del body["description"]

    problem = post_report_refused(api, body, "description")

    assert problem["errors"]["description"] == ["Det här fältet är obligatoriskt."]


def test_it_refuses_a_missing_child_name_for_a_new_child(api):
    body = report_body()
    body["child"]["first_name"] = ""
    post_report_refused(api, body, "child.first_name")


def test_it_refuses_a_malformed_json_body(api):
    before = stored_rows()
    response = api.post(REPORTS, data='{"child": {', content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["errors"] == {}
    assert "JSON" in problem["detail"]
    assert stored_rows() == before


def test_it_refuses_a_body_that_is_not_an_object(api):
    before = stored_rows()
    assert_problem(api.post(REPORTS, data="[1, 2]", content_type="application/json"), 400)
    assert stored_rows() == before


def test_it_refuses_an_oversized_body_without_parsing_it(api):
    before = stored_rows()
    body = report_body(description="x" * (300 * 1024))

    problem = assert_problem(api.post(REPORTS, body, format="json"), 413)

    assert "262144" in problem["detail"]
    assert stored_rows() == before


def test_it_refuses_a_form_encoded_body(api):
    response = api.post(REPORTS, {"district": "jarva"})
    assert_problem(response, 415)


def test_it_ignores_unknown_fields(api):
    body = report_body(colour="blue")
    body["child"]["shoe_size"] = 32
    assert api.post(REPORTS, body, format="json").status_code == 201


def test_it_answers_401_with_a_bearer_challenge_without_credentials(db):
    response = APIClient().get("/api/v1/me/deadlines/")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_answers_401_for_an_unknown_token(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer 0123456789abcdef0123456789abcdef01234567")
    assert_problem(client.get("/api/v1/me/deadlines/"), 401)


def test_it_refuses_wrong_credentials_and_issues_no_token(caseworker):
    before = stored_rows()
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "socsek.jarva", "password": PASSWORD + "x"},
        format="json",
    )
    problem = assert_problem(response, 400)
    assert problem["errors"]["non_field_errors"]
    assert stored_rows() == before


def test_it_refuses_a_token_request_without_a_password(caseworker):
    response = APIClient().post("/api/v1/auth/token/", {"username": "socsek.jarva"}, format="json")
    assert "password" in assert_problem(response, 400)["errors"]


def test_an_unknown_method_is_a_problem(api):
    assert_problem(api.get(REPORTS), 405)


def test_an_unknown_api_address_is_a_problem(api):
    assert_problem(api.get("/api/v1/no-such-thing/"), 404)
    assert "/api/v1/reports/" in assert_problem(api.post("/api/v1/reports"), 404)["detail"]


# ----- service rules answered as 400, nothing stored ----------------------------------------------


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        (
            "pre-assessment",
            {"decided_on": "2999-01-01", "decision": "open_investigation", "reason": "Oro."},
            "decided_on",
        ),
        (
            "pre-assessment",
            {"decided_on": "2024-01-01", "decision": "maybe", "reason": "x"},
            "decision",
        ),
        ("pre-assessment", {"decision": "no_investigation", "reason": "x"}, "decided_on"),
        (
            "safety-assessment",
            {"assessed_at": "2000-01-01T10:00:00+01:00", "immediate_protection_needed": False},
            "assessed_at",
        ),
        (
            "safety-assessment",
            {"assessed_at": "soon", "immediate_protection_needed": False},
            "assessed_at",
        ),
        ("journal", {"text": "   "}, "text"),
        (
            "decision",
            {
                "decided_on": "2024-01-01",
                "outcome": "grant",
                "intervention_type": "x",
                "reason": "y",
            },
            "intervention_type",
        ),
        ("interventions", {"decision_id": 999999, "started_on": "2024-01-01"}, "decision_id"),
    ],
)
def test_a_case_write_with_invalid_input_stores_nothing(api, new_case, action, body, field):
    before = stored_rows()

    problem = assert_problem(
        api.post(case_url(new_case["case_id"], action), body, format="json"), 400
    )

    assert field in problem["errors"]
    assert stored_rows() == before


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("investigation/extension", {"new_due": "2030-01-01", "reason": "x"}, "new_due"),
        (
            "decision",
            {
                "decided_on": timezone.localdate().isoformat(),
                "outcome": "grant",
                "intervention_type": "contact-person",
                "reason": "Ingen utredning pågår.",
            },
            "decided_on",
        ),
    ],
)
def test_a_case_write_that_does_not_fit_the_cases_state_answers_409_and_stores_nothing(
    api, new_case, action, body, field
):
    """No investigation is open to extend or decide: a conflict with the case as it stands."""
    before = stored_rows()

    problem = assert_problem(
        api.post(case_url(new_case["case_id"], action), body, format="json"), 409
    )

    assert field in problem["errors"]
    assert stored_rows() == before


def test_a_refused_intervention_cannot_start(api, investigated_case):
    case_id = investigated_case["case_id"]
    today = timezone.localdate().isoformat()
    refused = api.post(
        case_url(case_id, "decision"),
        {
            "decided_on": today,
            "outcome": "refuse",
            "intervention_type": "counselling",
            "reason": "Nej.",
        },
        format="json",
    ).json()
    before = stored_rows()

    response = api.post(
        case_url(case_id, "interventions"),
        {"decision_id": refused["id"], "started_on": today},
        format="json",
    )

    assert "decision_id" in assert_problem(response, 400)["errors"]
    assert stored_rows() == before


def test_a_decision_beyond_the_caseworkers_delegation_is_forbidden(api, investigated_case):
    before = stored_rows()
    response = api.post(
        case_url(investigated_case["case_id"], "decision"),
        {
            "decided_on": timezone.localdate().isoformat(),
            "outcome": "grant",
            "intervention_type": "hvb",
            "reason": "Placering behövs.",
        },
        format="json",
    )
    problem = assert_problem(response, 403)
    assert "delegation" in problem["detail"]
    assert stored_rows() == before
