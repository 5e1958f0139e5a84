"""A citizen's access token on the public API (`current_citizen` with `Authorization: Bearer`),
checked against the real local provider by token introspection: the citizen client's own active
token gives the citizen with their number; another client's token, an expired one and garbage
give nobody. The answer is cached (by the token's hash) for a short while."""

import datetime as dt
import re
import secrets
import subprocess
import sys
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory

from conftest import new_identity_number
from skyddsnat.eservices.identity import current_citizen
from skyddsnat.eservices.tests.conftest import (
    CALLBACK,
    CLIENT_ID,
    CLIENT_SECRET,
    IDP_PASSWORD,
    unique_username,
)

OTHER_ID = "another-service"
OTHER_SECRET = "another-service-secret"  # noqa: S105
OTHER_CALLBACK = "http://other.example/callback"


def access_token(provider, username: str, client_id: str, secret: str, redirect: str) -> str:
    """The code flow at the provider, as a client would run it: the access token."""
    browser = requests.Session()
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect,
            "response_type": "code",
            "scope": "openid profile personal_identity_number",
            "state": secrets.token_hex(8),
            "nonce": secrets.token_hex(8),
        }
    )
    page = browser.get(f"{provider.issuer}/authorize/?{query}", timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": csrf,
            "username": username,
            "password": IDP_PASSWORD,
            "next": re.search(r'name="next" value="([^"]*)"', page.text)
            .group(1)
            .replace("&amp;", "&"),
        },
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=10,
    )
    while not answer.headers["Location"].startswith(redirect):
        answer = browser.get(
            requests.compat.urljoin(answer.url, answer.headers["Location"]),
            allow_redirects=False,
            timeout=10,
        )
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    tokens = requests.post(
        f"{provider.issuer}/token/",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect},
        auth=(client_id, secret),
        timeout=10,
    )
    assert tokens.status_code == 200, tokens.text
    return tokens.json()["access_token"]


def expire_at_the_provider(provider, token: str) -> None:
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-c",
            "import django, datetime; django.setup();"
            "from django.utils import timezone;"
            "from oidc_provider.models import Token;"
            f"Token.objects.filter(access_token={token!r})"
            ".update(expires_at=timezone.now() - datetime.timedelta(minutes=1))",
        ],
        env=provider.env,
        check=True,
        capture_output=True,
    )


def request_with(token: str):
    request = RequestFactory().post(
        "/api/v1/public/lss-applications/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    request.user = AnonymousUser()
    return request


@pytest.fixture
def citizen_with_number(citizen_oidc):
    number = new_identity_number(dt.date(1988, 8, 8))
    username = unique_username("token")
    citizen_oidc.add_user(username, IDP_PASSWORD, personal_identity_number=number)
    return username, number


def test_the_citizen_clients_token_gives_the_citizen(citizen_oidc, citizen_with_number):
    username, number = citizen_with_number
    token = access_token(citizen_oidc, username, CLIENT_ID, CLIENT_SECRET, CALLBACK)

    citizen = current_citizen(request_with(token))

    assert citizen is not None
    assert citizen.subject == citizen_oidc.sub_for(username)
    assert citizen.personal_identity_number == number


def test_another_clients_token_is_refused(citizen_oidc, citizen_with_number):
    username, _number = citizen_with_number
    citizen_oidc.add_client(
        OTHER_ID,
        OTHER_SECRET,
        [OTHER_CALLBACK],
        scope=["openid", "profile", "personal_identity_number"],
    )
    token = access_token(citizen_oidc, username, OTHER_ID, OTHER_SECRET, OTHER_CALLBACK)

    assert current_citizen(request_with(token)) is None


def test_an_expired_token_is_refused_once_the_cache_has_let_it_go(
    citizen_oidc, citizen_with_number
):
    username, _number = citizen_with_number
    token = access_token(citizen_oidc, username, CLIENT_ID, CLIENT_SECRET, CALLBACK)
    assert current_citizen(request_with(token)) is not None
    expire_at_the_provider(citizen_oidc, token)

    # Within the cache's minute the answer stands without asking the provider again ...
    assert current_citizen(request_with(token)) is not None
    cache.clear()
    # ... and then the provider's word counts.
    assert current_citizen(request_with(token)) is None


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", "a" * 5000, "abc\x00def", secrets.token_hex(16)],
    # Named ids: the random token differs between xdist workers.
    ids=["empty", "text", "long", "nul", "random"],
)
def test_garbage_tokens_give_nobody(citizen_oidc, db, token):
    assert current_citizen(request_with(token)) is None


def test_without_configuration_no_token_is_asked_about(db, settings):
    settings.SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL = ""
    assert current_citizen(request_with(secrets.token_hex(16))) is None
