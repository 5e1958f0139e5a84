import datetime as dt

from django.urls import reverse
from rest_framework.test import APIClient

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.lss.tests.conftest import assess, grant


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_whole_flow_through_the_api(officer):
    client = api(officer)
    response = client.post(
        reverse("api-lss-applications"),
        {
            "personal_identity_number": new_identity_number(dt.date(1992, 5, 1)),
            "first_name": "Kim",
            "last_name": "Testsson",
            "is_synthetic": True,
            "district": "jarva",
            "received_on": "2024-01-10",
            "applicant_role": "person",
            "interventions": ["lss-companion", "lss-daily-activity"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [r["citation"] for r in body["requests"]] == ["LSS 9 § 3", "LSS 9 § 10"]
    application_id = body["id"]
    response = client.post(
        reverse("api-lss-eligibility", args=[application_id]),
        {"group": 3, "assessed_on": "2024-01-12", "reasoning": "Utredd."},
        format="json",
    )
    assert response.status_code == 201
    companion, daily = response.json()["requests"]
    refused = client.post(
        reverse("api-lss-decision", args=[daily["id"]]),
        {"decided_on": "2024-01-31", "outcome": "grant", "reason": "x"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert "personkrets" in refused.json()["errors"]["outcome"][0]
    response = client.post(
        reverse("api-lss-decision", args=[companion["id"]]),
        {
            "decided_on": "2024-01-31",
            "outcome": "grant",
            "reason": "Behov finns.",
            "scope_amount": "12.0",
            "scope_unit": "hours_month",
        },
        format="json",
    )
    assert response.status_code == 201
    decision = response.json()["requests"][0]["decision"]
    assert decision["implement_by"] == "2024-04-30"
    response = client.get(reverse("api-lss-to-implement"))
    assert [r["decision_id"] for r in response.json()] == [decision["id"]]
    response = client.post(
        reverse("api-lss-implementation", args=[decision["id"]]),
        {"started_on": "2024-02-10", "provider_kind": "external", "provider": "Ledsagarna AB"},
        format="json",
    )
    assert response.status_code == 201
    implementation = response.json()["requests"][0]["decision"]["implementation"]
    assert implementation["provider_kind"] == "external"
    assert AuditEntry.objects.filter(action="lss.application.read", channel="api").exists() or (
        AuditEntry.objects.filter(action="lss.application.read").exists()
    )


def test_others_get_404_and_politicians_nothing(
    officer, lss_outsider, politician, analyst, caseworker, make_application
):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    for user in (politician, analyst, caseworker):
        assert api(user).get(reverse("api-lss-applications")).status_code == 404
        assert api(user).get(reverse("api-lss-queue")).status_code == 404
    client = api(lss_outsider)
    assert client.get(reverse("api-lss-applications")).json() == []
    response = client.get(reverse("api-lss-application-detail", args=[application.pk]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    response = client.post(
        reverse("api-lss-implementation", args=[decision.pk]),
        {"started_on": "2024-02-10", "provider_kind": "own"},
        format="json",
    )
    assert response.status_code == 404


def test_an_anonymous_request_is_refused(officer):
    assert APIClient().get(reverse("api-lss-applications")).status_code == 401


def test_the_queue_lists_waiting_housing_decisions(lss_manager, make_application):
    application = make_application(lss_manager, codes=("lss-housing-adults",))
    assess(lss_manager, application)
    grant(lss_manager, application.requests.get(), scope_amount=None, scope_unit="")
    rows = api(lss_manager).get(reverse("api-lss-queue")).json()
    assert [(r["resource_kind"], r["district"]) for r in rows] == [("lss-housing-adults", "jarva")]


def test_the_lss_endpoints_are_in_the_openapi_schema(officer):
    response = api(officer).get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/lss/applications/",
        "/api/v1/lss/applications/{application_id}/",
        "/api/v1/lss/applications/{application_id}/eligibility/",
        "/api/v1/lss/requests/{request_id}/decision/",
        "/api/v1/lss/decisions/{decision_id}/implementation/",
        "/api/v1/lss/to-implement/",
        "/api/v1/lss/queue/",
    ):
        assert path in paths


def test_the_application_list_endpoint_runs_a_fixed_number_of_queries(
    officer, make_application, django_assert_max_num_queries
):
    for _ in range(5):
        application = make_application(officer, codes=("lss-companion", "lss-relief"))
        assess(officer, application)
        grant(officer, application.requests.first())
    with django_assert_max_num_queries(8):
        response = api(officer).get(reverse("api-lss-applications"))
    assert response.status_code == 200
    assert [bool(r["requests"][0]["decision"]["implement_by"]) for r in response.json()] == [
        True
    ] * 5
    [entry] = AuditEntry.objects.filter(action="lss.application.list")  # one entry for the list
    assert len(entry.case_ids) == 5
