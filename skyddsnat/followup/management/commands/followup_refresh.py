"""Rebuild the reaction facts (and months) behind the equal-treatment figures.

Not needed for freshness (triggers mark changed cases and every computation rebuilds them first);
run it after a bulk load, a restore or a deploy of migration 0004 or 0005 so that the first page
view does not pay for rebuilding everything.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from skyddsnat.followup.equality import refresh_facts


class Command(BaseCommand):
    help = "Rebuild the reaction facts of every case (PostgreSQL), or only the stale ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale", action="store_true", help="only the cases marked stale since the last run"
        )

    def handle(self, *args, stale: bool = False, **options) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: the facts are used on PostgreSQL only.")
            return
        started = time.perf_counter()
        refresh_facts(everything=not stale)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Reaction facts rebuilt in {elapsed:.1f} s.")
