"""Equal treatment: reaction times per district, inner and outer city and the whole city.

The cohort is every concern report received in the period. Report-level figures (time to safety
assessment) count each report; case-level figures (pre-assessment, first intervention,
investigation) count each case once, on its first report (earliest received, then lowest id), and
only when that first report falls in the period. Districts that were merged count under their
successor (Rinkeby-Kista under Järva), so a series over the years compares like with like.

Definitions (days are calendar days from the local date of the first report, except the safety
assessment, which is measured in fractional days from the report's time of receipt):
- pre-assessment late: decided after the pre-assessment limit (its deadline rule, limits.py)
  counted from the report; a case still undecided after the limit counts as late, one undecided
  within it is not yet counted;
- investigation over its limit: closed after opened_on + the investigation's deadline rule (in
  calendar months, clamped to the month's end); an ongoing one counts as over once that date has
  passed, and is not yet counted before;
- investigation length: closed investigations only.

Censoring. A report received last week cannot yet have led to an intervention, so the figures of
recent periods would look fast only because the slow cases have not happened yet. Every
time-to-event figure therefore counts only what happens within a fixed follow-up window after the
report (WINDOW_DAYS: the safety assessment within 30 days, the pre-assessment within 90, the first
intervention within 365; an investigation opened within 90 days of the report and closed within
365 days of opening; one still open after 365 days counts as open). The windows are the same for
every period, so old and new periods compare like with like, and a period's figure is final once
every report of it has had its whole window (censoring.py): before that it is marked incomplete
(`complete: false` with the date from which it is final). Kaplan-Meier medians were considered and
not used: most reports never lead to an intervention, which Kaplan-Meier would treat as "not yet",
and its median is undefined when fewer than half of the reports reach the step.

Two computations, compared cell by cell by the tests on the same generated data:
- PostgreSQL (the app): per-report reaction facts that triggers keep fresh, summed up per district
  and month (the reaction months, store.py), which Python merges into the figures of each group
  and period (months.py);
- Python straight from the records (python.py): the SQLite demo's path.
The modules: figures.py (groups, cells, shared arithmetic), store.py, months.py, python.py,
censoring.py; this one chooses the computation.
"""

import datetime as dt

from django.db import connection
from django.utils import timezone

from skyddsnat.followup.equality.censoring import incomplete_figures, periods
from skyddsnat.followup.equality.figures import (
    ALL,
    CITY,
    COUNTS,
    FIGURES,
    WINDOW_DAYS,
    Cell,
    Grouping,
    LazyCount,
    _bounds,
    percentile_cont,
    percentile_of_sorted,
)
from skyddsnat.followup.equality.months import compute_months
from skyddsnat.followup.equality.python import compute_python
from skyddsnat.followup.equality.store import facts_archive, refresh_facts
from skyddsnat.followup.limits import Limits

__all__ = [
    "ALL",
    "CITY",
    "COUNTS",
    "FIGURES",
    "WINDOW_DAYS",
    "Cell",
    "Grouping",
    "LazyCount",
    "_bounds",
    "compute",
    "facts_archive",
    "incomplete_figures",
    "percentile_cont",
    "percentile_of_sorted",
    "periods",
    "refresh_facts",
]


def compute(
    *,
    start: dt.date,
    end: dt.date,
    on: dt.date | None = None,
    use_sql: bool | None = None,
    monthly: bool = True,
    lazy_counts: bool = False,
    limits: Limits | None = None,
    grouping: Grouping | None = None,
    split: str | None = None,
) -> dict[tuple[str, str], Cell]:
    """Raw (unsuppressed) figures per (group, period) for reports received start..end inclusive.

    `on` is the day ongoing pre-assessments and investigations are judged on (default today);
    `monthly=False` leaves out the monthly series (long periods are shown per year). On
    PostgreSQL (or `use_sql=True`) the figures come from the reaction months, elsewhere (or
    `use_sql=False`) from the records in Python. `lazy_counts` counts distinct children only when
    the suppression asks (the reaction months only). `limits` and `grouping` default to
    the deadline rules and the districts as they stand (a caller that has them passes them).
    `split` ("sex", "age_band") adds the cells of each part of each group (splits.py).
    """
    on = on or timezone.localdate()
    grouping = grouping or Grouping.load()
    limits = limits or Limits.load()
    if use_sql is None:
        use_sql = connection.vendor == "postgresql"
    if use_sql:
        cells = compute_months(
            start=start,
            end=end,
            on=on,
            grouping=grouping,
            limits=limits,
            monthly=monthly,
            lazy_counts=lazy_counts,
            split=split,
        )
    else:
        cells = compute_python(
            start=start, end=end, on=on, grouping=grouping, limits=limits, split=split
        )
    if not monthly:
        cells = {key: cell for key, cell in cells.items() if len(key[1]) != 7}
    return cells
