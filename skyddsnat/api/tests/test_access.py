"""Who may reach what: a case a user may not see answers exactly like one that does not exist."""

import pytest
from django.test import Client
from django.utils import timezone

from skyddsnat.api.tests.conftest import REPORTS, case_url, report_body, stored_rows
from skyddsnat.people.models import Person, ProtectionLevel

NO_CASE_ACCESS = ["politician", "analyst", "auditor", "admin_user", "outsider"]
CASE_WRITES = [
    "safety-assessment",
    "pre-assessment",
    "investigation/extension",
    "decision",
    "interventions",
    "journal",
]


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
def test_a_case_the_user_may_not_see_answers_like_a_missing_one(
    request, api_for, new_case, persona
):
    client = api_for(request.getfixturevalue(persona))
    before = stored_rows()

    hidden = client.get(case_url(new_case["case_id"]))
    missing = client.get(case_url(new_case["case_id"] + 100000))

    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert hidden["Content-Type"] == "application/problem+json"
    assert stored_rows() == before


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
@pytest.mark.parametrize("action", CASE_WRITES)
def test_no_write_reaches_a_case_the_user_may_not_see(request, api_for, new_case, persona, action):
    client = api_for(request.getfixturevalue(persona))
    before = stored_rows()

    hidden = client.post(case_url(new_case["case_id"], action), {}, format="json")
    missing = client.post(case_url(new_case["case_id"] + 100000, action), {}, format="json")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert stored_rows() == before


@pytest.mark.parametrize("persona", ["politician", "analyst", "auditor", "admin_user"])
def test_roles_without_case_work_cannot_register_reports(request, api_for, persona):
    # Case work is an area these roles may not use: 404, as on the pages (cases.policy).
    client = api_for(request.getfixturevalue(persona))
    before = stored_rows()
    assert client.post(REPORTS, report_body(), format="json").status_code == 404
    assert stored_rows() == before


# What a paged list answers besides its rows when it has none.
EMPTY_PAGE = {"count": 0, "page": 1, "pages": 1, "next": None, "previous": None}


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
def test_lists_show_nothing_to_users_without_the_case(request, api_for, new_case, persona):
    client = api_for(request.getfixturevalue(persona))
    number = new_case["child"]["personal_identity_number"]

    assert client.get("/api/v1/me/deadlines/").json() == {"deadlines": [], **EMPTY_PAGE}
    assert client.get("/api/v1/persons/", {"q": number}).json() == {"results": [], **EMPTY_PAGE}
    assert client.get("/api/v1/persons/", {"q": "Alva Testsson"}).json() == {
        "results": [],
        **EMPTY_PAGE,
    }


@pytest.mark.parametrize(
    "persona", ["caseworker", "manager", "outsider", "politician", "admin_user"]
)
def test_only_the_auditor_may_search_the_audit_log(request, api_for, persona):
    response = api_for(request.getfixturevalue(persona)).get("/api/v1/audit/", {"user": "admin"})
    # A refused area answers 404, like an endpoint that does not exist (cases.policy.require).
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_manager_sees_the_units_case_and_the_colleague_too(
    api_for, manager, colleague, new_case
):
    for user in (manager, colleague):
        assert api_for(user).get(case_url(new_case["case_id"])).status_code == 200


def test_a_protected_address_is_shown_only_to_staff_with_the_need(api_for, caseworker, new_case):
    Person.objects.filter(pk=new_case["child"]["id"]).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION,
        street_address="Hemliga gatan 1",
        postal_code="16300",
        city="Stockholm",
    )

    hidden = api_for(caseworker).get(case_url(new_case["case_id"])).json()["person"]
    caseworker.may_see_protected_addresses = True
    caseworker.save()
    shown = api_for(caseworker).get(case_url(new_case["case_id"])).json()["person"]

    assert hidden["address"] is None
    assert hidden["address_protected"] is True
    assert "Hemliga" not in str(hidden)
    assert shown["address"] == {
        "street_address": "Hemliga gatan 1",
        "postal_code": "16300",
        "city": "Stockholm",
    }
    assert shown["address_protected"] is False


def test_search_results_never_carry_an_address(api, new_case):
    Person.objects.filter(pk=new_case["child"]["id"]).update(street_address="Synliga vägen 2")

    results = api.get("/api/v1/persons/", {"q": "Alva"}).json()["results"]

    assert [r["id"] for r in results] == [new_case["child"]["id"]]
    assert "Synliga" not in str(results)


def test_session_authentication_works_and_enforces_csrf(caseworker, new_case):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(caseworker)
    url = case_url(new_case["case_id"], "journal")

    assert browser.get(case_url(new_case["case_id"])).status_code == 200
    without_token = browser.post(url, {"text": "Utan CSRF."}, content_type="application/json")
    browser.cookies["csrftoken"] = "a" * 32
    with_token = browser.post(
        url, {"text": "Med CSRF."}, content_type="application/json", HTTP_X_CSRFTOKEN="a" * 32
    )

    assert without_token.status_code == 403
    assert without_token["Content-Type"] == "application/problem+json"
    assert with_token.status_code == 201


def test_a_caseworker_may_not_extend_an_investigation(api, investigated_case):
    before = stored_rows()
    response = api.post(
        case_url(investigated_case["case_id"], "investigation/extension"),
        {
            "new_due": (
                timezone.localdate().replace(year=timezone.localdate().year + 1)
            ).isoformat(),
            "reason": "Skäl.",
        },
        format="json",
    )
    assert response.status_code == 403
    assert stored_rows() == before


def leaves(value):
    """Every scalar in a decoded JSON answer."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]


def test_a_report_filed_with_another_district_tells_nothing_of_its_case(
    api_for, outsider, investigated_case
):
    number = investigated_case["child"]["personal_identity_number"]
    body = report_body(
        child={"personal_identity_number": number, "first_name": "Okänd", "last_name": "Okänd"}
    )

    response = api_for(outsider).post(REPORTS, body, format="json")

    assert response.status_code == 201, response.content
    report = response.json()
    assert (report["id"], report["case_id"], report["reference"], report["child"]["id"]) == (
        None,
        None,
        None,
        None,
    )
    assert (report["joined_investigation"], report["case_status"], report["deadlines"]) == (
        None,
        None,
        [],
    )
    assert report["sent_to"] == "Barn och unga, Järva"
    assert report["child"]["first_name"] == "Okänd"
    assert report["child"]["protected"] is None
    assert "Testsson" not in response.content.decode()
    case_id = investigated_case["case_id"]
    assert not [value for value in leaves(report) if value in (case_id, str(case_id))]
