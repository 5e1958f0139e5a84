"""Check the audit log's hash chain, and the chain against the signed heads exported earlier.
Exit status 1 when anything is wrong, each finding printed with its place (sequence number and
entry id). Run it after each head export, and whenever the log is to be relied upon."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from skyddsnat.audit import chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and the exported chain heads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--heads",
            type=Path,
            default=None,
            help="The head file (default SKYDDSNAT_AUDIT_HEAD_FILE).",
        )
        parser.add_argument(
            "--from-seq",
            type=int,
            default=1,
            help="Start at this link: the oldest entries were archived and removed with their "
            "links (see docs/operations.md).",
        )
        parser.add_argument(
            "--no-heads",
            action="store_true",
            help="Check the chain alone (finds changes, not a chain rewritten as a whole).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        heads: list[chain.Head] = []
        problems: list[chain.Problem] = []
        if not options["no_heads"]:
            path = options["heads"] or Path(settings.SKYDDSNAT_AUDIT_HEAD_FILE)
            try:
                heads, problems = chain.read_heads(path)
            except chain.HeadFileError as error:
                raise CommandError(str(error)) from None
            if not heads and not problems:
                self.stderr.write(
                    f"No exported heads in {path}: a chain rewritten as a whole cannot be found."
                )
        checked, found = chain.verify(heads, from_seq=options["from_seq"])
        problems = problems + found
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(
                f"The audit log does not verify: {len(problems)} problem(s) in {checked} entries."
            )
        self.stdout.write(f"The audit log verifies: {checked} entries, {len(heads)} heads.")
