"""Typing the authenticator app's code in the browser, for the roles that need two-step sign-in
(the code computed with django-otp, as the app does)."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page


def current_code(username: str) -> str:
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def enter_code_if_asked(page: Page, username: str) -> None:
    if "/inloggning/kod/" in page.url:
        page.get_by_label("Kod från appen").fill(current_code(username))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_load_state()
