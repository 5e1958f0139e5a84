"""The shapes other tools rely on (issue 2, "Contract"), exactly."""

from django.utils import timezone

from skyddsnat.api.tests.conftest import REPORTS, case_url, report_body

DEADLINE_KEYS = {
    "id",
    "kind",
    "label",
    "due",
    "done",
    "overdue",
    "days_left",
    "citation",
    "completed_by_hand",
    "done_note",
    "days_late",
}


def test_a_created_report_has_the_contract_shape(api):
    body = report_body()

    response = api.post(REPORTS, body, format="json")

    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    report = response.json()
    assert set(report) == {
        "id",
        "case_id",
        "case_status",
        "reference",
        "child",
        "district",
        "received_at",
        "reporter_type",
        "reporter_name",
        "description",
        "joined_investigation",
        "deadlines",
        "sent_to",
        # The violence marked with the report, or null (issue 10 point 5).
        "violence",
    }
    assert set(report["child"]) == {
        "id",
        "personal_identity_number",
        "first_name",
        "last_name",
        "date_of_birth",
        "protected",
    }
    assert report["child"]["personal_identity_number"] == body["child"]["personal_identity_number"]
    assert report["district"] == "jarva"
    assert report["reporter_type"] == "professional"
    assert report["reference"].startswith("BU-")
    assert all(set(d) == DEADLINE_KEYS for d in report["deadlines"])


def test_a_ten_digit_identity_number_is_stored_in_the_twelve_digit_form(api):
    body = report_body()
    twelve = body["child"]["personal_identity_number"]
    body["child"]["personal_identity_number"] = f"{twelve[2:8]}-{twelve[8:]}"

    assert (
        api.post(REPORTS, body, format="json").json()["child"]["personal_identity_number"] == twelve
    )


def test_a_case_has_the_contract_shape(api, new_case):
    case = api.get(case_url(new_case["case_id"])).json()

    assert set(case) == {
        "id",
        "reference",
        "kind",
        "district",
        "unit",
        "status",
        "opened_at",
        "closed_at",
        "assigned_to",
        "person",
        "deadlines",
        "investigation",
        "reports",
        "decisions",
        "interventions",
        "journal",
        "guardians",
    }
    assert case["guardians"] == []
    assert case["id"] == new_case["case_id"]
    assert case["district"] == "jarva"
    assert case["status"] == "pre_assessment"
    assert case["investigation"] is None
    assert set(case["person"]) == {
        "id",
        "personal_identity_number",
        "first_name",
        "last_name",
        "date_of_birth",
        "protected",
        "protection_level",
        "identity_kind",
        "address",
        "address_protected",
    }
    deadlines = {d["kind"]: d for d in case["deadlines"]}
    assert set(deadlines) == {"safety_assessment", "pre_assessment"}
    pre = deadlines["pre_assessment"]
    assert set(pre) == DEADLINE_KEYS
    assert (pre["done"], pre["overdue"]) == (False, False)
    assert (
        pre["days_left"]
        == (timezone.datetime.fromisoformat(pre["due"]).date() - timezone.localdate()).days
    )
    assert len(pre["due"]) == 10  # YYYY-MM-DD
    assert set(case["reports"][0]) == {
        "id",
        "district",
        "received_at",
        "reporter_type",
        "reporter_name",
        "description",
        "registered_by",
        "registered_at",
        # "staff" or "eservice" (issue 11: a report from the public e-service, no registered_by).
        "channel",
        "safety_assessment",
        # The violence marked on the report, or null (issue 10 point 5).
        "violence",
    }


def test_my_deadlines_have_the_contract_shape(api, new_case):
    rows = api.get("/api/v1/me/deadlines/").json()["deadlines"]

    assert [r["kind"] for r in rows] == ["safety_assessment", "pre_assessment"]
    assert set(rows[0]) == {
        "case_id",
        "reference",
        "status",
        "kind",
        "label",
        "due",
        "done",
        "overdue",
        "days_left",
        "person",
    }
    assert rows[0]["case_id"] == new_case["case_id"]
    assert rows[0]["person"] == {"id": new_case["child"]["id"], "name": "Alva Testsson"}


def test_person_search_has_the_contract_shape(api, new_case):
    by_number = api.get("/api/v1/persons/", {"q": new_case["child"]["personal_identity_number"]})
    by_name = api.get("/api/v1/persons/", {"q": "testsson"})

    one = {"count": 1, "page": 1, "pages": 1, "next": None, "previous": None}
    assert by_number.json() == {"results": [new_case["child"]], **one}
    assert by_name.json() == {"results": [new_case["child"]], **one}
    assert new_case["child"]["protected"] is False


def test_a_short_query_finds_nothing(api, new_case):
    none = {"results": [], "count": 0, "page": 1, "pages": 1, "next": None, "previous": None}
    assert api.get("/api/v1/persons/", {"q": "A"}).json() == none
    assert api.get("/api/v1/persons/").json() == none


def test_every_token_request_issues_a_new_token_with_its_expiry(caseworker):
    from rest_framework.test import APIClient

    from conftest import PASSWORD

    credentials = {"username": "socsek.jarva", "password": PASSWORD}
    first = APIClient().post("/api/v1/auth/token/", credentials, format="json").json()
    second = APIClient().post("/api/v1/auth/token/", credentials, format="json").json()

    assert set(first) == {"token", "expires_at"}
    assert first["token"] != second["token"]
    assert len(first["token"]) >= 40
