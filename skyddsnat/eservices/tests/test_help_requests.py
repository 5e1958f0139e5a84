"""The reception's side of the requests for help (issue 11): the unit lists what came in, records
that it contacted the sender and with what outcome, once, on the page and through the API."""

import pytest
from django.urls import reverse

from conftest import race
from skyddsnat.api.tests.conftest import api_for  # noqa: F401 (a fixture, used by name)
from skyddsnat.api.tests.test_races import statuses, token_client
from skyddsnat.audit.models import AuditEntry
from skyddsnat.eservices import services
from skyddsnat.eservices.models import HelpRequest


def _help(district, name="Karin Testsson") -> HelpRequest:
    receipt = services.help_submit(
        name=name,
        about="my_child",
        description="Vi behöver stöd i föräldraskapet.",
        district=district,
        phone="070-000 00 00",
    )
    return receipt.submission.help_request


def _handle_url(row: HelpRequest) -> str:
    return reverse("eservices:help-request-handle", args=[row.pk])


def _api_url(row_id: int) -> str:
    return reverse("api-help-request-handled", args=[row_id])


@pytest.mark.django_db
def test_the_reception_marks_a_request_handled_and_it_moves_to_handled(client, caseworker, jarva):
    row = _help(jarva)
    client.force_login(caseworker)
    page = client.get(reverse("eservices:help-requests")).content.decode()
    assert "Karin Testsson" in page and _handle_url(row) in page
    answer = client.post(_handle_url(row), {f"h{row.pk}-outcome": "advice"})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.outcome == "advice" and row.handled_by == caseworker and row.handled_at
    page = client.get(reverse("eservices:help-requests")).content.decode()
    assert _handle_url(row) not in page
    assert "Rådgivning given" in page
    entry = AuditEntry.objects.get(action="eservices.help_request.handle")
    assert entry.user_id == caseworker.pk and entry.detail["help_request_id"] == row.pk


@pytest.mark.django_db
def test_a_bad_outcome_or_a_second_handling_changes_nothing(client, caseworker, colleague, jarva):
    row = _help(jarva)
    client.force_login(caseworker)
    refused = client.post(_handle_url(row), {f"h{row.pk}-outcome": "=cmd|' /C calc'!A0"})
    assert refused.status_code == 400
    row.refresh_from_db()
    assert row.handled_at is None and row.outcome == ""
    assert client.post(_handle_url(row), {f"h{row.pk}-outcome": "referred"}).status_code == 302
    client.force_login(colleague)
    again = client.post(_handle_url(row), {f"h{row.pk}-outcome": "not_reached"})
    assert again.status_code == 409
    assert "redan" in again.content.decode()
    row.refresh_from_db()
    assert row.outcome == "referred" and row.handled_by == caseworker


@pytest.mark.django_db
def test_another_units_request_answers_like_a_missing_one(client, outsider, jarva):
    row = _help(jarva)
    client.force_login(outsider)
    hidden = client.post(_handle_url(row), {f"h{row.pk}-outcome": "advice"})
    missing = client.post(
        reverse("eservices:help-request-handle", args=[987654321]), {"h987654321-outcome": "advice"}
    )
    assert hidden.status_code == missing.status_code == 404
    assert "Karin" not in hidden.content.decode()
    assert "Karin" not in client.get(reverse("eservices:help-requests")).content.decode()
    row.refresh_from_db()
    assert row.handled_at is None


@pytest.mark.django_db
def test_the_api_lists_filters_and_handles(api_for, caseworker, outsider, jarva):  # noqa: F811
    first, second = _help(jarva, "Anna Alfa"), _help(jarva, "Berit Beta")
    api = api_for(caseworker)
    handled = api.post(_api_url(first.pk), {"outcome": "early_help"}, format="json")
    assert handled.status_code == 200, handled.content
    assert handled.json()["outcome"] == "early_help"
    assert handled.json()["handled_by"] == caseworker.username

    def names(query: str) -> list[str]:
        return [r["name"] for r in api.get(f"/api/v1/help-requests/{query}").json()["results"]]

    assert names("?handled=false") == ["Berit Beta"]
    assert names("?handled=true") == ["Anna Alfa"]
    assert sorted(names("")) == ["Anna Alfa", "Berit Beta"]
    assert api.get("/api/v1/help-requests/?handled=kanske").status_code == 400
    again = api.post(_api_url(first.pk), {"outcome": "advice"}, format="json")
    assert again.status_code == 409
    assert api.post(_api_url(second.pk), {"outcome": "x"}, format="json").status_code == 400
    other = api_for(outsider)
    assert other.get("/api/v1/help-requests/").json()["results"] == []
    hidden = other.post(_api_url(second.pk), {"outcome": "advice"}, format="json")
    missing = other.post(_api_url(987654321), {"outcome": "advice"}, format="json")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() | {"instance": ""} == missing.json() | {"instance": ""}
    second.refresh_from_db()
    assert second.handled_at is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_colleagues_handling_at_once_record_one(api_for, caseworker, jarva):  # noqa: F811
    row = _help(jarva)
    client = token_client(api_for, caseworker)
    clients = [client() for _ in range(6)]
    outcomes = ["advice", "referred", "not_reached", "early_help", "case_opened", "advice"]

    def handle(i):
        return clients[i].post(_api_url(row.pk), {"outcome": outcomes[i]}, format="json")

    results = race(6, handle)
    assert statuses(results) == [200] + [409] * 5
    assert AuditEntry.objects.filter(action="eservices.help_request.handle").count() == 1
    row.refresh_from_db()
    winner = next(r for r in results if r.status_code == 200)
    assert row.outcome == winner.json()["outcome"]
