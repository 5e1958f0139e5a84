"""The legal limits the follow-up judges reaction times by, read from the deadline rules
(cases.DeadlineRule), never written as numbers here: a municipality that corrects a rule corrects
the figures, their labels and the SQL that computes them.

- the pre-assessment limit: a case decided (or still undecided) after it counts as late;
- the investigation limit: an investigation closed (or still open) after it counts as over.

The reaction months count the pre-assessment in whole days (a histogram of days), so its rule must
be in days; an investigation limit may be in days or calendar months.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext, ngettext

from skyddsnat.cases.models import DeadlineKind, DeadlineRule
from skyddsnat.lib.dates import Unit, add_period, period_unit

# Every start day of four years (one leap day): enough to find the longest a limit can be.
_FOUR_YEARS = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(4 * 365 + 1)]


@dataclass(frozen=True)
class Period:
    """A length as a deadline rule states it: an amount of days or calendar months."""

    amount: int
    unit: Unit

    @classmethod
    def of(cls, rule: DeadlineRule) -> "Period":
        return cls(amount=rule.amount, unit=period_unit(rule.unit))

    def after(self, start: dt.date) -> dt.date:
        """The day the limit ends, counted from `start` (calendar months clamp like the law's)."""
        return add_period(start, self.amount, self.unit)

    def longest_days(self) -> int:
        """The most days the period can span (four calendar months: 123)."""
        if self.unit == "days":
            return self.amount
        return _longest_days(self.amount)

    def sql_params(self, prefix: str) -> dict[str, int]:
        """The period as the arguments of PostgreSQL's make_interval (see store.py)."""
        months = self.amount if self.unit == "months" else 0
        days = self.amount if self.unit == "days" else 0
        return {f"{prefix}_months": months, f"{prefix}_days": days}

    def text(self) -> str:
        """The period in words for a label: "14 days", "4 months" (Swedish in the UI)."""
        if self.unit == "days":
            return ngettext("%(count)d day", "%(count)d days", self.amount) % {"count": self.amount}
        return ngettext("%(count)d month", "%(count)d months", self.amount) % {"count": self.amount}


@cache
def _longest_days(months: int) -> int:
    return max((add_period(day, months, "months") - day).days for day in _FOUR_YEARS)


@dataclass(frozen=True)
class Limits:
    pre_assessment: Period
    investigation: Period

    @classmethod
    def load(cls) -> "Limits":
        rules = {
            rule.kind: rule
            for rule in DeadlineRule.objects.filter(
                kind__in=[DeadlineKind.PRE_ASSESSMENT, DeadlineKind.INVESTIGATION]
            )
        }
        limits = cls(
            pre_assessment=Period.of(rules[DeadlineKind.PRE_ASSESSMENT]),
            investigation=Period.of(rules[DeadlineKind.INVESTIGATION]),
        )
        if limits.pre_assessment.unit != "days":
            raise ValueError("The follow-up counts the pre-assessment limit in days.")
        return limits

    @property
    def pre_assessment_days(self) -> int:
        return self.pre_assessment.amount

    def labels(self) -> dict[str, str]:
        """The limits in words, for the labels and texts of the pages and downloads."""
        return {
            "pre_assessment_limit": self.pre_assessment.text(),
            "investigation_limit": self.investigation.text(),
        }


def pre_late_label(limits: Limits) -> str:
    return gettext("Pre-assessments later than %(limit)s") % {"limit": limits.pre_assessment.text()}


def investigation_over_label(limits: Limits) -> str:
    return gettext("Investigations longer than %(limit)s") % {"limit": limits.investigation.text()}
