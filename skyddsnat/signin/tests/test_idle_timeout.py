"""A session ends after SKYDDSNAT_SESSION_IDLE_MINUTES without a request (30 by default),
sliding: each request moves the limit. Time is moved by rewriting the session's last activity,
not by waiting."""

import time

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, override_settings

from conftest import PASSWORD
from skyddsnat.signin.middleware import LAST_ACTIVITY_KEY


def signed_in(username: str = "socsek.jarva") -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def set_idle(client: Client, minutes: float) -> None:
    session = SessionStore(session_key=client.cookies["sessionid"].value)
    session[LAST_ACTIVITY_KEY] = int(time.time() - minutes * 60)
    session.save()


def test_the_default_is_thirty_minutes(settings):
    assert settings.SKYDDSNAT_SESSION_IDLE_MINUTES == 30


def test_a_session_idle_for_less_than_the_limit_goes_on(caseworker):
    client = signed_in()
    set_idle(client, 29)

    assert client.get("/").status_code == 200


def test_a_session_idle_past_the_limit_is_signed_out_with_a_notice(caseworker):
    client = signed_in()
    set_idle(client, 31)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "Du loggades ut efter 30 minuter utan aktivitet" in login_page


def test_the_api_answers_401_to_an_idle_session(caseworker):
    client = signed_in()
    set_idle(client, 31)

    assert client.get("/api/v1/me/deadlines/").status_code in (401, 403)
    assert "_auth_user_id" not in client.session


def test_each_request_moves_the_limit(caseworker):
    client = signed_in()
    set_idle(client, 20)
    assert client.get("/").status_code == 200  # writes the new last activity
    # 20 more minutes: 40 since sign-in, but only 20 since the last request.
    session = SessionStore(session_key=client.cookies["sessionid"].value)
    session[LAST_ACTIVITY_KEY] -= 20 * 60
    session.save()

    assert client.get("/").status_code == 200


@override_settings(SKYDDSNAT_SESSION_IDLE_MINUTES=5)
def test_the_limit_is_configurable(caseworker):
    client = signed_in()
    set_idle(client, 6)

    assert client.get("/").status_code == 302
