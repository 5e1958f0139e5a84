"""Typing the authenticator app's code in the browser, for the roles that need two-step sign-in
(the code computed with django-otp, as the app does)."""

from playwright.sync_api import Page

from conftest import totp_code

current_code = totp_code


def enter_code_if_asked(page: Page, username: str) -> None:
    if "/inloggning/kod/" in page.url:
        page.get_by_label("Kod från appen").fill(totp_code(username))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_load_state()
