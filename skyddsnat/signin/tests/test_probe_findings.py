"""Regression tests for what the probe of the sign-in found (one test per finding)."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.audit.models import AuditEntry
from skyddsnat.signin import oidc
from skyddsnat.signin.tests.test_second_factor import VERIFY, code_for, signed_in_with_password


def test_wrong_codes_on_the_code_page_count_for_the_throttle(auditor):
    """Finding: the throttle's contract says the second-factor code counts like the password and
    the token endpoint's code do, but wrong codes on the web's code page were never counted:
    after five of them, the password sign-in from that address was still open."""
    client = signed_in_with_password("granskare")
    device = TOTPDevice.objects.get(user=auditor)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    statuses = []
    for _ in range(5):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        statuses.append(client.post(VERIFY, {"code": wrong}).status_code)

    assert statuses[:4] == [400] * 4
    assert statuses[4] == 429
    other = Client()
    locked = other.post("/login/", {"username": "granskare", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in other.session


@pytest.mark.parametrize("flag", [False, "false", "False", " FALSE "])
def test_an_e_mail_the_provider_says_is_unverified_names_nobody(caseworker, settings, flag):
    """Finding: the e-mail claim was refused only when `email_verified` was the JSON value
    false; a provider that sends it as the string "false" signed anyone who could set that
    address at the provider in as the staff member (an admin or auditor then owes no code)."""
    settings.SKYDDSNAT_OIDC_USER_CLAIM = "email"
    caseworker.email = "sara.ek@kommun.example"
    caseworker.save()

    assert oidc.user_for_claims({"email": "sara.ek@kommun.example", "email_verified": flag}) is None
    assert oidc.user_for_claims({"email": "sara.ek@kommun.example", "email_verified": True}) == (
        caseworker
    )
    assert oidc.user_for_claims({"email": "sara.ek@kommun.example"}) == caseworker


def test_a_wrong_code_at_the_token_endpoint_is_logged_as_on_the_web(auditor):
    """Finding: a wrong second-factor code on the web's code page is logged
    (`signin.second_factor.failed`), one sent to the token endpoint was not: the auditor saw
    guessed codes on the web only."""
    device = TOTPDevice.objects.get(user=auditor)
    wrong = "000000" if code_for(device) != "000000" else "111111"

    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": "granskare", "password": PASSWORD, "otp": wrong},
        format="json",
    )

    assert response.status_code == 400
    assert "otp" in response.json()["errors"]
    entry = AuditEntry.objects.get(action="signin.second_factor.failed", user_id=auditor.pk)
    assert entry.detail.get("via") == "api"


@pytest.mark.parametrize("value", ["sara\x00@kommun.example", "sara@kommun.example\x1b", 42])
def test_a_claim_with_control_characters_names_nobody_and_raises_nothing(caseworker, value):
    """Finding: a NUL in the provider's claim reached the database lookup, which PostgreSQL
    refuses (DataError): the callback answered 500 instead of the Swedish refusal."""
    caseworker.email = "sara@kommun.example"
    caseworker.save()

    assert oidc.user_for_claims({"email": value, "email_verified": True}) is None
    assert oidc.claim_value({"email": value}) == ""


@pytest.mark.parametrize(
    ("userinfo", "believed"),
    [
        ({"sub": "abc", "email": "sara.ek@kommun.example"}, True),
        ({"sub": "xyz", "email": "sara.ek@kommun.example"}, False),
        ({"email": "sara.ek@kommun.example"}, False),
    ],
    ids=["same subject", "another subject", "no subject"],
)
def test_a_userinfo_answer_about_another_subject_is_not_used(userinfo, believed):
    """OIDC Core 5.3.2: the userinfo answer completes the ID token's claims only when its `sub`
    is the ID token's; otherwise it could sign the caller in as any employee by e-mail."""
    id_token = {"sub": "abc", "email_verified": True}
    if believed:
        assert oidc.with_userinfo(id_token, userinfo)["email"] == "sara.ek@kommun.example"
    else:
        with pytest.raises(ValueError):
            oidc.with_userinfo(id_token, userinfo)
