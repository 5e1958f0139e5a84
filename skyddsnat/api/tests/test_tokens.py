"""Personal API tokens: stored as digests, valid for a working day. The throttle of the token
endpoint: skyddsnat/signin/tests/test_throttle.py."""

import datetime as dt
import hashlib

from django.test import override_settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.api.models import ApiToken
from skyddsnat.api.tests.test_errors import assert_problem
from skyddsnat.audit.models import AuditEntry

TOKEN_URL = "/api/v1/auth/token/"
DEADLINES = "/api/v1/me/deadlines/"


def ask_for_token(username: str = "socsek.jarva", password: str = PASSWORD):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_only_a_digest_of_the_token_is_stored(caseworker):
    key = ask_for_token().json()["token"]

    [token] = ApiToken.objects.all()
    assert token.user == caseworker
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert key not in stored


def test_a_token_expires_after_a_working_day_by_default(caseworker):
    before = timezone.now()
    body = ask_for_token().json()

    token = ApiToken.objects.get()
    assert before <= token.created_at <= timezone.now()
    assert token.expires_at - token.created_at == dt.timedelta(hours=12)
    assert parse_datetime(body["expires_at"]) == token.expires_at


@override_settings(API_TOKEN_LIFETIME=dt.timedelta(hours=2))
def test_the_token_lifetime_is_configurable(caseworker):
    ask_for_token()

    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == dt.timedelta(hours=2)


def test_a_token_authenticates_and_records_its_last_use(caseworker):
    key = ask_for_token().json()["token"]
    assert ApiToken.objects.get().last_used_at is None

    assert bearer(key).get(DEADLINES).status_code == 200

    assert ApiToken.objects.get().last_used_at is not None


def test_an_expired_token_is_refused(caseworker):
    key = ask_for_token().json()["token"]
    # The working day has passed.
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    problem = assert_problem(bearer(key).get(DEADLINES), 401)

    assert "har gått ut" in problem["detail"]
    assert not AuditEntry.objects.filter(action="cases.case.list").exists()


def test_an_unknown_token_is_refused(caseworker):
    key = ask_for_token().json()["token"]

    assert_problem(bearer(key[:-1] + ("A" if key[-1] != "A" else "B")).get(DEADLINES), 401)
    assert_problem(bearer(hashlib.sha256(key.encode()).hexdigest()).get(DEADLINES), 401)


def test_the_token_of_a_deactivated_user_is_refused(caseworker):
    key = ask_for_token().json()["token"]
    caseworker.is_active = False
    caseworker.save()

    assert_problem(bearer(key).get(DEADLINES), 401)


def test_a_new_token_leaves_valid_tokens_and_removes_expired_ones(caseworker):
    first = ask_for_token().json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    second = ask_for_token().json()["token"]
    third = ask_for_token().json()["token"]

    assert ApiToken.objects.count() == 2
    assert_problem(bearer(first).get(DEADLINES), 401)
    assert bearer(second).get(DEADLINES).status_code == 200
    assert bearer(third).get(DEADLINES).status_code == 200
