"""Censoring: which figures of a cell are not final yet (their reports have not all had their
follow-up window), and the periods present."""

import datetime as dt
from collections.abc import Iterable

from skyddsnat.followup.equality.figures import ALL, WINDOW_DAYS, Cell
from skyddsnat.followup.limits import Limits
from skyddsnat.lib.dates import add_months


def final_after_days(limits: Limits) -> dict[str, int]:
    """From how many days after the last report of a period each figure is final (see
    WINDOW_DAYS): by then every report of the period has had its whole window, and every
    investigation opened within its window has passed its limit."""
    investigation = WINDOW_DAYS["investigation_opened"] + WINDOW_DAYS["investigation"] + 1
    return {
        "reports": 1,
        "safety_median": WINDOW_DAYS["safety"] + 1,
        "safety_p90": WINDOW_DAYS["safety"] + 1,
        "pre_median": WINDOW_DAYS["pre"] + 1,
        "pre_p90": WINDOW_DAYS["pre"] + 1,
        "pre_late_share": limits.pre_assessment.longest_days() + 1,
        "intervention_median": WINDOW_DAYS["intervention"] + 1,
        "intervention_p90": WINDOW_DAYS["intervention"] + 1,
        "investigation_median": investigation,
        "investigation_p90": investigation,
        "investigation_over_share": WINDOW_DAYS["investigation_opened"]
        + limits.investigation.longest_days()
        + 1,
    }


def period_last_day(period: str, end: dt.date) -> dt.date:
    """The last day of reports a cell holds: its month or year, cut at the end of the period."""
    if period == ALL:
        return end
    if len(period) == 4:
        last = dt.date(int(period), 12, 31)
    else:
        last = add_months(dt.date(int(period[:4]), int(period[5:7]), 1), 1) - dt.timedelta(days=1)
    return min(last, end)


def incomplete_figures(
    period: str, end: dt.date, on: dt.date, limits: Limits | None = None
) -> dict[str, dt.date]:
    """The figures of a cell that are not final on `on`, each with the day it becomes final."""
    last = period_last_day(period, end)
    after = final_after_days(limits or Limits.load())
    finals = {name: last + dt.timedelta(days=days) for name, days in after.items()}
    return {name: day for name, day in finals.items() if day > on}


def periods(cells: Iterable[Cell], kind: str) -> list[str]:
    """The months ("YYYY-MM") or years ("YYYY") present, in order."""
    width = 7 if kind == "month" else 4
    return sorted({c.period for c in cells if c.period != ALL and len(c.period) == width})
