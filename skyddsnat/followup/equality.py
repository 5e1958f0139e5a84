"""Equal treatment: reaction times per district, inner and outer city and the whole city.

The cohort is every concern report received in the period. Report-level figures (time to safety
assessment) count each report; case-level figures (pre-assessment, first intervention,
investigation) count each case once, on its first report (earliest received, then lowest id), and
only when that first report falls in the period. Districts that were merged count under their
successor (Rinkeby-Kista under Järva), so a series over the years compares like with like.

Definitions (days are calendar days from the local date of the first report, except the safety
assessment, which is measured in fractional days from the report's time of receipt):
- pre-assessment late: decided more than 14 days after the report; a case still undecided more
  than 14 days after the report counts as late, one undecided within 14 days is not yet counted;
- investigation over 4 months: closed after opened_on + 4 calendar months; an ongoing one counts
  as over once that date has passed, and is not yet counted before;
- investigation length: closed investigations only.

Censoring. A report received last week cannot yet have led to an intervention, so the figures of
recent periods would look fast only because the slow cases have not happened yet. Every
time-to-event figure therefore counts only what happens within a fixed follow-up window after the
report (WINDOW_DAYS: the safety assessment within 30 days, the pre-assessment within 90, the first
intervention within 365; an investigation opened within 90 days of the report and closed within
365 days of opening; one still open after 365 days counts as open). The windows are the same for
every period, so old and new periods compare like with like, and a period's figure is final once
every report of it has had its whole window (final_dates): before that it is marked incomplete
(`complete: false` with the date from which it is final). Kaplan-Meier medians were considered and
not used: most reports never lead to an intervention, which Kaplan-Meier would treat as "not yet",
and its median is undefined when fewer than half of the reports reach the step.

PostgreSQL works from per-report reaction facts that triggers keep fresh (see REFRESH_STALE_SQL),
summed up per district and month (the reaction months), which Python merges into the figures of
each group and period; one aggregate query over the facts gives the same figures (by_months=False).
Other databases (the SQLite demo) get the same figures computed in Python from the records.
"""

import datetime as dt
import math
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import Any

import psycopg
from django.db import connection, transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.utils import timezone

from skyddsnat.cases.models import Decision, Intervention, Investigation
from skyddsnat.children.models import EarlyHelp, Report
from skyddsnat.lib.dates import add_months
from skyddsnat.organisation.models import Area, DecisionType, District

CITY = "city"
ALL = "all"  # the whole period, as opposed to a year ("2021") or a month ("2021-03")
PRE_ASSESSMENT_DAYS = 14
INVESTIGATION_MONTHS = 4
PRE_DECISIONS = (DecisionType.OPEN_INVESTIGATION.value, DecisionType.NO_INVESTIGATION.value)

# The follow-up window of each time-to-event measure, in days after the report (see the module
# docstring). A statistical choice, not a legal limit: the same for every period.
WINDOW_DAYS = {
    "safety": 30,
    "pre": 90,
    "intervention": 365,
    "investigation_opened": 90,  # investigation opened within this many days of the report
    "investigation": 365,  # and closed within this many days of opening
}
# The longest four calendar months (an investigation open after its limit counts as over).
FOUR_MONTHS_MAX_DAYS = 123

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


def _keys(grouping: Grouping, slug: str, month: str) -> list[tuple[str, str]]:
    """Every (group, period) cell a report received in `month` ("YYYY-MM") counts in."""
    area = grouping.area_of[slug]
    year = month[:4]
    keys = [(slug, ALL), (CITY, ALL), (CITY, month), (CITY, year)]
    if area != Area.NONE:
        keys += [(area, ALL), (area, month), (area, year)]
    return keys


def compute(
    *,
    start: dt.date,
    end: dt.date,
    on: dt.date | None = None,
    use_sql: bool | None = None,
    monthly: bool = True,
    by_months: bool = True,
    lazy_counts: bool = False,
) -> dict[tuple[str, str], Cell]:
    """Raw (unsuppressed) figures per (group, period) for reports received start..end inclusive.

    `on` is the day ongoing pre-assessments and investigations are judged on (default today);
    `monthly=False` leaves out the monthly series (long periods are shown per year). On
    PostgreSQL the figures come from the reaction months, or with `by_months=False` from one
    aggregate over the reaction facts (the same figures, slower over long periods).
    """
    on = on or timezone.localdate()
    grouping = Grouping.load()
    if use_sql is None:
        use_sql = connection.vendor == "postgresql"
    if use_sql and by_months:
        cells = _compute_months(
            start=start,
            end=end,
            on=on,
            grouping=grouping,
            monthly=monthly,
            lazy_counts=lazy_counts,
        )
    elif use_sql:
        cells = _compute_sql(start=start, end=end, on=on, grouping=grouping, monthly=monthly)
    else:
        cells = _compute_python(start=start, end=end, on=on, grouping=grouping)
    if not monthly:
        cells = {key: cell for key, cell in cells.items() if len(key[1]) != 7}
    return cells


# --- Python: for SQLite, and as the second computation that tests compare the SQL with. ---


def _compute_python(
    *, start: dt.date, end: dt.date, on: dt.date, grouping: Grouping
) -> dict[tuple[str, str], Cell]:
    lower, upper = _bounds(start, end)
    in_period = Report.objects.filter(received_at__gte=lower, received_at__lt=upper)
    reports = list(
        in_period.values_list(
            "id",
            "case_id",
            "child_id",
            "district_id",
            "received_at",
            "safety_assessment__assessed_at",
        )
    )
    case_ids = in_period.values("case_id")
    first: dict[int, tuple[dt.datetime, int]] = {}
    for case_id, report_id, received_at in Report.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "id", "received_at"
    ):
        if case_id not in first or (received_at, report_id) < first[case_id]:
            first[case_id] = (received_at, report_id)
    pre: dict[int, dt.date] = {}
    for case_id, decided_on in Decision.objects.filter(
        case_id__in=case_ids, decision_type__in=PRE_DECISIONS
    ).values_list("case_id", "decided_on"):
        pre[case_id] = min(decided_on, pre.get(case_id, decided_on))
    # The first intervention: a decided one, or early help offered from the case (no decision).
    first_intervention: dict[int, dt.date] = {}
    started = chain(
        Intervention.objects.filter(case_id__in=case_ids).values_list("case_id", "started_on"),
        EarlyHelp.objects.filter(case_id__in=case_ids).values_list("case_id", "started_on"),
    )
    for case_id, started_on in started:
        first_intervention[case_id] = min(started_on, first_intervention.get(case_id, started_on))
    investigations = {
        case_id: (opened_on, closed_on)
        for case_id, opened_on, closed_on in Investigation.objects.filter(
            case_id__in=case_ids
        ).values_list("case_id", "opened_on", "closed_on")
    }

    samples: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for report_id, case_id, child_id, district_id, received_at, assessed_at in reports:
        slug = grouping.district_group[district_id]
        received_day = timezone.localtime(received_at).date()
        safety_days = (
            math.floor((assessed_at - received_at).total_seconds() / 3600) / 24
            if assessed_at
            else None
        )
        if safety_days is not None and safety_days > WINDOW_DAYS["safety"]:
            safety_days = None
        fact: dict[str, float | bool | None] = {"safety": safety_days}
        if first[case_id][1] == report_id:
            first_day = received_day
            pre_decided_on = pre.get(case_id)
            if (
                pre_decided_on is not None
                and (pre_decided_on - first_day).days > WINDOW_DAYS["pre"]
            ):
                pre_decided_on = None  # outside the window: as if still undecided (late)
            if pre_decided_on is not None:
                pre_days = (pre_decided_on - first_day).days
                fact["pre"] = pre_days
                fact["pre_late"] = pre_days > PRE_ASSESSMENT_DAYS
            elif (on - first_day).days > PRE_ASSESSMENT_DAYS:
                fact["pre_late"] = True
            if case_id in first_intervention:
                days = (first_intervention[case_id] - first_day).days
                if days <= WINDOW_DAYS["intervention"]:
                    fact["intervention"] = days
            opened_on, closed_on = investigations.get(case_id, (None, None))
            if (
                opened_on is not None
                and (opened_on - first_day).days > WINDOW_DAYS["investigation_opened"]
            ):
                opened_on = None
            if opened_on is not None:
                if (
                    closed_on is not None
                    and (closed_on - opened_on).days > WINDOW_DAYS["investigation"]
                ):
                    closed_on = None  # still open at the end of its window
                limit = add_months(opened_on, INVESTIGATION_MONTHS)
                if closed_on is not None:
                    fact["investigation"] = (closed_on - opened_on).days
                    fact["investigation_over"] = closed_on > limit
                elif on > limit:
                    fact["investigation_over"] = True
        for key in _keys(grouping, slug, received_day.strftime("%Y-%m")):
            bucket = samples[key]
            bucket["children"].append(child_id)
            for name, value in fact.items():
                if value is not None:
                    bucket[name].append(value)
                    bucket[f"{name}_children"].append(child_id)

    cells: dict[tuple[str, str], Cell] = {}
    for (group, period), bucket in samples.items():

        def distinct(name: str, bucket: dict[str, list] = bucket) -> int:
            return len(set(bucket[f"{name}_children"]))

        def share(name: str, bucket: dict[str, list] = bucket) -> float | None:
            flags = bucket[name]
            return sum(flags) / len(flags) if flags else None

        cells[(group, period)] = Cell(
            group=group,
            period=period,
            values={
                "reports": len(bucket["children"]),
                "children": len(set(bucket["children"])),
                "safety_median": percentile_cont(bucket["safety"], 0.5),
                "safety_p90": percentile_cont(bucket["safety"], 0.9),
                "safety_n": distinct("safety"),
                "pre_median": percentile_cont(bucket["pre"], 0.5),
                "pre_p90": percentile_cont(bucket["pre"], 0.9),
                "pre_n": distinct("pre"),
                "pre_late_share": share("pre_late"),
                "pre_late_n": distinct("pre_late"),
                "intervention_median": percentile_cont(bucket["intervention"], 0.5),
                "intervention_p90": percentile_cont(bucket["intervention"], 0.9),
                "intervention_n": distinct("intervention"),
                "investigation_median": percentile_cont(bucket["investigation"], 0.5),
                "investigation_p90": percentile_cont(bucket["investigation"], 0.9),
                "investigation_n": distinct("investigation"),
                "investigation_over_share": share("investigation_over"),
                "investigation_over_n": distinct("investigation_over"),
            },
        )
    return cells


# --- PostgreSQL: reaction facts kept fresh by triggers, then one aggregate query. ---
#
# Deriving each report's reaction times (is it its case's first report? the first pre-assessment
# decision, the first intervention, the investigation) joins five tables and costs seconds at ten
# years of Stockholm. So the derivation is stored, one row per report, in followup_reactionfact.
# Triggers on the source tables put every case they touch in followup_stalecase (migration
# 0004); every computation first rebuilds the facts of the stale cases in its own transaction.
# The figures are therefore always those of the committed records, whichever way the records
# were written (services, admin, a bulk load). `manage.py followup_refresh` rebuilds everything.

# A lazy count of children is left uncounted when its lower bound reaches this (suppression.py
# suppresses below five).
MIN_CHILDREN_BOUND = 5
MONTHS_LOCK = 0x5D5F_0001  # one refresh of the reaction months at a time, see refresh_months
FACT_COLUMNS = ("report_id", "case_id", "child_id", "district_id", "received_at", "received_on",
    "month", "safety_days", "is_first", "pre_days", "intervention_days", "investigation_days",
    "investigation_limit", "investigation_closed_on")  # fmt: skip

# The facts of the cases in `cases` (a query or a table of case_id), derived from the records.
DERIVE_CTES = """
first AS (
    SELECT DISTINCT ON (r.case_id) r.case_id, r.id AS report_id,
        (r.received_at AT TIME ZONE %(tz)s)::date AS first_day
    FROM children_report r
    WHERE r.case_id IN (SELECT case_id FROM {cases})
    ORDER BY r.case_id, r.received_at, r.id
),
case_facts AS (
    SELECT first.report_id,
        CASE WHEN pre.decided_on - first.first_day <= {pre_window}
             THEN pre.decided_on - first.first_day END AS pre_days,
        CASE WHEN fi.started_on - first.first_day <= {intervention_window}
             THEN fi.started_on - first.first_day END AS intervention_days,
        CASE WHEN inv.closed_on - inv.opened_on <= {investigation_window}
             THEN inv.closed_on - inv.opened_on END AS investigation_days,
        (inv.opened_on + interval '4 months')::date AS investigation_limit,
        CASE WHEN inv.closed_on - inv.opened_on <= {investigation_window}
             THEN inv.closed_on END AS investigation_closed_on
    FROM first
    LEFT JOIN (
        SELECT d.case_id, min(d.decided_on) AS decided_on
        FROM cases_decision d
        WHERE d.case_id IN (SELECT case_id FROM {cases})
          AND d.decision_type IN ('open_investigation', 'no_investigation')
        GROUP BY d.case_id
    ) pre ON pre.case_id = first.case_id
    LEFT JOIN (
        SELECT i.case_id, min(i.started_on) AS started_on
        FROM (
            SELECT case_id, started_on FROM cases_intervention
            UNION ALL
            SELECT case_id, started_on FROM children_earlyhelp
        ) i
        WHERE i.case_id IN (SELECT case_id FROM {cases})
        GROUP BY i.case_id
    ) fi ON fi.case_id = first.case_id
    LEFT JOIN cases_investigation inv ON inv.case_id = first.case_id
        AND inv.opened_on - first.first_day <= {investigation_opened_window}
)
"""
DERIVE_INSERT = """
INSERT INTO followup_reactionfact ({columns})
SELECT r.id, r.case_id, r.child_id, r.district_id, r.received_at,
    (r.received_at AT TIME ZONE %(tz)s)::date,
    to_char(r.received_at AT TIME ZONE %(tz)s, 'YYYY-MM'),
    CASE WHEN sa.assessed_at - r.received_at <= interval '{safety_window} days'
         THEN floor(extract(epoch FROM sa.assessed_at - r.received_at) / 3600)::float8 / 24 END,
    cf.report_id IS NOT NULL, cf.pre_days, cf.intervention_days, cf.investigation_days,
    cf.investigation_limit, cf.investigation_closed_on
FROM children_report r
LEFT JOIN children_safetyassessment sa ON sa.report_id = r.id
LEFT JOIN case_facts cf ON cf.report_id = r.id
WHERE r.case_id IN (SELECT case_id FROM {cases})
"""

# One statement, so one snapshot: take the stale cases, drop the facts of reports no longer in
# any of them, write the facts of every report they hold (a report moved between two stale cases
# is updated in place). A concurrent reader waits for the stale rows this one took, then finds
# them gone; a writer marking a case again leaves it stale for the next computation.
STALE_CTES = """
WITH stale AS (DELETE FROM followup_stalecase RETURNING case_id),
before AS (
    SELECT district_id, month, child_id FROM followup_reactionfact
    WHERE case_id IN (SELECT case_id FROM stale)
),
gone AS (
    DELETE FROM followup_reactionfact f
    WHERE f.case_id IN (SELECT case_id FROM stale)
      AND NOT EXISTS (
          SELECT 1 FROM children_report r
          WHERE r.id = f.report_id AND r.case_id IN (SELECT case_id FROM stale)
      )
),
"""
WINDOWS = {f"{name}_window": days for name, days in WINDOW_DAYS.items()}
DERIVE_CTES = DERIVE_CTES.replace("{cases}", "{{cases}}").format(**WINDOWS)
DERIVE_INSERT = (
    DERIVE_INSERT.replace("{cases}", "{{cases}}")
    .replace("{columns}", "{{columns}}")
    .format(**WINDOWS)
)
DERIVE_SQL = DERIVE_CTES + DERIVE_INSERT
# ... and returns every (district, month) whose facts it changed, before or after.
REFRESH_STALE_SQL = "".join(
    [
        STALE_CTES,
        DERIVE_CTES.format(cases="stale"),
        ",\nwritten AS (",
        DERIVE_INSERT.format(cases="stale", columns=", ".join(FACT_COLUMNS)),
        "ON CONFLICT (report_id) DO UPDATE SET ",
        ", ".join(f"{column} = EXCLUDED.{column}" for column in FACT_COLUMNS[1:]),
        " RETURNING district_id, month, child_id),\n",
        f"locked AS (SELECT pg_advisory_xact_lock({MONTHS_LOCK}) WHERE EXISTS (TABLE stale))\n",
        "SELECT district_id, month, child_id FROM written, locked",
        " UNION SELECT district_id, month, child_id FROM before, locked",
    ]
)

REBUILD_SQL = "WITH " + DERIVE_SQL.format(  # noqa: S608
    cases="(SELECT DISTINCT case_id FROM children_report) AS every_case",
    columns=", ".join(FACT_COLUMNS),
)


def refresh_facts(*, everything: bool = False) -> None:
    """Bring the facts and the reaction months up to date with the committed records: the stale
    cases, or (after a bulk load or a restore) everything. Runs in the caller's transaction."""
    params = {"tz": str(timezone.get_current_timezone())}
    with transaction.atomic(), connection.cursor() as cursor:
        if everything:
            cursor.execute("DELETE FROM followup_stalecase")
            # TRUNCATE, not DELETE: a full rebuild must not leave a table of dead rows behind.
            cursor.execute("TRUNCATE followup_reactionfact")
            cursor.execute(REBUILD_SQL, params)
            cursor.execute("ANALYZE followup_reactionfact")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MONTHS_LOCK])
            cursor.execute("TRUNCATE followup_reactionmonth")
            cursor.execute(f"INSERT INTO followup_reactionmonth {months_sql('TRUE')}")
            return
        cursor.execute(REFRESH_STALE_SQL, params)
        changed = cursor.fetchall()
        if changed:
            refresh_months(cursor, changed)


FACTS_SQL = """
WITH dm(district_id, grp, area) AS (VALUES {district_values}),
facts AS (
    SELECT f.child_id, dm.grp, dm.area, f.month, left(f.month, 4) AS year,
        f.safety_days AS safety,
        f.pre_days::float8 AS pre,
        CASE WHEN f.pre_days IS NOT NULL THEN f.pre_days > %(pre_limit)s
             WHEN f.is_first AND %(on)s::date - f.received_on > %(pre_limit)s THEN TRUE
        END AS pre_late,
        f.intervention_days::float8 AS intervention,
        f.investigation_days::float8 AS investigation,
        CASE WHEN f.investigation_closed_on IS NOT NULL
                 THEN f.investigation_closed_on > f.investigation_limit
             WHEN %(on)s::date > f.investigation_limit THEN TRUE
        END AS investigation_over
    FROM followup_reactionfact f
    JOIN dm ON dm.district_id = f.district_id
    WHERE f.received_at >= %(lower)s AND f.received_at < %(upper)s
)
SELECT GROUPING(grp) AS g_grp, GROUPING(area) AS g_area, {month_grouping} AS g_month,
    GROUPING(year) AS g_year, grp, area, {month_column}, year,
    count(*) AS reports,
    count(DISTINCT child_id) AS children,
    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY safety) AS safety_quantiles,
    count(DISTINCT child_id) FILTER (WHERE safety IS NOT NULL) AS safety_n,
    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY pre) AS pre_quantiles,
    count(DISTINCT child_id) FILTER (WHERE pre IS NOT NULL) AS pre_n,
    (count(*) FILTER (WHERE pre_late))::float8 / nullif(count(pre_late), 0) AS pre_late_share,
    count(DISTINCT child_id) FILTER (WHERE pre_late IS NOT NULL) AS pre_late_n,
    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY intervention) AS intervention_quantiles,
    count(DISTINCT child_id) FILTER (WHERE intervention IS NOT NULL) AS intervention_n,
    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY investigation)
        AS investigation_quantiles,
    count(DISTINCT child_id) FILTER (WHERE investigation IS NOT NULL) AS investigation_n,
    (count(*) FILTER (WHERE investigation_over))::float8
        / nullif(count(investigation_over), 0) AS investigation_over_share,
    count(DISTINCT child_id) FILTER (WHERE investigation_over IS NOT NULL)
        AS investigation_over_n
FROM facts
GROUP BY GROUPING SETS ((grp, area), (area), (), {monthly_sets}(area, year), (year))
"""


def facts_sql(grouping: Grouping, *, monthly: bool = True) -> str:
    """The query with the district map inlined as VALUES (ids are ints, slugs are ours)."""
    values = ", ".join(
        f"({int(pk)}, '{slug}', '{grouping.area_of[slug]}')"
        for pk, slug in sorted(grouping.district_group.items())
    )
    return FACTS_SQL.format(
        district_values=values,
        monthly_sets="(area, month), (month), " if monthly else "",
        month_grouping="GROUPING(month)" if monthly else "1",
        month_column="month" if monthly else "NULL::text AS month",
    )


def _compute_sql(
    *, start: dt.date, end: dt.date, on: dt.date, grouping: Grouping, monthly: bool
) -> dict[tuple[str, str], Cell]:
    lower, upper = _bounds(start, end)
    params: dict[str, Any] = {
        "lower": lower,
        "upper": upper,
        "on": on,
        "pre_limit": PRE_ASSESSMENT_DAYS,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        refresh_facts()
        # The percentiles sort every value of every group: memory instead of disk. Compiling
        # this wide query with JIT costs more than it saves.
        cursor.execute(
            "SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)"
        )
        cursor.execute(facts_sql(grouping, monthly=monthly), params)
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    cells: dict[tuple[str, str], Cell] = {}
    for row in rows:
        if not row["g_grp"]:
            key = (row["grp"], ALL)
        elif not row["g_month"]:
            key = (row["area"] if not row["g_area"] else CITY, row["month"])
        elif not row["g_year"]:
            key = (row["area"] if not row["g_area"] else CITY, row["year"])
        else:
            key = (row["area"] if not row["g_area"] else CITY, ALL)
        if key[0] == Area.NONE:
            continue  # districts outside any city area are only counted in the whole city
        for measure in ("safety", "pre", "intervention", "investigation"):
            median, p90 = row.pop(f"{measure}_quantiles") or (None, None)
            row[f"{measure}_median"], row[f"{measure}_p90"] = median, p90
        values = {name: row[name] for name in (*FIGURES, *COUNTS)}
        cells[key] = Cell(group=key[0], period=key[1], values=values)
    return cells


# --- PostgreSQL, any period: reaction months, merged in Python. ---
#
# Aggregating every fact of ten years in SQL costs seconds: each percentile sorts its values once
# per grouping set, each count of distinct children once more. So the facts are also kept summed
# up per (district, month) in followup_reactionmonth, refreshed in the same transaction as the
# facts for the months whose facts changed. Each month holds:
# - the number of reports, and per measure a HISTOGRAM of its values (counts per whole hour for
#   the safety assessment, per whole day for the others; bounded by the window, however many
#   reports a month has);
# - what depends on the day the figures are judged on, as sorted dates with their children in
#   the same order: undecided pre-assessments by report day, ongoing investigations by their
#   4-month limit; a bisection on reading finds those late or over by that day;
# - per measure, the children it was measured on, in two parts: those "listed" (they have facts
#   in another month or district, or an undecided or ongoing case here) by id, the others only
#   as a count (they appear in this month and nowhere else, so no other month can count them).
# A period is its whole months, read from the table, plus at most two cut months at its ends,
# summed up the same way on the fly from the facts of the days inside (every child listed).
#
# Why merging the months of a cell gives exactly the figures of the plain aggregate
# (_compute_sql, which the tests compare it with):
# - counts add up; shares are count / count in both;
# - the added-up histogram counts the cell's values, so percentile_of_histogram finds the same
#   two ranks and interpolates them with the same float arithmetic as percentile_cont;
# - the distinct children of a cell are its months' only-here children (each in one month, so
#   no double counting) plus the union of its months' listed ones.

KINDS = ("children", "safety", "pre", "intervention", "investigation")
MONTH_COLUMNS = ("district_id", "month", "reports", "safety", "pre", "intervention",
    "investigation", "investigation_over", "undecided_on", "undecided_children", "ongoing_limit",
    "ongoing_children", *(f"{kind}_single" for kind in KINDS),
    *(f"{kind}_listed" for kind in KINDS))  # fmt: skip

UNDECIDED = "f.is_first AND f.pre_days IS NULL"
ONGOING = "f.investigation_limit IS NOT NULL AND f.investigation_closed_on IS NULL"
MEASURES = ("safety_days", "pre_days", "intervention_days", "investigation_days")
# A child is listed in a month (by id) when they have facts in another month or district, or an
# undecided pre-assessment or ongoing investigation here; otherwise only counted.
LISTED = f"""bool_or(({UNDECIDED}) OR ({ONGOING}) OR EXISTS (
    SELECT 1 FROM followup_reactionfact g
    WHERE g.child_id = f.child_id AND g.district_id IS NOT NULL
      AND (g.district_id <> f.district_id OR g.month <> f.month)
)) OVER (PARTITION BY f.district_id, f.month, f.child_id)"""  # noqa: S608


def months_sql(
    where: str, *, list_all: bool = False, source: str = "followup_reactionfact f"
) -> str:
    """The months of the facts that satisfy `where` (SQL over `f`), as columns MONTH_COLUMNS.
    `list_all` lists every child (for a part of a month, which a child may share with the rest)."""

    def listed(value: str, when: str, order: str = "", distinct: str = "") -> str:
        order = f" ORDER BY {order}" if order else ""
        return f"coalesce(array_agg({distinct}{value}{order}) FILTER (WHERE {when}), '{{}}')"

    present = ["TRUE", *(f"f.{m} IS NOT NULL" for m in MEASURES)]
    columns = [
        "f.district_id",
        "f.month",
        "count(*)",
        *(listed(_unit(m), f"f.{m} IS NOT NULL") for m in MEASURES),
        "count(*) FILTER (WHERE f.investigation_closed_on > f.investigation_limit)",
        listed("f.received_on", UNDECIDED, order="f.received_on, f.report_id"),
        listed("f.child_id", UNDECIDED, order="f.received_on, f.report_id"),
        listed("f.investigation_limit", ONGOING, order="f.investigation_limit, f.report_id"),
        listed("f.child_id", ONGOING, order="f.investigation_limit, f.report_id"),
        *(f"count(DISTINCT f.child_id) FILTER (WHERE {p} AND NOT f.listed)" for p in present),
        *(listed("f.child_id", f"{p} AND f.listed", distinct="DISTINCT ") for p in present),
    ]
    named = ", ".join(f"{c} AS {n}" for c, n in zip(columns, MONTH_COLUMNS, strict=True))
    outer = [_histogram(c) if c in HISTOGRAMS else f"m.{c}" for c in MONTH_COLUMNS]
    return (
        f"SELECT {', '.join(outer)} FROM (SELECT {named} FROM ("  # noqa: S608
        f"SELECT f.*, {'TRUE' if list_all else LISTED} AS listed FROM {source} "
        f"WHERE f.district_id IS NOT NULL AND {where}) f GROUP BY f.district_id, f.month) m"
    )


HISTOGRAMS = ("safety", "pre", "intervention", "investigation")


def _unit(measure: str) -> str:
    """The measure as a whole number: hours for the safety assessment (measured in whole hours,
    see DERIVE_INSERT), days for the others."""
    if measure == "safety_days":
        return "round(f.safety_days * 24)::int"
    return f"f.{measure}"


def _histogram(column: str) -> str:
    """A month's values of a measure (int[]) as a histogram: bytea of big-endian int4 counts, the
    count of value v at offset 4 v, up to the largest value (empty when there is none)."""
    return (
        "(SELECT coalesce(string_agg(int4send(coalesce(c.n, 0)::int4), ''::bytea ORDER BY g.v),"  # noqa: S608
        f" ''::bytea) FROM generate_series(0, (SELECT max(x) FROM unnest(m.{column}) x)) g(v)"
        f" LEFT JOIN (SELECT x AS v, count(*) AS n FROM unnest(m.{column}) x GROUP BY x) c"
        f" USING (v)) AS {column}"
    )


# The facts of the touched months, each month reached by the (district, month) index.
TOUCHED_FACTS = """(SELECT DISTINCT district_id, month FROM touched) t CROSS JOIN LATERAL (
    SELECT * FROM followup_reactionfact x WHERE x.district_id = t.district_id AND x.month = t.month
) f"""


def refresh_months(cursor: Any, changed: list[tuple[int | None, str, int]]) -> None:
    """Sum up again the (district, month)s whose facts changed, and those of the children in
    them (whether a child is listed may have changed), dropping months left empty.

    REFRESH_STALE_SQL took MONTHS_LOCK when it found stale cases, so one refresh runs at a time
    and this statement reads the facts after the lock: the last refresh sees every committed
    change (without the lock, two could each miss the other's facts)."""
    columns = ", ".join(f"{c} = EXCLUDED.{c}" for c in MONTH_COLUMNS[2:])
    cursor.execute(
        f"""
        WITH touched AS (
            SELECT * FROM unnest(%(districts)s::bigint[], %(months)s::text[])
                AS given(district_id, month)
            UNION
            SELECT district_id, month FROM followup_reactionfact
            WHERE child_id = ANY(%(children)s::bigint[])
        ),
        gone AS (
            DELETE FROM followup_reactionmonth m USING touched t
            WHERE m.district_id = t.district_id AND m.month = t.month AND NOT EXISTS (
                SELECT 1 FROM followup_reactionfact f
                WHERE f.district_id = m.district_id AND f.month = m.month
            )
        )
        INSERT INTO followup_reactionmonth
        {months_sql("TRUE", source=TOUCHED_FACTS)}
        ON CONFLICT (district_id, month) DO UPDATE SET {columns}
        """,  # noqa: S608
        {
            "districts": [d for d, _m, _c in changed],
            "months": [m for _d, m, _c in changed],
            "children": list({c for _d, _m, c in changed}),
        },
    )


def _whole_months(start: dt.date, end: dt.date) -> tuple[list[str], list[tuple[dt.date, dt.date]]]:
    """The months that lie wholly in start..end, and the stretches of days outside them."""
    first = start if start.day == 1 else add_months(start.replace(day=1), 1)
    after = add_months(end.replace(day=1), 1)
    stop = after if end == after - dt.timedelta(days=1) else end.replace(day=1)
    if first >= stop:
        return [], [(start, end)]
    months, month = [], first
    while month < stop:
        months.append(month.strftime("%Y-%m"))
        month = add_months(month, 1)
    edges = [(start, first - dt.timedelta(days=1))] if start < first else []
    if stop <= end:
        edges.append((stop, end))
    return months, edges


def binary_cursor() -> CursorWrapper:
    """A cursor that takes results in PostgreSQL's binary format (arrays of numbers arrive twice
    as fast), wrapped like Django's own so the query is logged and counted."""
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    raw.format = psycopg.pq.Format.BINARY
    if connection.queries_logged:
        return CursorDebugWrapper(raw, connection)
    return CursorWrapper(raw, connection)


def months_query(start: dt.date, end: dt.date) -> tuple[str, dict[str, Any]]:
    """The query for the reaction months of start..end: its whole months and its cut ends."""
    months, edges = _whole_months(start, end)
    columns = ", ".join(MONTH_COLUMNS)
    queries = [f"SELECT {columns} FROM followup_reactionmonth WHERE month = ANY(%(months)s)"]  # noqa: S608
    params: dict[str, Any] = {"months": months}
    for i, (lower, upper) in enumerate(_bounds(first, last) for first, last in edges):
        params |= {f"lower{i}": lower, f"upper{i}": upper}
        where = f"f.received_at >= %(lower{i})s AND f.received_at < %(upper{i})s"
        queries.append(months_sql(where, list_all=True))
    return " UNION ALL ".join(f"({q})" for q in queries), params


def _compute_months(
    *,
    start: dt.date,
    end: dt.date,
    on: dt.date,
    grouping: Grouping,
    monthly: bool,
    lazy_counts: bool = False,
) -> dict[tuple[str, str], Cell]:
    with transaction.atomic():
        refresh_facts()
        with binary_cursor() as cursor:
            cursor.execute(*months_query(start, end))
            rows = [dict(zip(MONTH_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        for name in HISTOGRAMS:
            row[name] = _packed(row[name])
    parts: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    parts[(CITY, ALL)] = []  # like the aggregate, the whole city has a row even without reports
    for row in rows:
        slug = grouping.district_group.get(row["district_id"])
        for key in _keys(grouping, slug, row["month"]) if slug else []:
            if monthly or len(key[1]) != 7:
                parts[key].append(row)
    cells = {
        key: Cell(group=key[0], period=key[1], values=_merge(members, on, lazy=lazy_counts))
        for key, members in parts.items()
    }
    return cells


# A histogram is added up as one Python integer: count v in bits 32 v … 32 v + 31. Adding two
# such integers adds every count at once (in C), with no carry between them while a count stays
# below 2**32; a count of reports cannot come near that.
BUCKET_BITS = 32


def _packed(histogram: bytes) -> tuple[int, int]:
    """A histogram column (big-endian int4 counts, see _histogram) as (packed integer, length)."""
    counts = array("i")
    counts.frombytes(histogram)
    counts.byteswap()  # each count's bytes reversed: little-endian, whatever this machine is
    return int.from_bytes(counts.tobytes(), "little"), len(counts)


def _sum(histograms: list[tuple[int, int]]) -> list[int]:
    """Histograms added up, as a list of counts (value v counted list[v] times)."""
    total = sum(packed for packed, _length in histograms)
    length = max((length for _packed, length in histograms), default=0)
    counts = array("i")
    counts.frombytes(total.to_bytes(4 * length, "little"))
    if sys.byteorder == "big":
        counts.byteswap()
    return counts.tolist()


def percentile_of_histogram(counts: list[int], fraction: float, scale: int = 1) -> float | None:
    """percentile_cont of the values a histogram counts (value v counted counts[v] times, worth
    v / scale): the same two ranks and the same float arithmetic as percentile_of_sorted."""
    cumulative = list(accumulate(counts))
    if not cumulative or not cumulative[-1]:
        return None
    position = fraction * (cumulative[-1] - 1)
    low, high = math.floor(position), math.ceil(position)
    # The value at rank r (from 0) is the first v whose cumulative count exceeds r.
    at_low, at_high = bisect_right(cumulative, low), bisect_right(cumulative, high)
    lower = at_low / scale if scale != 1 else float(at_low)
    upper = at_high / scale if scale != 1 else float(at_high)
    return lower + (upper - lower) * (position - low)


def _merge(months: list[dict[str, Any]], on: dt.date, *, lazy: bool = False) -> dict[str, Any]:
    """The figures of a cell from the summed-up months it is made of. With `lazy`, the counts of
    distinct children are LazyCounts, counted only when the suppression asks."""

    def children(kind: str, more: str = "", first: list[int] | None = None) -> Any:
        """Children counted in one month only, plus the distinct listed ones."""
        single = sum(month[f"{kind}_single"] for month in months)

        def count() -> int:
            ids: set[int] = set()
            for month in months:
                ids.update(month[f"{kind}_listed"])
            for month, n in zip(months, first or [], strict=False):
                ids.update(month[more][:n])
            return single + len(ids)

        if lazy and single >= MIN_CHILDREN_BOUND:
            return LazyCount(single, count)
        return count()

    histograms = {name: _sum([m[name] for m in months]) for name in HISTOGRAMS}
    # Undecided pre-assessments late by `on`, and ongoing investigations past their limit.
    late_before = on - dt.timedelta(days=PRE_ASSESSMENT_DAYS)
    undecided = [bisect_left(m["undecided_on"], late_before) for m in months]
    ongoing = [bisect_left(m["ongoing_limit"], on) for m in months]
    pre = histograms["pre"]
    pre_late = sum(pre[PRE_ASSESSMENT_DAYS + 1 :])
    pre_judged = sum(pre) + sum(undecided)
    over = sum(m["investigation_over"] for m in months) + sum(ongoing)
    over_judged = sum(histograms["investigation"]) + sum(ongoing)
    values: dict[str, Any] = {
        "reports": sum(m["reports"] for m in months),
        "children": children("children"),
        "safety_n": children("safety"),
        "pre_n": children("pre"),
        "pre_late_share": (pre_late + sum(undecided)) / pre_judged if pre_judged else None,
        "pre_late_n": children("pre", "undecided_children", undecided),
        "intervention_n": children("intervention"),
        "investigation_n": children("investigation"),
        "investigation_over_share": over / over_judged if over_judged else None,
        "investigation_over_n": children("investigation", "ongoing_children", ongoing),
    }
    for measure, counts in histograms.items():
        scale = 24 if measure == "safety" else 1  # the safety assessment in whole hours
        values[f"{measure}_median"] = percentile_of_histogram(counts, 0.5, scale)
        values[f"{measure}_p90"] = percentile_of_histogram(counts, 0.9, scale)
    return values


# From how many days after the last report of a period each figure is final (see WINDOW_DAYS):
# by then every report of the period has had its whole window.
FINAL_AFTER_DAYS: dict[str, int] = {
    "reports": 1,
    "safety_median": WINDOW_DAYS["safety"] + 1,
    "safety_p90": WINDOW_DAYS["safety"] + 1,
    "pre_median": WINDOW_DAYS["pre"] + 1,
    "pre_p90": WINDOW_DAYS["pre"] + 1,
    "pre_late_share": PRE_ASSESSMENT_DAYS + 1,
    "intervention_median": WINDOW_DAYS["intervention"] + 1,
    "intervention_p90": WINDOW_DAYS["intervention"] + 1,
    "investigation_median": WINDOW_DAYS["investigation_opened"] + WINDOW_DAYS["investigation"] + 1,
    "investigation_p90": WINDOW_DAYS["investigation_opened"] + WINDOW_DAYS["investigation"] + 1,
    "investigation_over_share": WINDOW_DAYS["investigation_opened"] + FOUR_MONTHS_MAX_DAYS + 1,
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


def incomplete_figures(period: str, end: dt.date, on: dt.date) -> dict[str, dt.date]:
    """The figures of a cell that are not final on `on`, each with the day it becomes final."""
    last = period_last_day(period, end)
    finals = {name: last + dt.timedelta(days=days) for name, days in FINAL_AFTER_DAYS.items()}
    return {name: day for name, day in finals.items() if day > on}


def periods(cells: Iterable[Cell], kind: str) -> list[str]:
    """The months ("YYYY-MM") or years ("YYYY") present, in order."""
    width = 7 if kind == "month" else 4
    return sorted({c.period for c in cells if c.period != ALL and len(c.period) == width})
