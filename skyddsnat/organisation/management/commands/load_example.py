"""manage.py load_example <name>: load a municipality's example data (organisation, budget) into
this database. Safe to run again: it creates only what is missing, in one transaction, and leaves
rows that exist (perhaps changed in the admin since) as they are."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from skyddsnat.organisation.examples import example_modules, example_names


class Command(BaseCommand):
    help = "Load example data of a municipality (e.g. stockholm): districts, units, budget."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the example, e.g. stockholm")

    def handle(self, *args: Any, **opts: Any) -> None:
        name = opts["name"]
        modules = example_modules(name)
        if not modules:
            offered = ", ".join(example_names()) or "inga"
            raise CommandError(f"Det finns inget exempel som heter {name!r} (finns: {offered}).")
        quiet = opts["verbosity"] == 0

        def log(line: str) -> None:
            if not quiet:
                self.stdout.write(line)

        log(f"Läser in exemplet {name}…")
        with transaction.atomic():
            # Like the migrations that loaded this data before, a setup step without an audit
            # entry: the organisation sits below the audit log and may not import it. Later
            # changes go through the admin, which logs each one.
            created = sum(module.load(log=log) for module in modules)
        log("Klart." if created else "Klart: allt fanns redan, inget ändrades.")
