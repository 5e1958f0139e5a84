"""Single sign-on in headless Chromium: a caseworker clicks the SSO button, signs in on the
local identity provider's own login page (skyddsnat/tests_oidc) and lands on the staff start
page of Skyddsnät, signed in as the staff member the provider's e-mail claim names."""

import pytest
from playwright.sync_api import expect

from skyddsnat.audit.models import AuditEntry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENT_ID = "skyddsnat-staff-browser"
CLIENT_SECRET = "browser-client-secret-for-tests"  # noqa: S105
IDP_PASSWORD = "idp-password-123"  # noqa: S105


def test_a_caseworker_signs_in_through_the_identity_provider(
    live_server, browser_page, oidc_provider, settings, caseworker
):
    page = browser_page
    base = live_server.url
    oidc_provider.add_client(CLIENT_ID, CLIENT_SECRET, [f"{base}/inloggning/sso/klar/"])
    oidc_provider.add_user("sara.browser", IDP_PASSWORD, "sara.browser@kommun.example")
    caseworker.email = "sara.browser@kommun.example"
    caseworker.save()
    settings.SKYDDSNAT_OIDC_DISCOVERY_URL = oidc_provider.discovery_url
    settings.SKYDDSNAT_OIDC_CLIENT_ID = CLIENT_ID
    settings.SKYDDSNAT_OIDC_CLIENT_SECRET = CLIENT_SECRET

    page.goto(f"{base}/login/")
    page.get_by_role("link", name="Logga in med kommunens inloggning").click()
    # The provider's own login page, on the provider's address.
    expect(page.get_by_role("heading", name="Kommunens inloggning (test)")).to_be_visible()
    assert page.url.startswith(oidc_provider.base_url)  # noqa: S101
    page.get_by_label("Användare").fill("sara.browser")
    page.get_by_label("Lösen").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Logga in hos IdP").click()
    page.wait_for_url(f"{base}/")

    expect(page.get_by_role("link", name="Mina ärenden")).to_be_visible()
    expect(page.get_by_text("Sara Ek")).to_be_visible()
    assert AuditEntry.objects.filter(  # noqa: S101
        user_id=caseworker.pk, action="signin.sso"
    ).exists()
