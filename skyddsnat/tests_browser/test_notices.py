"""In headless Chromium: a caseworker with a reminder sees the unread count in the menu, opens
"Notiser", marks the notice read, and the count is gone; the page keeps to the CSP and has no
serious accessibility problem."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from skyddsnat.cases.models import Deadline, DeadlineKind
from skyddsnat.jobs.reminders import remind_deadlines
from skyddsnat.tests_browser.test_case_flow import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_caseworker_reads_a_deadline_notice(live_server, browser_page, caseworker, make_report):
    case = make_report(caseworker).case
    Deadline.objects.filter(case=case, kind=DeadlineKind.PRE_ASSESSMENT).update(
        due=timezone.localdate() + dt.timedelta(days=1)
    )
    remind_deadlines()
    page = browser_page

    log_in(page, live_server.url, caseworker.username)
    link = page.get_by_role("link", name="Notiser")
    expect(link).to_contain_text("1")
    link.click()

    expect(page.get_by_role("heading", name="Notiser")).to_be_visible()
    expect(page.get_by_text("Tidsfrist i morgon")).to_be_visible()
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Markera som läst").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Markera som läst")).to_have_count(0)
    expect(page.get_by_role("link", name="Notiser")).not_to_contain_text("1")
