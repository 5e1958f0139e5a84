"""API tokens listed and revoked, by their owner (page "Mina API-nycklar" and the API) and by the
administrator (everyone's). A revoked token answers 401 at once; revoking is audited; the token
itself is never shown again."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from conftest import PASSWORD, race
from skyddsnat.api.models import ApiToken
from skyddsnat.api.services import token_issue
from skyddsnat.audit.models import AuditEntry

DEADLINES = "/api/v1/me/deadlines/"
TOKENS = "/api/v1/auth/tokens/"


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_lists_their_tokens_without_the_token_itself(caseworker, colleague):
    mine = token_issue(user=caseworker)
    token_issue(user=colleague)

    response = bearer(mine.key).get(TOKENS)

    assert response.status_code == 200
    [listed] = response.json()
    assert listed["id"] == mine.token.pk
    assert listed["prefix"] == mine.key[:8]
    assert listed["username"] == "socsek.jarva"
    assert mine.key not in response.content.decode()


def test_the_owner_revokes_a_token_and_it_answers_401_at_once(caseworker):
    kept = token_issue(user=caseworker)
    revoked = token_issue(user=caseworker)
    assert bearer(revoked.key).get(DEADLINES).status_code == 200

    response = bearer(kept.key).delete(f"{TOKENS}{revoked.token.pk}/")

    assert response.status_code == 204
    assert bearer(revoked.key).get(DEADLINES).status_code == 401
    assert bearer(kept.key).get(DEADLINES).status_code == 200
    entry = AuditEntry.objects.get(action="api.token.revoke")
    assert entry.user_id == caseworker.pk
    assert entry.detail["prefix"] == revoked.key[:8]
    assert entry.detail["owner"] == caseworker.pk


def test_someone_elses_token_answers_404_like_a_missing_one(caseworker, colleague):
    mine = token_issue(user=caseworker)
    theirs = token_issue(user=colleague)

    other = bearer(mine.key).delete(f"{TOKENS}{theirs.token.pk}/")
    missing = bearer(mine.key).delete(f"{TOKENS}{theirs.token.pk + 1000}/")

    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert bearer(theirs.key).get(DEADLINES).status_code == 200
    assert not AuditEntry.objects.filter(action="api.token.revoke").exists()


def test_the_admin_lists_and_revokes_everyones_tokens(admin_user, caseworker):
    theirs = token_issue(user=caseworker)
    client = APIClient()
    client.force_authenticate(admin_user)

    listed = client.get(TOKENS).json()
    assert [t["username"] for t in listed] == ["socsek.jarva"]

    assert client.delete(f"{TOKENS}{theirs.token.pk}/").status_code == 204
    assert bearer(theirs.key).get(DEADLINES).status_code == 401


def test_the_page_lists_my_tokens_and_revokes_one(caseworker, colleague):
    mine = token_issue(user=caseworker)
    theirs = token_issue(user=colleague)
    client = page_client(caseworker)

    page = client.get("/api-nycklar/").content.decode()
    assert "Mina API-nycklar" in page
    assert mine.key[:8] in page
    assert theirs.key[:8] not in page
    assert mine.key not in page

    response = client.post(f"/api-nycklar/{mine.token.pk}/aterkalla/")
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=mine.token.pk).exists()
    assert "återkallades" in client.get("/api-nycklar/").content.decode()
    assert client.post(f"/api-nycklar/{theirs.token.pk}/aterkalla/").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.token.pk).exists()


def test_only_the_admin_sees_everyones_tokens_page(admin_user, caseworker, auditor):
    token = token_issue(user=caseworker)

    page = page_client(admin_user).get("/api-nycklar/alla/")
    assert page.status_code == 200
    assert token.key[:8] in page.content.decode()
    assert "socsek.jarva" in page.content.decode()
    assert page_client(caseworker).get("/api-nycklar/alla/").status_code == 404
    assert page_client(auditor).get("/api-nycklar/alla/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_token_revoked_at_once_from_many_requests_is_revoked_once(caseworker):
    target = token_issue(user=caseworker)
    keys = [token_issue(user=caseworker).key for _ in range(6)]

    results = race(6, lambda i: bearer(keys[i]).delete(f"{TOKENS}{target.token.pk}/").status_code)

    assert sorted(results) == [204] + [404] * 5
    assert AuditEntry.objects.filter(action="api.token.revoke").count() == 1


def test_signing_in_with_a_password_never_shows_an_old_token(caseworker):
    issued = token_issue(user=caseworker)
    client = Client()
    client.post("/login/", {"username": "socsek.jarva", "password": PASSWORD})

    assert issued.key not in client.get("/api-nycklar/").content.decode()
