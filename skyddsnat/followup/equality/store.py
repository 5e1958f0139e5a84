"""The reaction facts and the reaction months: what PostgreSQL keeps derived from the records so
that the equal-treatment figures of ten years take milliseconds, and how it is kept fresh."""

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from skyddsnat.followup.equality.figures import WINDOW_DAYS
from skyddsnat.followup.limits import Limits

# Deriving each report's reaction times (is it its case's first report? the first pre-assessment
# decision, the first intervention, the investigation) joins five tables and costs seconds at ten
# years of Stockholm. So the derivation is stored, one row per report, in followup_reactionfact.
# Triggers on the source tables put every case they touch in followup_stalecase (migration
# 0004); every computation first rebuilds the facts of the stale cases in its own transaction.
# The figures are therefore always those of the committed records, whichever way the records
# were written (services, admin, a bulk load). `manage.py followup_refresh` rebuilds everything.
# Each investigation's limit is stored with its facts, built from the investigation's deadline
# rule (limits.py); a change of a deadline rule marks every case stale (migration 0010).

MONTHS_LOCK = 0x5D5F_0001  # one refresh of the reaction months at a time, see refresh_months
FACT_COLUMNS = ("report_id", "case_id", "child_id", "district_id", "received_at", "received_on",
    "month", "safety_days", "is_first", "pre_days", "intervention_days", "investigation_days",
    "investigation_limit", "investigation_closed_on", "sex", "age_band")  # fmt: skip

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
        (inv.opened_on + make_interval(
            months => %(investigation_months)s::int, days => %(investigation_days)s::int
        ))::date AS investigation_limit,
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
        AND inv.case_id IN (SELECT case_id FROM {cases})  -- by the index, not every one
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
    cf.investigation_limit, cf.investigation_closed_on,
    {sex}, coalesce((
        SELECT b.age_from FROM followup_ageband b
        WHERE b.age_from <= ab.age AND (b.age_to IS NULL OR ab.age <= b.age_to)
        ORDER BY b.age_from LIMIT 1
    ), -1)
FROM children_report r
LEFT JOIN children_safetyassessment sa ON sa.report_id = r.id
LEFT JOIN case_facts cf ON cf.report_id = r.id
LEFT JOIN people_person p ON p.id = r.child_id
CROSS JOIN LATERAL (
    SELECT extract(year FROM age((r.received_at AT TIME ZONE %(tz)s)::date, {born}))::int AS age
) ab
WHERE r.case_id IN (SELECT case_id FROM {cases})
"""

# One statement, so one snapshot: take the stale cases, drop the facts of reports no longer in
# any of them, write the facts of every report they hold (a report moved between two stale cases
# is updated in place). A concurrent reader waits for the stale rows this one took, then finds
# them gone; a writer marking a case again leaves it stale for the next computation.
STALE_CTES = """
WITH stale AS (DELETE FROM followup_stalecase RETURNING case_id),
before AS (
    SELECT report_id, district_id, month, child_id FROM followup_reactionfact
    WHERE case_id IN (SELECT case_id FROM stale)
),
gone AS (
    DELETE FROM followup_reactionfact f
    WHERE f.case_id IN (SELECT case_id FROM stale)
      AND NOT EXISTS (
          SELECT 1 FROM children_report r
          WHERE r.id = f.report_id AND r.case_id IN (SELECT case_id FROM stale)
      )
    RETURNING f.district_id, f.month, f.child_id
),
cost_gone AS (
    DELETE FROM followup_costfact f
    WHERE f.case_id IN (SELECT case_id FROM stale)
      AND NOT EXISTS (
          SELECT 1 FROM cases_intervention i
          WHERE i.id = f.intervention_id AND i.case_id IN (SELECT case_id FROM stale)
      )
),
cost_written AS (
    {COST_INSERT} WHERE i.case_id IN (SELECT case_id FROM stale)
    ON CONFLICT (intervention_id) DO UPDATE SET {COST_UPDATE}
),
"""
# The cost facts (models.CostFact): each intervention with its case's kind, district and person.
COST_COLUMNS = ("intervention_id", "case_id", "kind", "district_id", "person_id",
    "intervention_type_id", "started_on", "cost_sek")  # fmt: skip
COST_INSERT = f"""INSERT INTO followup_costfact ({", ".join(COST_COLUMNS)})
    SELECT i.id, i.case_id, c.kind, c.district_id, c.person_id, i.intervention_type_id,
        i.started_on, i.cost_sek
    FROM cases_intervention i JOIN cases_case c ON c.id = i.case_id"""  # noqa: S608
STALE_CTES = STALE_CTES.replace("{COST_INSERT}", COST_INSERT).replace(
    "{COST_UPDATE}", ", ".join(f"{c} = EXCLUDED.{c}" for c in COST_COLUMNS[1:])
)
WINDOWS = {f"{name}_window": days for name, days in WINDOW_DAYS.items()}
# The child's sex and date of birth as the splits use them (python.py the same): from the identity
# number when there is one (its second-to-last digit odd: M, even: K; a coordination number's day
# less 60), else the date of birth recorded; unknown sex without a number.
PERSONAL_NUMBER = "p.personal_identity_number ~ '^[0-9]{{12}}$'"
SEX_SQL = (
    f"CASE WHEN {PERSONAL_NUMBER} THEN CASE WHEN substr(p.personal_identity_number, 11, 1)::int"
    " %% 2 = 1 THEN 'M' ELSE 'K' END ELSE '' END"
)
# A number whose digits are no date (data loaded in bulk, never through the services) falls back
# to the date of birth recorded, as in python.py, instead of failing the whole refresh.
_YEAR = "substr(p.personal_identity_number, 1, 4)::int"
_MONTH = "substr(p.personal_identity_number, 5, 2)::int"
_DAY = (
    "(substr(p.personal_identity_number, 7, 2)::int"
    " - CASE WHEN substr(p.personal_identity_number, 7, 2)::int > 60 THEN 60 ELSE 0 END)"
)
BORN_SQL = (
    f"coalesce(CASE WHEN {PERSONAL_NUMBER} AND {_YEAR} >= 1 AND {_MONTH} BETWEEN 1 AND 12 THEN"
    f" CASE WHEN {_DAY} BETWEEN 1 AND extract(day FROM make_date({_YEAR}, {_MONTH}, 1)"
    f" + interval '1 month' - interval '1 day') THEN make_date({_YEAR}, {_MONTH}, {_DAY}) END"
    " END, p.date_of_birth)"
)
DERIVE_CTES = DERIVE_CTES.replace("{cases}", "{{cases}}").format(**WINDOWS)
DERIVE_INSERT = (
    DERIVE_INSERT.replace("{cases}", "{{cases}}")
    .replace("{columns}", "{{columns}}")
    .format(**WINDOWS, sex=SEX_SQL, born=BORN_SQL)
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
        # Only the facts that differ: a new report on an old case leaves its old facts as they
        # were, and their months need no summing up again.
        " WHERE (",
        ", ".join(f"followup_reactionfact.{column}" for column in FACT_COLUMNS[1:]),
        ") IS DISTINCT FROM (",
        ", ".join(f"EXCLUDED.{column}" for column in FACT_COLUMNS[1:]),
        ") RETURNING report_id, district_id, month, child_id),\n",
        f"locked AS (SELECT pg_advisory_xact_lock({MONTHS_LOCK}) WHERE EXISTS (TABLE stale))\n",
        "SELECT district_id, month, child_id FROM written, locked",
        " UNION SELECT b.district_id, b.month, b.child_id",
        " FROM before b JOIN written w USING (report_id), locked",
        " UNION SELECT district_id, month, child_id FROM gone, locked",
    ]
)

# In the order of the (district, month) index: a month's facts then lie together on disk, and
# summing up a month again reads a few pages instead of one page per fact.
MONTH_ORDER = f"{FACT_COLUMNS.index('district_id') + 1}, {FACT_COLUMNS.index('month') + 1}"
REBUILD_SQL = "WITH " + DERIVE_SQL.format(  # noqa: S608
    cases="(SELECT DISTINCT case_id FROM children_report) AS every_case",
    columns=", ".join(FACT_COLUMNS),
)
REBUILD_SQL += f" ORDER BY {MONTH_ORDER}"


def refresh_facts(*, everything: bool = False, limits: Limits | None = None) -> None:
    """Bring the facts (reaction facts, reaction months and cost facts) up to date with the
    committed records: the stale cases, or (after a bulk load or a restore) everything. Runs in
    the caller's transaction."""
    params: dict[str, str | int] = {"tz": str(timezone.get_current_timezone())}
    params |= (limits or Limits.load()).investigation.sql_params("investigation")
    with transaction.atomic(), connection.cursor() as cursor:
        if everything:
            cursor.execute("DELETE FROM followup_stalecase")
            # TRUNCATE, not DELETE: a full rebuild must not leave a table of dead rows behind;
            # but the facts of archived cases (removed under the retention rules) stay.
            cursor.execute("SELECT EXISTS (SELECT 1 FROM followup_archivedcase)")
            if cursor.fetchone()[0]:
                for table in ("followup_costfact", "followup_reactionfact"):
                    cursor.execute(
                        f"DELETE FROM {table} WHERE case_id NOT IN "  # noqa: S608
                        "(SELECT case_id FROM followup_archivedcase)"
                    )
            else:
                cursor.execute("TRUNCATE followup_costfact, followup_reactionfact")
            cursor.execute(COST_INSERT)
            cursor.execute("ANALYZE followup_costfact")
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


# The reaction months.
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
#   limit; a bisection on reading finds those late or over by that day;
# - per measure, the children it was measured on, in two parts: those "listed" (they have facts
#   in another month or district, or an undecided or ongoing case here) by id, the others only
#   as a count (they appear in this month and nowhere else, so no other month can count them).
# A period is its whole months, read from the table, plus at most two cut months at its ends,
# summed up the same way on the fly from the facts of the days inside (every child listed).
#
# Why merging the months of a cell (months.py) gives exactly the figures of the records (python.py,
# which the tests compare it with, cell by cell):
# - counts add up; shares are count / count in both;
# - the added-up histogram counts the cell's values, so percentile_of_histogram finds the same
#   two ranks and interpolates them with the same float arithmetic as percentile_of_sorted;
# - the distinct children of a cell are its months' only-here children (each in one month, so
#   no double counting) plus the union of its months' listed ones.

KINDS = ("children", "safety", "pre", "intervention", "investigation")
MONTH_COLUMNS = ("district_id", "month", "reports", "safety", "pre", "intervention",
    "investigation", "investigation_over", "undecided_on", "undecided_children", "ongoing_limit",
    "ongoing_children", *(f"{kind}_single" for kind in KINDS),
    *(f"{kind}_listed" for kind in KINDS), "sex", "age_band")  # fmt: skip
# A month row's key: the district and month, split by the child's sex and age band (the splits read
# the parts; the unsplit figures add them up). Sex and band are the table's last columns (migration
# 0016 added them), so they come last here too.
MONTH_KEY = ("district_id", "month", "sex", "age_band")

UNDECIDED = "f.is_first AND f.pre_days IS NULL"
ONGOING = "f.investigation_limit IS NOT NULL AND f.investigation_closed_on IS NULL"
MEASURES = ("safety_days", "pre_days", "intervention_days", "investigation_days")
# A child is listed in a month (by id) when they have facts in another month or district, or an
# undecided pre-assessment or ongoing investigation here; otherwise only counted.
LISTED = f"""bool_or(({UNDECIDED}) OR ({ONGOING}) OR EXISTS (
    SELECT 1 FROM followup_reactionfact g
    WHERE g.child_id = f.child_id AND g.district_id IS NOT NULL
      AND (g.district_id, g.month, g.sex, g.age_band)
          IS DISTINCT FROM (f.district_id, f.month, f.sex, f.age_band)
)) OVER (PARTITION BY f.district_id, f.month, f.sex, f.age_band, f.child_id)"""  # noqa: S608


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
        "f.sex",
        "f.age_band",
    ]
    named = ", ".join(f"{c} AS {n}" for c, n in zip(columns, MONTH_COLUMNS, strict=True))
    outer = [_histogram(c) if c in HISTOGRAMS else f"m.{c}" for c in MONTH_COLUMNS]
    return (
        f"SELECT {', '.join(outer)} FROM (SELECT {named} FROM ("  # noqa: S608
        f"SELECT f.*, {'TRUE' if list_all else LISTED} AS listed FROM {source} "
        f"WHERE f.district_id IS NOT NULL AND {where}) f "
        "GROUP BY f.district_id, f.month, f.sex, f.age_band) m"
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


# The facts of the changed months, each month reached by the (district, month) index.
TOUCHED_FACTS = """(SELECT DISTINCT district_id, month FROM changed) t CROSS JOIN LATERAL (
    SELECT * FROM followup_reactionfact x WHERE x.district_id = t.district_id AND x.month = t.month
) f"""

# A child of the changed facts who now has facts in another (district, month) too must be listed
# in each of their other months where they are still counted only (the count of "single" children
# of a cell adds up the months, so a child in two months must not be single in either). Moving
# such a child to the listed ones of an unchanged month patches that month in place (its count
# down, its lists up, per measure the child has there) instead of summing it up again: a day of
# new reports touches the old months of its children all over the ten years. (A child listed
# where it no longer had to be stays listed: listed ones are counted once however often they are
# listed, so the figures stay exact; a full refresh lists only where needed again.)
LIST_CHILDREN_SQL = f"""
WITH changed AS (
    SELECT * FROM unnest(%(districts)s::bigint[], %(months)s::text[]) AS given(district_id, month)
),
present AS (
    SELECT f.district_id, f.month, f.sex, f.age_band, f.child_id,
        {", ".join(f"bool_or(f.{m} IS NOT NULL) AS {m}" for m in MEASURES)}
    FROM followup_reactionfact f
    WHERE f.child_id = ANY(%(children)s::bigint[]) AND f.district_id IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM changed c WHERE c.district_id = f.district_id AND c.month = f.month
      )
    GROUP BY f.district_id, f.month, f.sex, f.age_band, f.child_id
),
moving AS (
    SELECT p.* FROM present p
    JOIN followup_reactionmonth m ON m.district_id = p.district_id AND m.month = p.month
        AND m.sex = p.sex AND m.age_band = p.age_band
    WHERE NOT (p.child_id = ANY(m.children_listed)) AND EXISTS (
        SELECT 1 FROM followup_reactionfact g
        WHERE g.child_id = p.child_id AND g.district_id IS NOT NULL
          AND (g.district_id, g.month, g.sex, g.age_band)
              IS DISTINCT FROM (p.district_id, p.month, p.sex, p.age_band)
    )
),
per_month AS (
    SELECT district_id, month, sex, age_band, count(*) AS children_n,
        array_agg(child_id) AS children_ids,
        {
    ", ".join(
        f"count(*) FILTER (WHERE {m}) AS {k}_n, "
        f"coalesce(array_agg(child_id) FILTER (WHERE {m}), '{{}}') AS {k}_ids"
        for k, m in zip(KINDS[1:], MEASURES, strict=True)
    )
}
    FROM moving GROUP BY district_id, month, sex, age_band
)
UPDATE followup_reactionmonth m SET
    {
    ", ".join(
        f"{k}_single = m.{k}_single - p.{k}_n, {k}_listed = m.{k}_listed || p.{k}_ids"
        for k in KINDS
    )
}
FROM per_month p WHERE m.district_id = p.district_id AND m.month = p.month
    AND m.sex = p.sex AND m.age_band = p.age_band
"""  # noqa: S608


def refresh_months(cursor: Any, changed: list[tuple[int | None, str, int]]) -> None:
    """Sum up again the (district, month)s whose facts changed, dropping months left empty, and
    list the children of those facts in their other months (LIST_CHILDREN_SQL).

    REFRESH_STALE_SQL took MONTHS_LOCK when it found stale cases, so one refresh runs at a time
    and these statements read the facts after the lock: the last refresh sees every committed
    change (without the lock, two could each miss the other's facts)."""
    columns = ", ".join(f"{c} = EXCLUDED.{c}" for c in MONTH_COLUMNS if c not in MONTH_KEY)
    params = {
        "districts": [d for d, _m, _c in changed],
        "months": [m for _d, m, _c in changed],
        "children": list({c for _d, _m, c in changed}),
    }
    cursor.execute(
        f"""
        WITH changed AS (
            SELECT * FROM unnest(%(districts)s::bigint[], %(months)s::text[])
                AS given(district_id, month)
        ),
        gone AS (
            DELETE FROM followup_reactionmonth m USING changed t
            WHERE m.district_id = t.district_id AND m.month = t.month AND NOT EXISTS (
                SELECT 1 FROM followup_reactionfact f
                WHERE f.district_id = m.district_id AND f.month = m.month
                  AND f.sex = m.sex AND f.age_band = m.age_band
            )
        )
        INSERT INTO followup_reactionmonth
        {months_sql("TRUE", source=TOUCHED_FACTS)}
        ON CONFLICT ({", ".join(MONTH_KEY)}) DO UPDATE SET {columns}
        """,  # noqa: S608
        params,
    )
    cursor.execute(LIST_CHILDREN_SQL, params)


def facts_archive(case_ids: list[int], removed_on: Any) -> None:
    """Keep the facts of these cases, whose records the caller has just removed in its
    transaction (the retention rules): drop the stale marks the removal left, so the next
    refresh does not drop the facts with them, and remember the cases for a full rebuild. The
    caller brought the facts up to date (refresh_facts) before it removed anything."""
    if connection.vendor != "postgresql" or not case_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM followup_stalecase WHERE case_id = ANY(%s)", [case_ids])
        cursor.execute(
            "INSERT INTO followup_archivedcase (case_id, removed_on) SELECT unnest(%s::bigint[]),"
            " %s ON CONFLICT (case_id) DO NOTHING",
            [case_ids, removed_on],
        )
