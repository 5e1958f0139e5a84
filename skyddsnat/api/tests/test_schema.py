"""The OpenAPI schema generates cleanly and documents every endpoint of the contract."""

import pytest
from django.core.management import call_command

CONTRACT_PATHS = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/reports/": {"post"},
    "/api/v1/cases/{case_id}/": {"get"},
    "/api/v1/cases/{case_id}/safety-assessment/": {"post"},
    "/api/v1/cases/{case_id}/pre-assessment/": {"post"},
    "/api/v1/cases/{case_id}/investigation/extension/": {"post"},
    "/api/v1/cases/{case_id}/decision/": {"post"},
    "/api/v1/cases/{case_id}/interventions/": {"post"},
    "/api/v1/cases/{case_id}/journal/": {"post"},
    "/api/v1/cases/{case_id}/deadlines/{deadline_id}/done/": {"post"},
    "/api/v1/early-help/": {"get", "post"},
    "/api/v1/early-help/{early_help_id}/end/": {"post"},
    "/api/v1/me/deadlines/": {"get"},
    "/api/v1/persons/": {"get"},
    "/api/v1/audit/": {"get"},
    "/api/v1/cases/{case_id}/investigation/extension-request/": {"post"},
    "/api/v1/cases/{case_id}/referrals/": {"post"},
    "/api/v1/cases/{case_id}/guardians/": {"post"},
    "/api/v1/referrals/": {"get"},
    "/api/v1/referrals/{referral_id}/decision/": {"post"},
    "/api/v1/cases/{case_id}/person-match/": {"post"},
    # The care flow: LVU as events and placements.
    "/api/v1/cases/{case_id}/lvu/": {"get"},
    "/api/v1/cases/{case_id}/lvu/custody/": {"post"},
    "/api/v1/cases/{case_id}/lvu/custody/{custody_id}/carried-out/": {"post"},
    "/api/v1/cases/{case_id}/lvu/custody/{custody_id}/court-submission/": {"post"},
    "/api/v1/cases/{case_id}/lvu/custody/{custody_id}/application/": {"post"},
    "/api/v1/cases/{case_id}/lvu/custody/{custody_id}/extension/": {"post"},
    "/api/v1/cases/{case_id}/lvu/care/": {"post"},
    "/api/v1/cases/{case_id}/lvu/care/{intervention_id}/reviews/": {"post"},
    "/api/v1/placements/": {"post"},
    "/api/v1/placements/{placement_id}/": {"get"},
    "/api/v1/placements/{placement_id}/move/": {"post"},
    "/api/v1/placements/{placement_id}/end/": {"post"},
    "/api/v1/placements/{placement_id}/plans/": {"post"},
    "/api/v1/placements/{placement_id}/visits/": {"post"},
    "/api/v1/placements/{placement_id}/reviews/": {"post"},
    "/api/v1/placements/{placement_id}/social-worker/": {"post"},
    # Outreach and welfare crime (issue 10 points 6 and 7).
    "/api/v1/outreach/contacts/": {"post"},
    "/api/v1/welfare-crime/signals/": {"post"},
    "/api/v1/welfare-crime/signals/{signal_id}/assessment/": {"post"},
    "/api/v1/followup/outreach/": {"get"},
    "/api/v1/followup/welfare-crime/": {"get"},
    # The public e-services (issue 11): no sign-in.
    "/api/v1/public/concern-reports/": {"post"},
    "/api/v1/public/lss-applications/": {"post"},
}


def test_the_schema_generates_without_warnings(db, tmp_path):
    # --fail-on-warn turns every warning and error of drf-spectacular into a failure.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"))


@pytest.fixture
def schema(api) -> dict:
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_lists_every_contract_path_with_its_schemas(schema):
    assert schema["openapi"].startswith("3.")
    for path, methods in CONTRACT_PATHS.items():
        assert path in schema["paths"], path
        for method in methods:
            operation = schema["paths"][path][method]
            assert any(code.startswith("2") for code in operation["responses"]), path
            if method == "post":
                assert "application/json" in operation["requestBody"]["content"], path
            problems = [r for code, r in operation["responses"].items() if code[0] in "45"]
            assert problems, path
            assert all("application/problem+json" in r["content"] for r in problems), path


def test_the_schema_describes_bearer_tokens(schema):
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_the_schema_is_for_signed_in_users_only(db):
    from rest_framework.test import APIClient

    assert APIClient().get("/api/schema/").status_code == 401
