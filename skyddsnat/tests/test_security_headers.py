"""Every answer of every URL, to every kind of user and whatever its status, carries a
Content-Security-Policy without inline script, inline style or eval, and tells browsers and proxies
not to store it (pages and API answers carry personal data)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import PASSWORD, new_identity_number
from skyddsnat.children.services import report_register
from skyddsnat.organisation.models import District


def _named_routes(patterns: list, namespace: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _named_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}{entry.name}", entry.pattern.regex.pattern))
    return found


def _addresses(case_id: int) -> list[str]:
    """Every named URL: the case ones with a real case, every other id one that does not exist
    (the refusal must carry the headers as much as the page), and two unknown addresses."""
    addresses = {"/finns-inte/", "/api/v1/finns-inte/"}
    for name, regex in _named_routes(get_resolver().url_patterns):
        kwargs: dict[str, object] = {}
        for key, group in re.findall(r"\(\?P<(\w+)>([^)]*)\)", regex):
            if re.fullmatch(r"[\w|]+", group):  # a choice of words, e.g. (csv|xlsx): the first
                kwargs[key] = group.split("|")[0]
            elif group == "[a-z-]+":  # a table name
                kwargs[key] = "equality"
            else:
                kwargs[key] = case_id if key == "case_id" else 987654
        addresses.add(reverse(name, kwargs=kwargs))
    return sorted(addresses)


def assert_secure_headers(response, where: str) -> None:
    policy = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives.get("script-src") == ["'self'"], (where, policy)
    assert directives.get("style-src") == ["'self'"], (where, policy)
    assert directives.get("default-src") == ["'self'"], (where, policy)
    assert directives.get("object-src") == ["'none'"], (where, policy)
    assert directives.get("frame-ancestors") == ["'none'"], (where, policy)
    assert "unsafe" not in policy, (where, policy)
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "no-cache", "private"} <= cache_control, (where, cache_control)
    assert response.get("Pragma") == "no-cache", where


@pytest.fixture
def case_id(caseworker) -> int:
    report = report_register(
        user=caseworker,
        personal_identity_number=new_identity_number(),
        first_name="Alva",
        last_name="Testsson",
        district=District.objects.get(slug="jarva"),
        received_at=timezone.now() - dt.timedelta(hours=1),
        reporter_type="professional",
        description="Oro.",
        is_synthetic=True,
    )
    return report.case_id


@pytest.mark.parametrize(
    "persona", ["anonymous", "caseworker", "outsider", "auditor", "politician"]
)
def test_every_url_answers_with_the_policy_and_no_store(request, persona, case_id):
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    addresses = _addresses(case_id)
    assert len(addresses) > 60
    statuses = set()
    for url in addresses:
        for method in (client.get, client.post):
            response = method(url)
            statuses.add(response.status_code)
            assert_secure_headers(response, f"{method.__name__.upper()} {url} as {persona}")
    # The walk met pages, refusals and redirects alike, not one kind of answer.
    assert len(statuses) >= 3, statuses


def test_the_api_answers_with_the_headers_to_a_token_too(caseworker, case_id):
    client = Client()
    issued = client.post(
        "/api/v1/auth/token/",
        {"username": caseworker.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert_secure_headers(issued, "token")
    token = issued.json()["token"]

    response = client.get(f"/api/v1/cases/{case_id}/", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert_secure_headers(response, "API case read")
