"""manage.py demo_code <username>: the current two-step sign-in code of a demo user's app (the
demo's known secret), for signing in to the demo as the admin or the auditor without a phone."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from skyddsnat.demo.generate.organisation import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-step sign-in code of a demo user (the demo secret only)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")

    def handle(self, *args: object, **options: object) -> None:
        device = TOTPDevice.objects.filter(
            user__username=options["username"], confirmed=True, key=DEMO_TOTP_KEY
        ).first()
        if device is None:
            raise CommandError("No demo app for this user (only the demo secret is shown).")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():06d}")
