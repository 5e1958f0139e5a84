"""What the equal-treatment figures are made of, whichever way they are computed: the groups
(districts under their successors, inner and outer city), the cells of figures per group and
period, and the arithmetic both computations share (percentiles, the period's bounds)."""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from skyddsnat.organisation.models import Area, District

CITY = "city"
ALL = "all"  # the whole period, as opposed to a year ("2021") or a month ("2021-03")


def city_label() -> str:
    return gettext("whole city")


# The follow-up window of each time-to-event measure, in days after the report (see the module
# docstring). A statistical choice, not a legal limit: the same for every period.
WINDOW_DAYS = {
    "safety": 30,
    "pre": 90,
    "intervention": 365,
    "investigation_opened": 90,  # investigation opened within this many days of the report
    "investigation": 365,  # and closed within this many days of opening
}
# A lazy count of children is left uncounted when its lower bound reaches this (suppression.py
# suppresses below five).
MIN_CHILDREN_BOUND = 5

# Each figure, and the key of the count of children it is built from (for suppression).
FIGURES: dict[str, str] = {
    "reports": "children",
    "safety_median": "safety_n",
    "safety_p90": "safety_n",
    "pre_median": "pre_n",
    "pre_p90": "pre_n",
    "pre_late_share": "pre_late_n",
    "intervention_median": "intervention_n",
    "intervention_p90": "intervention_n",
    "investigation_median": "investigation_n",
    "investigation_p90": "investigation_n",
    "investigation_over_share": "investigation_over_n",
}
COUNTS = ("children", "safety_n", "pre_n", "pre_late_n", "intervention_n", "investigation_n",
          "investigation_over_n")  # fmt: skip


@dataclass(frozen=True)
class Grouping:
    """Which current district (slug) each district id counts under, and each one's city area."""

    district_group: dict[int, str]
    area_of: dict[str, str]
    names: dict[str, str]

    @classmethod
    def load(cls) -> "Grouping":
        districts = {d.pk: d for d in District.objects.all()}
        group: dict[int, str] = {}
        for pk, district in districts.items():
            current = district
            while current.successor_id is not None:
                current = districts[current.successor_id]
            group[pk] = current.slug
        current_ones = {districts[pk].slug: districts[pk] for pk in districts}
        area_of = {slug: current_ones[slug].area for slug in set(group.values())}
        names = {slug: current_ones[slug].name for slug in area_of}
        return cls(district_group=group, area_of=area_of, names=names)

    def areas(self) -> list[str]:
        present = {area for area in self.area_of.values() if area != Area.NONE}
        return [a for a in (Area.INNER, Area.OUTER) if a in present]


@dataclass
class Cell:
    """The figures of one group in one period; None where there is nothing to measure."""

    group: str
    period: str
    values: dict[str, Any] = field(default_factory=dict)

    def n(self, figure: str) -> int:
        value = self.values.get(FIGURES[figure])
        if isinstance(value, LazyCount):
            return value.exact()
        return int(value or 0)

    def below(self, figure: str, limit: int) -> bool:
        """Whether the figure is built from 1 … limit − 1 children, without counting them
        exactly when a lower bound already says no."""
        value = self.values.get(FIGURES[figure])
        if isinstance(value, LazyCount) and value.lower >= limit:
            return False
        return 0 < self.n(figure) < limit


class LazyCount:
    """A count of distinct children known to be at least `lower`, counted exactly (a union of
    ids, the costly part of a cell) only when asked: the suppression needs the exact count only
    of small cells and of the few parts it compares."""

    def __init__(self, lower: int, count: Callable[[], int]) -> None:
        self.lower = lower
        self._count = count
        self._exact: int | None = None

    def exact(self) -> int:
        if self._exact is None:
            self._exact = self._count()
        return self._exact


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks, exactly like PostgreSQL percentile_cont."""
    return percentile_of_sorted(sorted(values), fraction)


def percentile_of_sorted(ordered: list[float], fraction: float) -> float | None:
    """percentile_cont of values already in order (the same arithmetic as PostgreSQL's)."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period as aware datetimes: local midnight of start up to local midnight after end."""
    tz = timezone.get_current_timezone()
    lower = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return lower, upper


def _keys(
    grouping: Grouping, slug: str, month: str, part: str | None = None
) -> list[tuple[str, str]]:
    """Every (group, period) cell a report received in `month` ("YYYY-MM") counts in; with a
    `part` of a split (splits.py) also every (group|part, period) cell."""
    area = grouping.area_of[slug]
    year = month[:4]
    keys = [(slug, ALL), (CITY, ALL), (CITY, month), (CITY, year)]
    if area != Area.NONE:
        keys += [(area, ALL), (area, month), (area, year)]
    if part is not None:
        keys += [(f"{group}{PART_SEPARATOR}{part}", period) for group, period in keys]
    return keys


# A split's cells are keyed (group|part, period): "jarva|female", "city|7".
PART_SEPARATOR = "|"


def split_group(group: str) -> tuple[str, str | None]:
    """A cell's group as (group, part), part None for the whole group."""
    base, _sep, part = group.partition(PART_SEPARATOR)
    return base, (part or None)
