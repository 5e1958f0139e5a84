"""A real headless Chromium (Debian's) driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.db import connection

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
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
    """A live-server test ends with a database flush (TRUNCATE), which the append-only audit log
    refuses by design. The flush of the test database lifts that one trigger inside its own
    transaction and restores it before committing. Module-scoped so it outlives the flush."""
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


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    # An English-speaking browser on purpose: the UI must be Swedish whatever the browser asks.
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot
