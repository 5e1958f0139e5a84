"""The login page slows down password guessing: five failures for a username lock it for a while."""

from django.test import Client

from conftest import PASSWORD

LOCKED = "För många misslyckade försök"


def log_in(client: Client, username: str = "socsek.jarva", password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def fail(client: Client, times: int, username: str = "socsek.jarva") -> None:
    for _ in range(times):
        response = log_in(client, username, PASSWORD + "x")
        assert response.status_code == 200
        assert "Fel användarnamn eller lösenord" in response.content.decode()


def test_the_right_password_logs_in(caseworker, client):
    response = log_in(client)

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(caseworker.pk)


def test_five_failures_refuse_even_the_right_password_in_swedish(caseworker, client):
    fail(client, 5)

    response = log_in(client)

    assert response.status_code == 200
    page = response.content.decode()
    assert LOCKED in page
    assert "15 minuter" in page
    assert "_auth_user_id" not in client.session


def test_a_success_forgets_the_earlier_failures(caseworker, client):
    fail(client, 4)
    assert log_in(client).status_code == 302
    client.logout()

    fail(client, 4)
    assert log_in(client).status_code == 302


def test_a_locked_username_does_not_lock_other_usernames(caseworker, colleague, client):
    fail(client, 5)

    assert log_in(client, "socsek2.jarva").status_code == 302


def test_failures_on_the_page_and_in_the_api_count_together(caseworker, client):
    from rest_framework.test import APIClient

    fail(client, 3)
    for _ in range(2):
        APIClient().post(
            "/api/v1/auth/token/",
            {"username": "socsek.jarva", "password": "wrong"},
            format="json",
        )

    assert LOCKED in log_in(client).content.decode()
