"""Odd input answers 4xx, never 5xx (issue 7, point 5): NUL bytes and broken UTF-8 in addresses,
query strings and forms, JSON nested 40,000 levels deep, numbers past 64 bits or past a float,
unknown API addresses (any method, with or without a CSRF token) and every page of the app."""

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from skyddsnat.api.parsers import MAX_DEPTH, nesting_exceeds
from skyddsnat.api.tests.conftest import REPORTS, case_url, report_body, stored_rows

pytestmark = pytest.mark.django_db

ODD_QUERIES = ["q=%00", "q=abc%00def", "user=%00", "q=%FF%FE", "q=%C3%28", "person=%ED%A0%80"]


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    return body


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_the_person_search_refuses_a_nul_or_broken_utf8_query(api, query):
    assert_problem(api.get(f"/api/v1/persons/?{query}"), 400)


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_the_audit_search_refuses_a_nul_or_broken_utf8_query(api_for, auditor, query):
    assert_problem(api_for(auditor).get(f"/api/v1/audit/?{query}"), 400)


def test_a_nul_in_the_api_path_is_refused(api):
    assert api.get("/api/v1/persons%00/").status_code == 400


def test_a_body_that_is_not_utf8_is_refused(api):
    before = stored_rows()
    response = api.post(
        REPORTS, data=b'{"description": "\xff\xfe"}', content_type="application/json"
    )
    assert_problem(response, 400)
    assert stored_rows() == before


def test_a_body_nested_40000_levels_is_refused_without_parsing_it(api):
    body = "[" * 40_000 + "]" * 40_000
    response = api.post(REPORTS, data=body, content_type="application/json")
    assert "32" in assert_problem(response, 400)["detail"]
    deep_object = '{"a":' * 5_000 + "1" + "}" * 5_000
    assert_problem(api.post(REPORTS, data=deep_object, content_type="application/json"), 400)


def test_the_depth_limit_counts_brackets_in_strings_as_text():
    assert not nesting_exceeds(json.dumps({"description": "[" * 1000}))
    assert not nesting_exceeds("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert nesting_exceeds("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


@pytest.mark.parametrize(
    "number", ["1e999", "-1e999", str(2**64), str(-(2**64)), "9" * 5000, "1" + "0" * 30]
)
def test_huge_numbers_are_refused(api, investigated_case, number):
    body = f'{{"decision_id": {number}, "started_on": "2025-01-01", "cost_sek": {number}}}'
    response = api.post(
        case_url(investigated_case["case_id"], "interventions"),
        data=body,
        content_type="application/json",
    )
    assert_problem(response, 400)


def test_a_huge_id_in_the_address_answers_404(api):
    assert_problem(api.get(f"/api/v1/cases/{2**70}/"), 404)
    assert_problem(api.post(f"/api/v1/early-help/{10**30}/end/", {}, format="json"), 404)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_an_unknown_api_address_answers_a_404_problem_for_every_method(caseworker, method):
    # A session without a CSRF token: the unknown address must not answer Django's CSRF page.
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    send = getattr(client, method)
    if method == "get":
        response = send("/api/v1/no-such-thing/")
    else:
        response = send("/api/v1/no-such-thing/", data="{}", content_type="application/json")
    assert_problem(response, 404)
    anonymous = Client(enforce_csrf_checks=True)
    assert_problem(getattr(anonymous, method)("/api/v2/reports/"), 404)


def test_a_session_write_without_csrf_token_to_a_real_endpoint_is_a_403_problem(caseworker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    response = client.post(REPORTS, data=report_body(), content_type="application/json")
    assert_problem(response, 403)


# ----- every page ---------------------------------------------------------------------------------


def _addresses(patterns: list, prefix: str = "") -> list[str]:
    """Every URL pattern as an address, its keywords filled with a plausible value: the input
    check runs before any view, so the value only has to match the pattern."""
    found: list[str] = []
    for entry in patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _addresses(entry.url_patterns, prefix + pattern)
        elif isinstance(entry, URLPattern):
            address = prefix + pattern
            for converter, value in (("<int:", "1"), ("<slug:", "x"), ("<str:", "x")):
                while converter in address:
                    start = address.index(converter)
                    address = address[:start] + value + address[address.index(">", start) + 1 :]
            if address.startswith("^") or "(?P<" in address:
                address = prefix + "x/"
            found.append("/" + address)
    return sorted(set(found))


PAGES = _addresses(get_resolver().url_patterns)


def test_the_walk_finds_the_pages():
    assert "/barn/anmalan/ny/" in PAGES
    assert "/logg/" in PAGES
    assert len(PAGES) > 40


@pytest.mark.parametrize("query", ["q=%00", "user=x%00y", "q=%FF", "status=%C0%80"])
def test_every_page_answers_4xx_to_a_nul_or_broken_utf8_query(client, auditor, caseworker, query):
    for user in (caseworker, auditor):
        client.force_login(user)
        for page in PAGES:
            response = client.get(f"{page}?{query}")
            assert 400 <= response.status_code < 500, (page, query, response.status_code)


def test_every_page_answers_4xx_to_a_nul_in_a_posted_form(client, caseworker):
    client.force_login(caseworker)
    for page in PAGES:
        response = client.post(
            page,
            data="first_name=Al%00va&q=%00&description=%FF",
            content_type="application/x-www-form-urlencoded",
        )
        assert 400 <= response.status_code < 500, (page, response.status_code)


@pytest.mark.parametrize("page", ["null", "0", "-1", "abc", "1\u0661", "9" * 12])
def test_a_paged_list_refuses_a_page_that_is_not_a_number_from_1(api, page):
    response = api.get("/api/v1/me/deadlines/", {"page": page})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "page" in response.json()["errors"]
