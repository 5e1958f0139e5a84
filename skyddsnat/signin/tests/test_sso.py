"""Single sign-on through a real OpenID Connect provider (skyddsnat/tests_oidc, started by the
`oidc_provider` fixture): the provider says who the person is, Skyddsnät decides what they may
do. An unknown person is refused in Swedish and no account is created."""

import re
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client, override_settings

from conftest import make_user
from skyddsnat.audit.models import AuditEntry
from skyddsnat.organisation.models import Role, User
from skyddsnat.signin.second_factor import SSO_SESSION_KEY

CLIENT_ID = "skyddsnat-staff"
CLIENT_SECRET = "staff-client-secret-for-tests"  # noqa: S105
CALLBACK = "http://testserver/inloggning/sso/klar/"
IDP_PASSWORD = "idp-password-123"  # noqa: S105


@pytest.fixture
def sso(oidc_provider, settings):
    oidc_provider.add_client(CLIENT_ID, CLIENT_SECRET, [CALLBACK])
    settings.SKYDDSNAT_OIDC_DISCOVERY_URL = oidc_provider.discovery_url
    settings.SKYDDSNAT_OIDC_CLIENT_ID = CLIENT_ID
    settings.SKYDDSNAT_OIDC_CLIENT_SECRET = CLIENT_SECRET
    return oidc_provider


def sign_in_at_the_provider(client: Client, username: str, next_url: str = "") -> object:
    """Start at Skyddsnät, sign in on the provider's own login page (over HTTP, as a browser
    would), and bring its answer back to Skyddsnät's callback."""
    start = client.get("/inloggning/sso/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    browser = requests.Session()
    location = start["Location"]
    assert "code_challenge=" in location and "nonce=" in location
    page = browser.get(location, timeout=10)
    assert page.status_code == 200 and "Kommunens inloggning" in page.text
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
    while answer.is_redirect and not answer.headers["Location"].startswith(CALLBACK):
        answer = browser.get(
            requests.compat.urljoin(answer.url, answer.headers["Location"]),
            allow_redirects=False,
            timeout=10,
        )
    back = urlsplit(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_without_configuration_there_is_no_sso_button_and_no_sso(db, client):
    assert "kommunens inloggning" not in client.get("/login/").content.decode()
    assert client.get("/inloggning/sso/").status_code == 404
    assert client.get("/inloggning/sso/klar/?code=x&state=y").status_code == 404


def test_configured_the_login_page_shows_the_sso_button(sso, db, client):
    page = client.get("/login/").content.decode()

    assert "Logga in med kommunens inloggning" in page
    assert 'href="/inloggning/sso/"' in page


def test_a_known_employee_signs_in_by_e_mail_with_their_role_from_skyddsnat(sso, caseworker):
    caseworker.email = "sara.ek@kommun.example"
    caseworker.save()
    sso.add_user("sara", IDP_PASSWORD, "Sara.Ek@kommun.example")
    client = Client()

    response = sign_in_at_the_provider(client, "sara")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(caseworker.pk)
    assert client.session[SSO_SESSION_KEY] is True
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(user_id=caseworker.pk, action="signin.sso").exists()


def test_an_auditor_signed_in_by_sso_owes_no_local_code(sso, auditor):
    auditor.email = "granskare@kommun.example"
    auditor.save()
    sso.add_user("granskare-idp", IDP_PASSWORD, "granskare@kommun.example")
    client = Client()

    sign_in_at_the_provider(client, "granskare-idp", next_url="/logg/")

    assert client.get("/logg/").status_code == 200


@override_settings(SKYDDSNAT_OIDC_USER_CLAIM="sub")
def test_a_known_employee_signs_in_by_subject(sso, caseworker):
    sso.add_user("sara-sub", IDP_PASSWORD, "annan@kommun.example")
    caseworker.sso_subject = sso.sub_for("sara-sub")
    caseworker.save()
    client = Client()

    assert sign_in_at_the_provider(client, "sara-sub").status_code == 302
    assert client.session["_auth_user_id"] == str(caseworker.pk)


def test_an_unknown_employee_is_refused_in_swedish_and_nothing_is_created(sso, caseworker):
    sso.add_user("okand", IDP_PASSWORD, "okand@kommun.example")
    users_before = User.objects.count()
    client = Client()

    response = sign_in_at_the_provider(client, "okand")

    assert response.status_code == 403
    assert "inte kopplat till någon användare i Skyddsnät" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users_before
    refused = AuditEntry.objects.get(action="signin.sso.refused")
    assert refused.user_id is None
    assert refused.detail["value"] == "okand@kommun.example"


def test_an_inactive_employee_is_refused(sso, db):
    user = make_user("slutat", Role.CASEWORKER, "jarva", email="slutat@kommun.example")
    user.is_active = False
    user.save()
    sso.add_user("slutat-idp", IDP_PASSWORD, "slutat@kommun.example")

    assert sign_in_at_the_provider(Client(), "slutat-idp").status_code == 403


def test_a_forged_or_replayed_callback_is_refused(sso, caseworker):
    client = Client()
    client.get("/inloggning/sso/")

    response = client.get("/inloggning/sso/klar/?code=forged&state=forged")

    assert response.status_code == 400
    assert "lyckades inte" in response.content.decode()
    assert "_auth_user_id" not in client.session
