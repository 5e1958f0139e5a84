"""The equal-treatment page in a real headless Chromium: charts and tables render."""

import datetime as dt

import pytest

from conftest import PASSWORD
from skyddsnat.followup.tests.conftest import Flow, at


@pytest.fixture
def page(browser_page):
    return browser_page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_equal_treatment_page_renders_its_charts_and_tables(
    live_server, page, flows, analyst, screenshot
):
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
    screenshot(page, "followup-equality")
