"""The browser fixtures (browser_page, screenshot) live in the root conftest.py, shared
with the LSS and follow-up browser tests."""
