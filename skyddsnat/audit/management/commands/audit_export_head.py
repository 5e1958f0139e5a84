"""Append the audit chain's present head, signed with SKYDDSNAT_AUDIT_KEY, to the head file.
Run it regularly (every few minutes, from cron or a systemd timer) with the file on storage the
database server cannot change (another host, append-only or write-once storage): a chain that a
superuser rewrites as a whole no longer matches the heads exported before."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from skyddsnat.audit import chain


class Command(BaseCommand):
    help = "Append the audit chain's signed head to SKYDDSNAT_AUDIT_HEAD_FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--heads", type=Path, default=None, help="The head file.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["heads"] or Path(settings.SKYDDSNAT_AUDIT_HEAD_FILE)
        head = chain.current_head()
        if head is None:
            self.stdout.write("The audit log is empty: no head to export.")
            return
        try:
            chain.append_head(path, head)
        except chain.HeadFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Exported head seq {head.seq} ({head.hash[:16]}…) to {path}.")
