"""End to end in headless Chromium: a citizen opens "Mina ärenden", signs in at the local
OpenID Connect provider (a real one, skyddsnat/tests_oidc), sees their own matter and only
theirs, opens it, and signs out. axe-core finds no violation on any of the citizen's pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import new_identity_number
from skyddsnat.eservices.models import SubmissionKind
from skyddsnat.eservices.tests.conftest import IDP_PASSWORD, make_submission, unique_username

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BROWSER_CLIENT_ID = "skyddsnat-citizen-browser"
BROWSER_CLIENT_SECRET = "citizen-browser-secret-for-tests"  # noqa: S105


def assert_no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]
    assert problems == [], f"{page.url}: {problems}"


def test_a_citizen_signs_in_and_follows_their_matter(
    live_server, browser_page, oidc_provider, settings, make_report, caseworker
):
    base = live_server.url
    oidc_provider.add_client(
        BROWSER_CLIENT_ID,
        BROWSER_CLIENT_SECRET,
        [f"{base}/e-tjanst/logga-in/klar/"],
        scope=["openid", "profile", "personal_identity_number"],
    )
    settings.SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL = oidc_provider.discovery_url
    settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_ID = BROWSER_CLIENT_ID
    settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_SECRET = BROWSER_CLIENT_SECRET
    username = unique_username("webbmedborgare")
    oidc_provider.add_user(
        username,
        IDP_PASSWORD,
        first_name="Vera",
        last_name="Prov",
        personal_identity_number=new_identity_number(),
    )
    report = make_report(caseworker, description="Innehåll som aldrig visas för anmälaren.")
    mine = make_submission(
        kind=SubmissionKind.CONCERN, subject=oidc_provider.sub_for(username), case=report.case
    )
    theirs = make_submission(kind=SubmissionKind.HELP, subject="someone-else")
    page = browser_page

    page.goto(f"{base}/e-tjanst/mina-arenden/")
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Logga in med e-legitimation").click()

    # The provider's own sign-in page.
    page.get_by_label("Användare").fill(username)
    page.get_by_label("Lösen").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Logga in hos IdP").click()

    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    assert page.url == f"{base}/e-tjanst/mina-arenden/"
    expect(page.get_by_role("link", name=mine.reference)).to_be_visible()
    content = page.content()
    assert theirs.reference not in content
    assert "Innehåll som aldrig visas" not in content
    assert_no_axe_violations(page)

    page.get_by_role("link", name=mine.reference).click()
    expect(
        page.get_by_role("heading", name=f"Orosanmälan om ett barn {mine.reference}")
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_text("Du är utloggad.")).to_be_visible()
    expect(page.get_by_role("link", name="Logga in med e-legitimation")).to_be_visible()
    assert mine.reference not in page.content()
