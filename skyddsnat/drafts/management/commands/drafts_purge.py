"""Delete the autosaved drafts older than a week. Run it daily (cron or a systemd timer):
drafts hold personal data that nobody needs once the work is submitted or abandoned."""

from django.core.management.base import BaseCommand

from skyddsnat.drafts.services import drafts_purge


class Command(BaseCommand):
    help = "Delete autosaved form drafts not saved for 7 days. Run daily."

    def handle(self, *args, **options) -> None:
        deleted = drafts_purge()
        self.stdout.write(f"Deleted {deleted} expired drafts.")
