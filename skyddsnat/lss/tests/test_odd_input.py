"""Odd parameters on the LSS and follow-up pages and API answer 400 or 404, never 500."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

PAGES = [
    ("lss-ivo-report", "year=abc&quarter=1"),
    ("lss-ivo-report", "year=99999&quarter=4"),
    ("lss-ivo-report", "year=2024&quarter=9"),
    ("lss-october-statistics", "year=abc"),
    ("lss-october-statistics", "year=99999"),
    ("lss-october-statistics", "year=0"),
    ("lss-october-statistics", "year=-5"),
    ("lss-followup", "from=2024-13-01"),
    ("lss-followup", "from=2024-05-01&to=2024-01-01"),
    ("lss-followup", "from=0001-01-01&to=9999-12-31"),
    ("lss-followup", "from=9999-12-31&to=9999-12-31"),
    ("lss-queue", "resource_kind=nothing"),
    ("lss-application-list", "page=abc"),
    ("followup-equality", "from=2024-13-01"),
    ("followup-equality", "from=2024-05-01&to=2024-01-01"),
    ("followup-equality", "from=9999-12-31&to=9999-12-31"),
    ("followup-equality", "from=0001-01-01&to=0001-01-02"),
    ("followup-budget", "year=abc"),
    ("followup-budget", "year=99999"),
    ("followup-statistics", "year=abc"),
]


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_odd_page_parameters_never_cause_a_server_error(client, lss_manager, manager, name, query):
    client.force_login(lss_manager if name.startswith("lss") else manager)
    response = client.get(f"{reverse(name)}?{query}")
    assert response.status_code < 500


EXPORTS = [
    ("followup-export", {"name": "ongoing", "fmt": "csv"}, "on=2024-99-01"),
    ("followup-export", {"name": "ongoing", "fmt": "csv"}, "on=9999-12-31"),
    ("followup-export", {"name": "register", "fmt": "csv"}, "year=99999"),
    ("followup-export", {"name": "budget", "fmt": "csv"}, "year=x"),
    ("followup-export", {"name": "equality", "fmt": "csv"}, "from=2024-05-01&to=2024-01-01"),
    ("followup-export", {"name": "nothing", "fmt": "csv"}, ""),
    ("lss-followup-export", {"table": "queue", "fmt": "csv"}, "from=x"),
    ("lss-followup-export", {"table": "decisions", "fmt": "csv"}, "from=9999-12-31"),
]


@pytest.mark.parametrize(("name", "kwargs", "query"), EXPORTS)
def test_odd_export_parameters_never_cause_a_server_error(
    client, lss_manager, manager, name, kwargs, query
):
    client.force_login(lss_manager if name.startswith("lss") else manager)
    response = client.get(f"{reverse(name, kwargs=kwargs)}?{query}")
    assert response.status_code < 500


API = [
    ("api-lss-queue", "resource_kind=nothing"),
    ("api-followup-reaction-times", "from=2024-13-01"),
    ("api-followup-reaction-times", "from=2024-05-01&to=2024-01-01"),
    ("api-followup-reaction-times", "from=9999-12-31&to=9999-12-31"),
    ("api-followup-reaction-times", "by=nothing"),
    ("api-followup-budget", "year=abc"),
    ("api-followup-budget", "year=99999"),
]


@pytest.mark.parametrize(("name", "query"), API)
def test_odd_api_parameters_answer_a_client_error(lss_manager, manager, name, query):
    client = APIClient()
    client.force_authenticate(lss_manager if "lss" in name else manager)
    response = client.get(f"{reverse(name)}?{query}")
    assert 400 <= response.status_code < 500
