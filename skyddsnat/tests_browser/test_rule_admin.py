"""The rule admin in headless Chromium: the administrator signs in, changes a deadline rule's
citation and finds the change saved; every admin page keeps to the Content-Security-Policy (the
browser_page fixture fails the test on any violation)."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import DeadlineKind, DeadlineRule
from skyddsnat.tests_browser.second_factor import current_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_administrator_changes_a_deadline_rule(live_server, browser_page, admin_user):
    page = browser_page
    base = live_server.url
    rule = DeadlineRule.objects.get(kind=DeadlineKind.PRE_ASSESSMENT)

    page.goto(f"{base}/login/")
    page.get_by_label("Användarnamn").fill(admin_user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    # The administrator's role requires two-step sign-in: the app's code comes next.
    page.get_by_label("Kod från appen").fill(current_code(admin_user.username))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()

    page.goto(f"{base}/admin/")
    expect(page.get_by_text("Skyddsnät – administration").first).to_be_visible()
    page.get_by_role("link", name=str(DeadlineRule._meta.verbose_name_plural).capitalize()).click()
    page.get_by_role("link", name=rule.get_kind_display(), exact=True).click()
    page.get_by_label("Rättslig grund").fill("SoL (2025:400) – ändrad i administrationen")
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.locator(".messagelist")).to_be_visible()
    rule.refresh_from_db()
    assert rule.citation == "SoL (2025:400) – ändrad i administrationen"  # noqa: S101
    entry = AuditEntry.objects.get(action="admin.rule.changed")
    assert entry.detail["after"]["citation"] == rule.citation  # noqa: S101
