"""End to end in headless Chromium (issue 10 point 2): a police officer of a partner agency signs
in and sees a SIG participant's action plan while the consents hold; the caseworker withdraws the
young person's consent on the person's consent page; the officer's list is empty and the
participant's page answers the 404 page, exactly as an address that does not exist."""

import pytest
from playwright.sync_api import expect

from conftest import make_user
from skyddsnat.organisation.models import Role
from skyddsnat.partners.tests.conftest import consent, make_participant
from skyddsnat.tests_browser.test_case_flow import assert_accessible, log_in, log_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_partner_sees_a_plan_while_consent_holds_and_is_refused_after_withdrawal(
    live_server, browser_page, screenshot, caseworker
):
    police = make_user("polis.jarva", Role.PARTNER, agency="police", first_name="Per")
    participant = make_participant(caseworker, first="Nora")
    consent(caseworker, participant.person, agency="police", scope=("plan",))
    page = browser_page
    base = live_server.url

    log_in(page, base, police.username)
    page.get_by_role("link", name="Delat med din myndighet").click()
    expect(page.get_by_role("heading", name="Delat med din myndighet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nora").click()
    expect(page.get_by_role("heading", name="Handlingsplan")).to_be_visible()
    expect(page.get_by_text("Går i skolan varje dag")).to_be_visible()
    # Only the plan is shared: no meetings, and nothing of the person but the first name.
    expect(page.get_by_role("heading", name="Möten")).to_have_count(0)
    expect(page.get_by_text("Lindqvist")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "partner-01-plan")
    participant_url = page.url
    log_out(page)

    log_in(page, base, caseworker.username)
    page.goto(f"{base}/personer/{participant.person_id}/samtycken/")
    expect(page.get_by_role("cell", name="Aktivt")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Återkalla").click()
    expect(page.get_by_role("cell", name="Återkallat", exact=False)).to_be_visible()
    screenshot(page, "partner-02-withdrawn")
    log_out(page)

    log_in(page, base, police.username)
    response = page.goto(participant_url)
    assert response is not None and response.status == 404  # noqa: S101
    expect(page.get_by_role("heading", name="Sidan finns inte")).to_be_visible()
    expect(page.get_by_text("Går i skolan varje dag")).to_have_count(0)
    screenshot(page, "partner-03-refused")
    missing = page.goto(f"{base}/partner/deltagare/987654321/")
    assert missing is not None and missing.status == 404  # noqa: S101
    expect(page.get_by_role("heading", name="Sidan finns inte")).to_be_visible()
    page.goto(f"{base}/partner/")
    expect(page.get_by_text("Ingenting delas med din myndighet i dag.")).to_be_visible()
