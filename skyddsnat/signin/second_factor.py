"""The second factor of a local sign-in: a TOTP device (django-otp) per staff member.

Required for the roles in `organisation.models.SECOND_FACTOR_ROLES` (admin and auditor), optional
for everyone else: whoever has a confirmed device enters its code after the password. A session
signed in through the municipality's identity provider (single sign-on) owes no code here: that
provider decides how its users prove who they are.

Enrolment: a new device is created unconfirmed, its secret shown once (QR code and text); it is
confirmed by the first code it produces, which also verifies the session. Codes are checked with
the device row locked, so a code is accepted once (django-otp keeps the last time step used), and
django-otp slows down repeated wrong codes on the device.
"""

import base64

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from skyddsnat.audit.services import audit_log
from skyddsnat.organisation.models import User

# Set in the session by a sign-in through the identity provider (skyddsnat.signin.oidc).
SSO_SESSION_KEY = "skyddsnat_sso"
# Set for a session whose user has no app and a role that requires none.
NO_APP_SESSION_KEY = "skyddsnat_no_app"
DEVICE_NAME = "Autentiseringsapp"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_satisfied(request: HttpRequest) -> bool:
    """Whether the signed-in user of this request owes no second factor now."""
    user = request.user
    if not user.is_authenticated:
        return True
    if request.session.get(SSO_SESSION_KEY):
        return True
    # OTPMiddleware gives the user `is_verified()`: the session's device is theirs and confirmed.
    if request.session.get(DEVICE_ID_SESSION_KEY) and getattr(user, "is_verified", bool)():
        return True
    assert isinstance(user, User)  # noqa: S101 (AUTH_USER_MODEL)
    if user.second_factor_required:
        return False
    # Without an app of their own, a user of these roles owes nothing; the session remembers
    # that (for this user and role) rather than asking the database on every request.
    if request.session.get(NO_APP_SESSION_KEY) == _no_app_marker(user):
        return True
    return note_no_app(request, user)


def _no_app_marker(user: User) -> str:
    return f"{user.pk}:{user.role}"


def note_no_app(request: HttpRequest, user: User) -> bool:
    """Whether the user has no confirmed app (and so, in a role that does not require one, owes
    no code); noted in the session when so."""
    if user.second_factor_required or confirmed_device(user) is not None:
        return False
    request.session[NO_APP_SESSION_KEY] = _no_app_marker(user)
    return True


def enrolment_start(*, user: User) -> TOTPDevice:
    """A new unconfirmed device with a fresh secret (any earlier unconfirmed one is dropped)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def enrolment_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def enrolment_confirm(*, request: HttpRequest, user: User, code: str) -> bool:
    """Confirm the user's unconfirmed device with its first code; the session is then verified.
    False for a wrong code (nothing changes) or when there is nothing to confirm."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None or not device.verify_token(code):
            audit_log(user=user, action="signin.second_factor.enrol_failed")
            return False
        # One device per person: the new one replaces any earlier.
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_log(user=user, action="signin.second_factor.enrolled", device=device.pk)
    otp_login(request, device)
    return True


def code_check(*, user: User, code: str) -> TOTPDevice | None:
    """The user's confirmed device if `code` is its current code (once), else None."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None or not device.verify_token(code):
            return None
        return device


def session_verify(*, request: HttpRequest, user: User, code: str) -> bool:
    """Check the code for the signed-in user and mark the session as verified."""
    device = code_check(user=user, code=code)
    if device is None:
        audit_log(user=user, action="signin.second_factor.failed")
        return False
    otp_login(request, device)
    audit_log(user=user, action="signin.second_factor.verified")
    return True


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code for an authenticator app."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for typing into an app that cannot scan."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
