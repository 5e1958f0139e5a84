"""What every generator step shares: the options, one seeded random stream per purpose, the
identity numbers already taken, the demo staff, and the row counts reported at the end."""

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from skyddsnat.lib import identity
from skyddsnat.organisation.models import User

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class Options:
    seed: int
    years: int
    scale: float
    # Data runs up to (not including) this day, so nothing is in the future when it is today.
    end_date: dt.date
    # The outer city reacts this many days later (safety assessment, pre-assessment); its
    # investigations run longer in proportion. The policy texts claim the gap; follow-up shows it.
    outer_lag_days: int = 2
    password: str = ""

    @property
    def start_date(self) -> dt.date:
        return self.end_date - dt.timedelta(days=round(365.25 * self.years))

    @property
    def cutoff(self) -> dt.datetime:
        """The moment the generated history stops: the start of end_date, Stockholm time."""
        return dt.datetime.combine(self.end_date, dt.time(0, 0), tzinfo=STOCKHOLM)


@dataclass
class DemoContext:
    options: Options
    log: Callable[[str], None] = print
    # Filled by the organisation step; later steps pick registrars, assignees and deciders here.
    users: dict[str, User] = field(default_factory=dict)
    caseworkers_by_unit: dict[int, list[User]] = field(default_factory=dict)
    manager_by_unit: dict[int, User] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    taken_identity_numbers: set[str] = field(default_factory=set)

    def rng(self, *purpose: str) -> random.Random:
        """A random stream of its own for each step (and district), so adding a step or a
        district never changes the data the others generate for the same seed."""
        return random.Random(":".join([str(self.options.seed), *purpose]))

    def identity_number(self, rng: random.Random, born: dt.date) -> str:
        """A synthetic, checksum-valid identity number not used by anyone yet."""
        while True:
            number = identity.synthetic(rng, born)
            if number not in self.taken_identity_numbers:
                self.taken_identity_numbers.add(number)
                return number
