"""Two-step sign-in (TOTP, django-otp): required for the admin and the auditor, optional for the
others. Codes are computed here with the library, as an authenticator app does."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from conftest import PASSWORD, make_user, race
from skyddsnat.api.models import ApiToken
from skyddsnat.audit.models import AuditEntry
from skyddsnat.organisation.models import Role

VERIFY = "/inloggning/kod/"
ENROL = "/inloggning/tvastegs/"


def code_for(device: TOTPDevice, *, step_offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + step_offset * device.step
    return f"{totp.token():06d}"


def signed_in_with_password(username: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_admin_is_asked_for_the_code_and_reaches_nothing_before_it(admin_user):
    client = signed_in_with_password("admin")

    start = client.get("/")
    assert start.status_code == 302
    assert start["Location"].startswith(VERIFY)
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/me/deadlines/").status_code == 401
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert "Tvåstegsinloggning" in page.content.decode()


def test_the_right_code_opens_the_session(admin_user):
    client = signed_in_with_password("admin")
    device = TOTPDevice.objects.get(user=admin_user)

    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert AuditEntry.objects.filter(
        user_id=admin_user.pk, action="signin.second_factor.verified"
    ).exists()


def test_a_wrong_code_is_refused_in_swedish(auditor):
    client = signed_in_with_password("granskare")
    device = TOTPDevice.objects.get(user=auditor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})

    assert response.status_code == 400
    assert "Koden är fel" in response.content.decode()
    assert client.get("/logg/").status_code == 302
    assert AuditEntry.objects.filter(
        user_id=auditor.pk, action="signin.second_factor.failed"
    ).exists()


@pytest.mark.parametrize("code", ["12345", "abcdef", "1234567", "\u202e123456", "١٢٣٤٥٦"])
def test_odd_codes_answer_400_with_a_message(auditor, code):
    client = signed_in_with_password("granskare")

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 400
    assert "sex siffror" in response.content.decode()


def test_a_nul_byte_in_the_code_answers_400_and_opens_nothing(auditor):
    client = signed_in_with_password("granskare")

    assert client.post(VERIFY, {"code": "12\x003456"}).status_code == 400
    assert client.get("/logg/").status_code == 302


def test_a_code_is_accepted_once(auditor):
    device = TOTPDevice.objects.get(user=auditor)
    code = code_for(device)
    first = signed_in_with_password("granskare")
    second = signed_in_with_password("granskare")

    assert first.post(VERIFY, {"code": code}).status_code == 302
    assert second.post(VERIFY, {"code": code}).status_code == 400


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_code_sent_at_once_from_many_sessions_opens_one(auditor):
    device = TOTPDevice.objects.get(user=auditor)
    code = code_for(device)
    clients = [signed_in_with_password("granskare") for _ in range(6)]

    results = race(6, lambda i: clients[i].post(VERIFY, {"code": code}).status_code)

    # The refused ones count for the throttle: the fifth failure from one address answers 429.
    assert results.count(302) == 1
    assert set(results) - {302} <= {400, 429}


def test_an_admin_without_an_app_can_reach_only_the_enrolment(db):
    admin = make_user("ny.admin", Role.ADMIN)
    TOTPDevice.objects.filter(user=admin).delete()
    client = signed_in_with_password("ny.admin")

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)
    assert "ingen autentiseringsapp" in client.get(VERIFY).content.decode()
    assert "Din roll kräver tvåstegsinloggning" in client.get(ENROL).content.decode()

    shown = client.post(ENROL)
    page = shown.content.decode()
    assert "<svg" in page
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    # The secret is shown once: the enrolment page shows it no more.
    assert secret.group(1) not in client.get(ENROL).content.decode()

    confirmed = client.post(ENROL, {"code": code_for(device), "next": "/admin/"})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert AuditEntry.objects.filter(
        user_id=admin.pk, action="signin.second_factor.enrolled"
    ).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_first_code_sent_at_once_from_many_sessions_confirms_one_app():
    admin = make_user("ny.admin", Role.ADMIN)
    TOTPDevice.objects.filter(user=admin).delete()
    clients = [signed_in_with_password("ny.admin") for _ in range(5)]
    clients[0].post(ENROL)
    code = code_for(TOTPDevice.objects.get(user=admin, confirmed=False))

    def confirm(i: int) -> str:
        response = clients[i].post(ENROL, {"code": code})
        return response.get("Location", str(response.status_code))

    results = race(5, confirm)

    # One session confirms the app; each other one finds nothing left to confirm (400) or, when
    # it came after, an app it must first give the code of (to the code page).
    assert results.count("/") == 1
    assert all(r == "400" or r.startswith(VERIFY) for r in results if r != "/")
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).count() == 1
    assert AuditEntry.objects.filter(action="signin.second_factor.enrolled").count() == 1


def test_a_wrong_first_code_confirms_nothing(db):
    admin = make_user("ny.admin", Role.ADMIN)
    TOTPDevice.objects.filter(user=admin).delete()
    client = signed_in_with_password("ny.admin")
    client.post(ENROL)
    device = TOTPDevice.objects.get(user=admin)

    response = client.post(ENROL, {"code": code_for(device, step_offset=20)})

    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_a_caseworker_without_an_app_signs_in_with_the_password_alone(caseworker):
    client = signed_in_with_password("socsek.jarva")

    assert client.get("/").status_code == 200


def test_a_caseworker_who_chose_an_app_is_asked_for_its_code(caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    client = signed_in_with_password("socsek.jarva")

    assert client.get("/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200


# ----- the token endpoint ---------------------------------------------------------------------


def ask_for_token(username: str, **extra):
    body = {"username": username, "password": PASSWORD, **extra}
    return APIClient().post("/api/v1/auth/token/", body, format="json")


def test_the_token_endpoint_asks_the_admin_for_the_code(admin_user):
    device = TOTPDevice.objects.get(user=admin_user)

    without = ask_for_token("admin")
    assert without.status_code == 400
    assert "otp" in without.json()["errors"]
    assert not ApiToken.objects.exists()

    assert ask_for_token("admin", otp=code_for(device)).status_code == 200


def test_the_token_endpoint_refuses_an_admin_without_an_app(db):
    make_user("ny.admin", Role.ADMIN)
    TOTPDevice.objects.filter(user__username="ny.admin").delete()

    response = ask_for_token("ny.admin")

    assert response.status_code == 403
    assert "tvåstegsinloggning" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_the_token_endpoint_needs_no_code_from_a_caseworker_without_an_app(caseworker):
    assert ask_for_token("socsek.jarva").status_code == 200
