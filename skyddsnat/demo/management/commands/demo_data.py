"""manage.py demo_data: generate synthetic demo data and the demo users, or only reset the users'
password (--reset-passwords) so that restarting the demo on an existing database is quick."""

import datetime as dt
import os
import secrets
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from skyddsnat.audit.services import audit_log
from skyddsnat.demo.generate import Options, generate, organisation
from skyddsnat.demo.generate.eservices import postal_areas_ensure
from skyddsnat.people.models import Person


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


def demo_password() -> str:
    """SKYDDSNAT_DEMO_PASSWORD when set; otherwise a new random one (printed with the users)."""
    return os.environ.get("SKYDDSNAT_DEMO_PASSWORD") or "demo-" + secrets.token_urlsafe(9)


class Command(BaseCommand):
    help = "Generate synthetic demo data (children's cases in every district) and demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument("--years", type=int, default=3, help="years of history")
        parser.add_argument(
            "--scale", type=float, default=0.05, help="1.0 ≈ Stockholm's 32,000 reports a year"
        )
        parser.add_argument(
            "--end-date",
            type=_date,
            default=None,
            help="history runs up to this day, not included (default: today)",
        )
        parser.add_argument(
            "--outer-lag-days",
            type=int,
            default=2,
            help="extra days the outer city takes to react (safety and pre-assessment)",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="migrate the database first, in the same process (what ./scripts/demo does)",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="only create missing demo users and set every demo user's password",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="generate only when the database has no synthetic people yet; "
            "otherwise reset the passwords (what ./scripts/demo does on every start)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["migrate"]:
            self.stderr.write("Förbereder databasen …")
            call_command("migrate", interactive=False, verbosity=0)
        self.stderr.write("Läser in Stockholms organisation och budget …")
        call_command("load_example", "stockholm", verbosity=0)  # districts, units, budget
        # The public e-services' postal codes (skyddsnat.demo.generate.eservices).
        postal_areas_ensure()
        has_data = Person.objects.filter(is_synthetic=True).exists()
        # Demo users share one known password: never on a database of real people. (A demo
        # database may hold a few non-synthetic rows: people registered by hand while trying it.)
        if not has_data and Person.objects.filter(is_synthetic=False).exists():
            raise CommandError(
                "The database holds persons who are not synthetic and no demo data: demo data "
                "and demo users are only for a demo or test database."
            )
        password = demo_password()
        if opts["reset_passwords"] or (opts["if_empty"] and has_data):
            users = organisation.users_ensure(password=password)
            audit_log(user=None, action="demo.users.password_reset", users=len(users))
            self.stdout.write(organisation.users_table(users, password=password))
            return
        if opts["years"] < 1 or opts["scale"] <= 0 or opts["outer_lag_days"] < 0:
            raise CommandError("--years must be at least 1, --scale above 0, lag not negative.")
        options = Options(
            seed=opts["seed"],
            years=opts["years"],
            scale=opts["scale"],
            end_date=opts["end_date"] or timezone.localdate(),
            outer_lag_days=opts["outer_lag_days"],
            password=password,
        )
        started = time.monotonic()
        ctx = generate(options, log=lambda line: self.stderr.write(line))
        elapsed = time.monotonic() - started
        seconds = f"{elapsed:.1f}".replace(".", ",")
        self.stderr.write(f"Klart: demodata för {options.years} år på {seconds} s.")
        users = [ctx.users[spec.username] for spec in organisation.demo_users()]
        self.stdout.write(organisation.users_table(users, password=password))
