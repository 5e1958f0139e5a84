"""The equal-treatment page in a real headless Chromium: charts and tables render."""

import datetime as dt
import os

import pytest
from django.db import connection

from conftest import PASSWORD
from skyddsnat.followup.tests.conftest import Flow, at

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module", autouse=True)
def _flush_past_the_audit_trigger():
    """The live-server test ends with a flush (TRUNCATE), which the append-only audit log refuses
    by design; the flush of the test database lifts that one trigger inside its own transaction
    (the same approach as skyddsnat/tests_browser/conftest.py)."""
    ops = connection.ops
    original = ops.execute_sql_flush

    def execute_sql_flush(sql_list):
        if connection.vendor == "postgresql":
            trigger = "audit_auditentry {} TRIGGER audit_entry_no_truncate"
            sql_list = [f"ALTER TABLE {trigger.format('DISABLE')}", *sql_list]
            sql_list.append(f"ALTER TABLE {trigger.format('ENABLE')}")
        return original(sql_list)

    ops.execute_sql_flush = execute_sql_flush
    yield
    ops.execute_sql_flush = original


@pytest.fixture
def page():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(locale="sv-SE", viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_equal_treatment_page_renders_its_charts_and_tables(live_server, page, flows, analyst):
    start = dt.date(2025, 1, 6)
    items = []
    for i in range(40):
        day = start + dt.timedelta(days=i * 4)
        outer = i % 2 == 0
        items.append(
            Flow(
                "jarva" if outer else "sodermalm",
                at(day),
                30 + i % 7 if outer else 3 + i % 4,
                12 + i % 5 if outer else 4 + i % 3,
                opens=i % 3 == 0,
                investigation_days=(100 + i * 2) if i % 3 == 0 else None,
                intervention_days=(130 + i * 2) if i % 3 == 0 else None,
            )
        )
    flows(items)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "analytiker")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/uppfoljning/?from=2025-01-01&to=2025-07-31")
    assert page.locator("svg.chart").count() == 14
    assert page.locator("svg.chart title").first.text_content()
    assert page.locator("#table-equality tbody tr").count() == 14  # 11 districts, 2 areas, city
    assert page.locator("#table-equality-yearly").is_visible()
    shot = os.environ.get("FOLLOWUP_SCREENSHOT")
    if shot:
        page.screenshot(path=shot, full_page=True)
