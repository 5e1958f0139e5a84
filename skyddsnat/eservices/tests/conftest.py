"""Citizens for the e-service tests: the local OpenID Connect provider with a citizen client
(`citizen_oidc`), a sign-in through it as a browser would (`sign_in_citizen`), a session signed
in directly (`citizen_session`), and submissions made through the ORM with the case-flow record
the public forms make (a children's report, an LSS application)."""

import datetime as dt
import re
import secrets
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.eservices.citizen import Citizen
from skyddsnat.eservices.identity import CITIZEN_SESSION_KEY, session_data
from skyddsnat.eservices.models import Submission
from skyddsnat.lss.tests.conftest import itype, officer  # noqa: F401 (a fixture)

CLIENT_ID = "skyddsnat-citizen"
CLIENT_SECRET = "citizen-client-secret-for-tests"  # noqa: S105
CALLBACK = "http://testserver/e-tjanst/logga-in/klar/"
IDP_PASSWORD = "idp-password-123"  # noqa: S105
SCOPE = ["openid", "profile", "personal_identity_number", "token_introspection", CLIENT_ID]


@pytest.fixture
def citizen_oidc(oidc_provider, settings):
    oidc_provider.add_client(CLIENT_ID, CLIENT_SECRET, [CALLBACK], scope=SCOPE)
    settings.SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL = oidc_provider.discovery_url
    settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_ID = CLIENT_ID
    settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_SECRET = CLIENT_SECRET
    return oidc_provider


def unique_username(prefix: str) -> str:
    """The provider's database lives for the whole test session: a fresh name per test."""
    return f"{prefix}-{secrets.token_hex(4)}"


def provider_login(start_location: str, username: str) -> requests.Response:
    """Sign in on the provider's own page over HTTP, as a browser would; the provider's answer
    (the redirect to our callback, not yet followed)."""
    browser = requests.Session()
    page = browser.get(start_location, timeout=10)
    assert page.status_code == 200
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
    assert answer.headers["Location"].startswith(CALLBACK)
    return answer


def callback_path(answer: requests.Response) -> str:
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def sign_in_citizen(client: Client, username: str, next_url: str = ""):
    """The whole round trip: start at Skyddsnät, sign in at the provider, back to the callback."""
    start = client.get("/e-tjanst/logga-in/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.status_code
    assert "code_challenge=" in start["Location"] and "nonce=" in start["Location"]
    return client.get(callback_path(provider_login(start["Location"], username)))


def citizen_session(client: Client, citizen: Citizen) -> Client:
    """A session as the sign-in leaves it (for tests of the pages, not of the sign-in)."""
    session = client.session
    session[CITIZEN_SESSION_KEY] = session_data(citizen)
    session.save()
    return client


_references = iter(range(1, 10**6))


def make_submission(
    *, kind: str, subject: str, case=None, received_at: dt.datetime | None = None
) -> Submission:
    return Submission.objects.create(
        reference=f"E-2026-{next(_references):05d}-{secrets.token_hex(2)}",
        kind=kind,
        received_at=received_at or timezone.now() - dt.timedelta(days=1),
        citizen_subject=subject,
        case=case,
    )


@pytest.fixture
def lss_application(officer):  # noqa: F811 (the fixture imported above)
    """Register an LSS application through the service (as the public form's flow does)."""
    from skyddsnat.lss import services
    from skyddsnat.organisation.models import District

    def _make(number: str | None = None, **overrides):
        fields = {
            "personal_identity_number": number or new_identity_number(dt.date(1990, 3, 4)),
            "first_name": "Kim",
            "last_name": "Testsson",
            "district": District.objects.get(slug="jarva"),
            "received_on": timezone.localdate() - dt.timedelta(days=3),
            "applicant_role": "person",
            "intervention_types": [itype("lss-companion")],
            "is_synthetic": True,
        }
        fields.update(overrides)
        return services.application_register(user=officer, **fields)

    return _make
