"""The sign-in throttle (django-axes) counts per username AND client address: guessing from one
address locks that address out for that user, never the user from everywhere. The login page and
the token endpoint count together; the client address is the trusted-proxy logic's."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.api.models import ApiToken

LOCKED = "För många misslyckade försök"
TOKEN_URL = "/api/v1/auth/token/"


def log_in(client: Client, username: str = "socsek.jarva", password: str = PASSWORD, **meta):
    return client.post("/login/", {"username": username, "password": password}, **meta)


def fail(times: int, username: str = "socsek.jarva", **meta) -> None:
    for _ in range(times):
        response = log_in(Client(), username, PASSWORD + "x", **meta)
        assert response.status_code in (200, 429)


def ask_for_token(username: str = "socsek.jarva", password: str = PASSWORD, **meta):
    return APIClient().post(
        TOKEN_URL, {"username": username, "password": password}, format="json", **meta
    )


def test_the_right_password_logs_in(caseworker, client):
    response = log_in(client)

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(caseworker.pk)


def test_a_wrong_password_says_so_in_swedish(caseworker, client):
    response = log_in(client, password="fel")

    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()


def test_five_failures_from_one_address_refuse_even_the_right_password_there(caseworker):
    fail(5, REMOTE_ADDR="203.0.113.5")
    client = Client()

    response = log_in(client, REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "15 minuter" in page
    assert "_auth_user_id" not in client.session


def test_the_same_user_still_signs_in_from_another_address(caseworker):
    fail(5, REMOTE_ADDR="203.0.113.5")

    client = Client()
    assert log_in(client, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert client.session.get("_auth_user_id") == str(caseworker.pk)
    assert ask_for_token(REMOTE_ADDR="198.51.100.7").status_code == 200


def test_a_locked_address_may_still_sign_in_other_users(caseworker, colleague):
    fail(5, REMOTE_ADDR="203.0.113.5")

    assert log_in(Client(), "socsek2.jarva", REMOTE_ADDR="203.0.113.5").status_code == 302


def test_four_failures_still_let_the_right_password_in_and_a_success_forgets_them(caseworker):
    fail(4)
    assert log_in(Client()).status_code == 302

    fail(4)
    assert log_in(Client()).status_code == 302


def test_failures_on_the_page_and_in_the_api_count_together(caseworker):
    fail(3)
    for _ in range(2):
        assert ask_for_token(password="wrong").status_code in (400, 429)

    assert LOCKED in log_in(Client()).content.decode()
    response = ask_for_token()
    assert response.status_code == 429
    assert LOCKED in response.json()["detail"]
    assert int(response["Retry-After"]) == 15 * 60
    assert not ApiToken.objects.exists()


def test_the_lock_ignores_the_case_of_the_username(caseworker):
    fail(5, "SOCSEK.Jarva ")

    assert log_in(Client()).status_code == 429


def test_failures_for_an_unknown_username_are_throttled_too(db):
    fail(5, "ingen.sadan")

    assert ask_for_token("ingen.sadan", "whatever").status_code == 429


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_the_trusted_proxy_the_forwarded_client_address_counts(caseworker):
    via_proxy = {"REMOTE_ADDR": "10.0.0.1"}
    fail(5, **via_proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert log_in(Client(), **via_proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # Another client behind the same proxy is not locked out.
    assert log_in(Client(), **via_proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302


@pytest.mark.parametrize("spoofed", ["198.51.100.7", "10.0.0.1"])
@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.1"])
def test_a_spoofed_forwarded_header_neither_escapes_a_lock(caseworker, spoofed):
    # From an address that is no trusted proxy, X-Forwarded-For is ignored: every attempt counts
    # against the connection's own address, whatever the header says.
    for number in range(5):
        response = log_in(
            Client(),
            password="wrong",
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
        assert response.status_code in (200, 429)

    response = log_in(Client(), REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=spoofed)
    assert response.status_code == 429
