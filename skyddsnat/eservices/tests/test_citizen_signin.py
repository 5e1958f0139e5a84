"""Citizen sign-in through a real OpenID Connect provider (skyddsnat/tests_oidc): the round trip,
what goes into the session and what never does (a staff user), and every refusal: a forged
state, a nonce that is not the one sent, a userinfo answer about someone else, odd claims."""

import time

import pytest
from django.test import Client

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.eservices import oidc
from skyddsnat.eservices.citizen import Citizen
from skyddsnat.eservices.identity import CITIZEN_ACTIVITY_KEY, CITIZEN_SESSION_KEY, current_citizen
from skyddsnat.eservices.tests.conftest import (
    IDP_PASSWORD,
    callback_path,
    citizen_session,
    provider_login,
    sign_in_citizen,
    unique_username,
)
from skyddsnat.lib import identity


def test_without_configuration_there_is_no_citizen_sign_in(db, client):
    assert client.get("/e-tjanst/logga-in/").status_code == 404
    assert client.get("/e-tjanst/logga-in/klar/?code=x&state=y").status_code == 404
    page = client.get("/e-tjanst/mina-arenden/").content.decode()
    assert 'href="/e-tjanst/logga-in/"' not in page
    assert "inte tillgänglig just nu" in page


def test_a_citizen_signs_in_and_the_session_holds_the_verified_identity(citizen_oidc, db):
    number = new_identity_number()
    username = unique_username("medborgare")
    citizen_oidc.add_user(
        username, IDP_PASSWORD, first_name="Ida", last_name="Prov", personal_identity_number=number
    )
    client = Client()
    client.get("/e-tjanst/mina-arenden/")  # a session before sign-in
    key_before = client.session.session_key

    response = sign_in_citizen(client, username)

    assert response.status_code == 302
    assert response["Location"] == "/e-tjanst/mina-arenden/"
    data = client.session[CITIZEN_SESSION_KEY]
    assert data["sub"] == citizen_oidc.sub_for(username)
    assert data["personal_identity_number"] == number
    assert data["name"] == "Ida Prov"
    assert client.session.session_key != key_before  # rotated at sign-in
    assert "_auth_user_id" not in client.session  # never a staff user
    page = client.get("/e-tjanst/mina-arenden/")
    assert page.status_code == 200 and page.wsgi_request.user.is_anonymous
    assert "Logga ut" in page.content.decode()
    entry = AuditEntry.objects.get(action="eservices.citizen.signin")
    assert entry.user_id is None and entry.detail["citizen_subject"] == data["sub"]


def test_next_leads_only_to_the_citizens_own_pages(citizen_oidc, db):
    username = unique_username("nasta")
    citizen_oidc.add_user(username, IDP_PASSWORD)

    back = sign_in_citizen(Client(), username, next_url="/arenden/")

    assert back["Location"] == "/e-tjanst/mina-arenden/"


def test_a_provider_without_a_number_gives_a_citizen_without_one(citizen_oidc, db):
    username = unique_username("utan-nummer")
    citizen_oidc.add_user(username, IDP_PASSWORD)
    client = Client()

    assert sign_in_citizen(client, username).status_code == 302
    assert client.session[CITIZEN_SESSION_KEY]["personal_identity_number"] == ""


@pytest.mark.parametrize(
    "number",
    ["19900101-0000", "not a number", "1990\u202e01010017", "2999-01-01-1234", "1" * 300],
)
def test_a_malformed_identity_number_claim_refuses_the_sign_in(citizen_oidc, db, number):
    username = unique_username("fel-nummer")
    citizen_oidc.add_user(username, IDP_PASSWORD, personal_identity_number=number[:40])
    client = Client()

    response = sign_in_citizen(client, username)

    assert response.status_code == 400
    assert "Inloggningen med e-legitimation lyckades inte" in response.content.decode()
    assert CITIZEN_SESSION_KEY not in client.session
    assert AuditEntry.objects.filter(action="eservices.citizen.signin.refused").exists()


def test_a_full_width_number_is_normalised(citizen_oidc, db):
    number = new_identity_number()
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)  # ０１２… (NFKC gives ASCII)
    username = unique_username("bred")
    citizen_oidc.add_user(username, IDP_PASSWORD, personal_identity_number=wide)
    client = Client()

    assert sign_in_citizen(client, username).status_code == 302
    assert client.session[CITIZEN_SESSION_KEY]["personal_identity_number"] == number


def test_a_forged_state_is_refused(citizen_oidc, db):
    username = unique_username("stat")
    citizen_oidc.add_user(username, IDP_PASSWORD)
    client = Client()
    start = client.get("/e-tjanst/logga-in/")
    answer = provider_login(start["Location"], username)
    path = callback_path(answer)
    forged = path.replace("state=", "state=forged")

    response = client.get(forged)

    assert response.status_code == 400
    assert CITIZEN_SESSION_KEY not in client.session


def test_a_nonce_other_than_the_one_sent_is_refused(citizen_oidc, db):
    username = unique_username("nonce")
    citizen_oidc.add_user(username, IDP_PASSWORD)
    client = Client()
    start = client.get("/e-tjanst/logga-in/")
    answer = provider_login(start["Location"], username)
    # The ID token carries the nonce sent; the session now expects another.
    session = client.session
    (key,) = [k for k in session.keys() if k.startswith("_state_citizen_")]
    stored = dict(session[key])
    stored["data"] = {**stored["data"], "nonce": "another-nonce"}
    session[key] = stored
    session.save()

    response = client.get(callback_path(answer))

    assert response.status_code == 400
    assert CITIZEN_SESSION_KEY not in client.session


def test_a_replayed_callback_is_refused(citizen_oidc, db):
    username = unique_username("replay")
    citizen_oidc.add_user(username, IDP_PASSWORD)
    client = Client()
    start = client.get("/e-tjanst/logga-in/")
    path = callback_path(provider_login(start["Location"], username))
    assert client.get(path).status_code == 302

    other = Client()
    assert other.get(path).status_code == 400
    assert CITIZEN_SESSION_KEY not in other.session


def test_a_userinfo_answer_about_another_subject_is_refused():
    id_token = {"sub": "1", "personal_identity_number": ""}
    assert oidc.with_userinfo(id_token, {"sub": "1", "name": "Ida"})["name"] == "Ida"
    for userinfo in ({"sub": "2", "name": "Någon annan"}, {"name": "utan sub"}):
        with pytest.raises(oidc.InvalidClaims):
            oidc.with_userinfo(id_token, userinfo)


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"sub": ""},
        {"sub": 17},
        {"sub": "a\x00b"},
        {"sub": "a\u202eb"},
        {"sub": "x" * 300},
        {"sub": "1", "personal_identity_number": 199001010017},
        {"sub": "1", "personal_identity_number": "19900101\x000017"},
    ],
)
def test_odd_claims_make_no_citizen(claims, settings):
    settings.SKYDDSNAT_CITIZEN_OIDC_PIN_CLAIM = "personal_identity_number"
    with pytest.raises(oidc.InvalidClaims):
        oidc.citizen_from_claims(claims)


def test_the_claim_name_is_configurable(settings):
    settings.SKYDDSNAT_CITIZEN_OIDC_PIN_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
    number = new_identity_number()
    citizen = oidc.citizen_from_claims(
        {"sub": "abc", "https://id.oidc.se/claim/personalIdentityNumber": identity.display(number)}
    )
    assert citizen == Citizen(subject="abc", personal_identity_number=number, name="")


def test_a_staff_session_never_becomes_a_citizen(citizen_oidc, caseworker):
    client = Client()
    client.force_login(caseworker)
    # Even with a citizen's data planted in it, a staff session has no citizen.
    citizen_session(client, Citizen(subject="planted"))

    assert client.get("/e-tjanst/logga-in/").status_code == 403
    assert client.get("/e-tjanst/mina-arenden/").status_code == 403
    assert client.post("/e-tjanst/logga-ut/").status_code == 403
    assert client.session["_auth_user_id"] == str(caseworker.pk)  # not signed out either
    request = client.get("/e-tjanst/mina-arenden/").wsgi_request
    assert current_citizen(request) is None


def test_signing_out_ends_the_citizens_session(db):
    client = citizen_session(Client(), Citizen(subject="ut-1"))
    key = client.session.session_key

    response = client.post("/e-tjanst/logga-ut/")

    assert response.status_code == 302
    assert CITIZEN_SESSION_KEY not in client.session
    assert client.session.session_key != key
    assert "Du är utloggad" in client.get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(
        action="eservices.citizen.signout", detail__citizen_subject="ut-1"
    ).exists()


def test_signing_out_needs_post(db):
    client = citizen_session(Client(), Citizen(subject="ut-2"))
    assert client.get("/e-tjanst/logga-ut/").status_code == 405
    assert client.session[CITIZEN_SESSION_KEY]["sub"] == "ut-2"


def test_an_idle_citizen_is_signed_out_as_staff_are(db, settings):
    settings.SKYDDSNAT_SESSION_IDLE_MINUTES = 30
    client = citizen_session(Client(), Citizen(subject="idle"))
    session = client.session
    session[CITIZEN_SESSION_KEY] = {
        **session[CITIZEN_SESSION_KEY],
        CITIZEN_ACTIVITY_KEY: int(time.time()) - 31 * 60,
    }
    session.save()

    page = client.get("/e-tjanst/mina-arenden/")

    assert "Mina ärenden" in page.content.decode()
    assert "Logga ut" not in page.content.decode()
    assert CITIZEN_SESSION_KEY not in client.session


def test_activity_keeps_the_citizen_signed_in(db, settings):
    settings.SKYDDSNAT_SESSION_IDLE_MINUTES = 30
    client = citizen_session(Client(), Citizen(subject="active"))
    session = client.session
    session[CITIZEN_SESSION_KEY] = {
        **session[CITIZEN_SESSION_KEY],
        CITIZEN_ACTIVITY_KEY: int(time.time()) - 29 * 60,
    }
    session.save()

    assert "Logga ut" in client.get("/e-tjanst/mina-arenden/").content.decode()
    assert client.session[CITIZEN_SESSION_KEY][CITIZEN_ACTIVITY_KEY] > time.time() - 60
