"""Follow-up at Stockholm scale: ten years of children-and-youth flow in a separate PostgreSQL
database, then the time of each follow-up view and export against the bare SQL for the same
figures.

Longer than our ~500 lines on purpose: one script makes the data, times every view and export
and prints the table, so that the figures in docs/performance.md come from one command.

    .venv/bin/python bench/followup.py --reports 400000

The data is made with set-based SQL (generate_series), not through the services: a report, its
safety assessment, the pre-assessment decision, for about a third an investigation and for most of
those a granted intervention with a cost. Outer-city districts react later (as the seeds say), and
reports before the 2023 merger sit on the old districts (Rinkeby-Kista, Spånga-Tensta, Norrmalm,
Östermalm). Re-running reuses the data when the database already holds as many reports; pass
--fresh to rebuild it.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = "postgres://postgres@127.0.0.1:5432"


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ.setdefault("SKYDDSNAT_DEBUG", "1")
    os.environ.setdefault("SKYDDSNAT_FAST_PASSWORDS", "1")
    os.environ["SKYDDSNAT_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "skyddsnat.settings"
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_example", "stockholm", verbosity=0)  # the districts the rows are spread on


GENERATE = """
DROP TABLE IF EXISTS bench_gen;
DROP TABLE IF EXISTS bench_dw;
-- Everything a row needs from the small tables, looked up once per district (not per row).
CREATE TEMP TABLE bench_dw AS
SELECT d.id AS current_id, d.slug, d.area, u.id AS unit_id,
       sum(d.population) OVER (ORDER BY d.id) - d.population AS lo,
       sum(d.population) OVER (ORDER BY d.id) AS hi,
       (SELECT sum(population) FROM organisation_district WHERE successor_id IS NULL) AS total,
       (SELECT min(w.id) FROM organisation_user w WHERE w.unit_id = u.id) AS worker_id,
       (SELECT o.id FROM organisation_district o WHERE o.successor_id = d.id
        ORDER BY o.id LIMIT 1) AS old1,
       (SELECT o.id FROM organisation_district o WHERE o.successor_id = d.id
        ORDER BY o.id OFFSET 1 LIMIT 1) AS old2
FROM organisation_district d
JOIN organisation_unit u ON u.district_id = d.id AND u.kind = 'children'
WHERE d.successor_id IS NULL;
DROP TABLE IF EXISTS bench_types;
CREATE TEMP TABLE bench_types AS
SELECT array_agg(t.id ORDER BY t.id) AS ids FROM cases_interventiontype t
WHERE t.case_kind = 'children';

CREATE TEMP TABLE bench_gen AS
SELECT g.i,
       g.received_at,
       dw.current_id, dw.unit_id, dw.worker_id, dw.area = 'outer' AS outer_city,
       CASE WHEN g.received_at < timestamptz '2023-07-01 00:00+02' THEN
           coalesce(CASE WHEN g.i %% 2 = 0 THEN dw.old1 ELSE dw.old2 END, dw.current_id)
       ELSE dw.current_id END AS district_id,
       -- the flow, with the outer city reacting later
       CASE WHEN random() < 0.95 THEN
           (CASE WHEN dw.area = 'outer' THEN 4 + random() * 60 ELSE 1 + random() * 24 END)
       END AS safety_hours,
       CASE WHEN random() < 0.97 THEN
           floor(CASE WHEN dw.area = 'outer' THEN 3 + random() * 20 ELSE 1 + random() * 14 END)::int
       END AS pre_days,
       random() < 0.35 AS opens,
       floor(60 + random() * 90 + CASE WHEN dw.area = 'outer' THEN 25 ELSE 0 END)::int AS inv_days,
       random() < 0.05 AS inv_ongoing,
       random() < 0.7 AS granted,
       floor(2 + random() * 20)::int AS start_after,
       floor(10000 + random() * 400000)::int AS cost,
       random() < 0.15 AS second_report,
       floor(10 + random() * 50)::int AS second_after
FROM (
    SELECT i, timestamptz '2016-01-01 00:00+01' + random() * interval '3650 days' AS received_at,
           random() AS pick
    FROM generate_series(1, %(cases)s) AS i
) g
JOIN bench_dw dw ON g.pick * dw.total >= dw.lo AND g.pick * dw.total < dw.hi;
-- Keep the flow of each case before "today" so every date is in the past.
UPDATE bench_gen SET pre_days = NULL, opens = FALSE WHERE pre_days IS NULL;
CREATE INDEX ON bench_gen (i);
ANALYZE bench_gen;

INSERT INTO people_person (id, personal_identity_number, first_name, last_name, date_of_birth,
    protection_level, street_address, postal_code, city, is_synthetic, created_at)
SELECT i, '2' || lpad(i::text, 11, '0'), 'Barn', 'Benchsson',
       date '2005-01-01' + (i %% 6500), 'none', '', '', '', TRUE, now()
FROM bench_gen;

INSERT INTO cases_case (id, kind, person_id, district_id, unit_id, status, assigned_to_id,
    opened_at, closed_at, version, last_change)
SELECT i, 'children', i, current_id, unit_id,
       CASE WHEN opens AND inv_ongoing THEN 'investigation'
            WHEN opens AND granted THEN 'intervention' ELSE 'closed' END,
       worker_id, received_at, NULL, 0, ''
FROM bench_gen g;

-- Deadlines: one safety deadline per report (second reports get ids above the cases), one
-- pre-assessment deadline per case, one investigation deadline per investigation.
INSERT INTO cases_deadline (id, case_id, rule_id, kind, starts_on, original_due, due, done_at,
    done_note)
SELECT i, i, %(safety_rule)s, 'safety_assessment', received_at::date, received_at::date,
       received_at::date, NULL::timestamptz, ''
FROM bench_gen
UNION ALL
SELECT %(cases)s + i, i, %(safety_rule)s, 'safety_assessment',
       (received_at + second_after * interval '1 day')::date,
       (received_at + second_after * interval '1 day')::date,
       (received_at + second_after * interval '1 day')::date, NULL, ''
FROM bench_gen WHERE second_report
UNION ALL
SELECT 2 * %(cases)s + i, i, %(pre_rule)s, 'pre_assessment', received_at::date,
       received_at::date + 14, received_at::date + 14, NULL, ''
FROM bench_gen
UNION ALL
SELECT 3 * %(cases)s + i, i, %(inv_rule)s, 'investigation', received_at::date + pre_days,
       (received_at::date + pre_days + interval '4 months')::date,
       (received_at::date + pre_days + interval '4 months')::date, NULL, ''
FROM bench_gen WHERE opens;

INSERT INTO children_report (id, case_id, child_id, district_id, received_at, reporter_type,
    reporter_name, description, registered_by_id, registered_at, safety_deadline_id)
SELECT i, i, i, district_id, received_at, 'professional', '', 'Oro.', %(user)s, received_at, i
FROM bench_gen
UNION ALL
SELECT %(cases)s + i, i, i, district_id, received_at + second_after * interval '1 day',
       'private', '', 'Ny oro.', %(user)s, received_at, %(cases)s + i
FROM bench_gen WHERE second_report;

INSERT INTO children_safetyassessment (report_id, assessed_at, immediate_protection_needed,
    notes, assessed_by_id)
SELECT r.id, r.received_at + g.safety_hours * interval '1 hour', FALSE, '', %(user)s
FROM children_report r JOIN bench_gen g ON g.i = r.case_id
WHERE g.safety_hours IS NOT NULL;

INSERT INTO cases_decision (case_id, decision_type, decided_on, outcome, intervention_type_id,
    reason, decided_by_id, delegation_id, recorded_at)
SELECT i, CASE WHEN opens THEN 'open_investigation' ELSE 'no_investigation' END,
       received_at::date + pre_days, '', NULL, 'Bedömning.', %(user)s,
       CASE WHEN opens THEN %(open_delegation)s ELSE %(no_delegation)s END, now()
FROM bench_gen WHERE pre_days IS NOT NULL;

INSERT INTO cases_investigation (case_id, opened_on, deadline_id, closed_on)
SELECT i, received_at::date + pre_days, 3 * %(cases)s + i,
       CASE WHEN NOT inv_ongoing THEN received_at::date + pre_days + inv_days END
FROM bench_gen WHERE opens;

INSERT INTO cases_decision (id, case_id, decision_type, decided_on, outcome, intervention_type_id,
    reason, decided_by_id, delegation_id, recorded_at)
SELECT 2 * %(cases)s + i, i, 'intervention', received_at::date + pre_days + inv_days,
       CASE WHEN granted THEN 'grant' ELSE 'refuse' END,
       (SELECT ids[1 + i %% least(9, cardinality(ids))] FROM bench_types),
       'Beslut.', %(user)s, %(intervention_delegation)s, now()
FROM bench_gen WHERE opens AND NOT inv_ongoing;

INSERT INTO cases_intervention (case_id, decision_id, intervention_type_id, started_on, ended_on,
    cost_sek, provider)
SELECT d.case_id, d.id, d.intervention_type_id, d.decided_on + g.start_after,
       CASE WHEN g.i %% 3 = 0 THEN NULL ELSE d.decided_on + g.start_after + 180 END, g.cost, ''
FROM cases_decision d JOIN bench_gen g ON g.i = d.case_id
WHERE d.decision_type = 'intervention' AND d.outcome = 'grant';

SELECT setval(pg_get_serial_sequence('people_person', 'id'),
    (SELECT max(id) FROM people_person));
SELECT setval(pg_get_serial_sequence('cases_case', 'id'),
    (SELECT max(id) FROM cases_case));
SELECT setval(pg_get_serial_sequence('cases_deadline', 'id'),
    (SELECT max(id) FROM cases_deadline));
SELECT setval(pg_get_serial_sequence('children_report', 'id'),
    (SELECT max(id) FROM children_report));
SELECT setval(pg_get_serial_sequence('cases_decision', 'id'),
    (SELECT max(id) FROM cases_decision));
ANALYZE;
"""

WIPE = """
TRUNCATE children_safetyassessment, children_report, cases_intervention, cases_decision,
    cases_investigation, cases_deadlineextension, cases_deadline, cases_journalentry, cases_case,
    people_guardianship, people_person, followup_reactionfact, followup_costfact,
    followup_stalecase RESTART IDENTITY CASCADE;
"""


LOADED = ("people_person", "cases_case", "cases_deadline", "children_report",
    "children_safetyassessment", "cases_decision", "cases_investigation",
    "cases_intervention")  # fmt: skip


def generate(reports: int) -> None:
    from django.db import connection

    from skyddsnat.cases.models import DeadlineRule
    from skyddsnat.organisation.models import Delegation, Role, Unit, User

    cases = round(reports / 1.15)
    staff = []
    for unit in Unit.objects.filter(kind="children"):
        user, _ = User.objects.get_or_create(
            username=f"bench.{unit.district.slug}", defaults={"role": Role.CASEWORKER, "unit": unit}
        )
        staff.append(user)
    rules = {r.kind: r.pk for r in DeadlineRule.objects.all()}
    delegations = {d.code: d.pk for d in Delegation.objects.all()}
    params = {
        "cases": cases,
        "user": staff[0].pk,
        "safety_rule": rules["safety_assessment"],
        "pre_rule": rules["pre_assessment"],
        "inv_rule": rules["investigation"],
        "open_delegation": delegations["BU 1.1"],
        "no_delegation": delegations["BU 1.3"],
        "intervention_delegation": delegations["BU 3.1"],
    }
    with connection.cursor() as cursor:
        cursor.execute(WIPE)
        # A bulk load: no row-by-row foreign-key checks and no stale-case triggers (every id is
        # made consistent here; the reaction facts are rebuilt in full afterwards).
        cursor.execute("SET session_replication_role = replica")
        # Secondary indexes are built once after the load (a sorted build), not row by row.
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = ANY(%s) AND i.schemaname = 'public'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
            [list(LOADED)],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        try:
            for statement in GENERATE.split(";\n"):
                if statement.strip():
                    cursor.execute(statement, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
    # What autovacuum does to a live database: statistics, and the visibility map that lets the
    # index-only scans (open cases per unit, the cost facts) skip the tables.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


BARE_EQUALITY = """
-- The same figures written plainly: the first report per case by a window function, each step
-- within its follow-up window (equality.WINDOW_DAYS), one pass per level (district, area, city)
-- with UNION ALL.
WITH dm AS (
    SELECT d.id, coalesce(s2.slug, s1.slug, d.slug) AS grp,
           coalesce(s2.area, s1.area, d.area) AS area
    FROM organisation_district d
    LEFT JOIN organisation_district s1 ON s1.id = d.successor_id
    LEFT JOIN organisation_district s2 ON s2.id = s1.successor_id
),
ranked AS (
    SELECT r.*, row_number() OVER (PARTITION BY r.case_id ORDER BY r.received_at, r.id) AS nr,
           (min(r.received_at) OVER (PARTITION BY r.case_id) AT TIME ZONE 'Europe/Stockholm')::date
               AS first_day
    FROM children_report r
),
raw AS (
    SELECT dm.grp, dm.area, ra.child_id,
        CASE WHEN sa.assessed_at - ra.received_at <= interval '30 days'
             THEN floor(extract(epoch FROM sa.assessed_at - ra.received_at) / 3600) / 24 END
            AS safety,
        CASE WHEN ra.nr = 1 THEN (SELECT min(d.decided_on) FROM cases_decision d
             WHERE d.case_id = ra.case_id AND d.decision_type IN
             ('open_investigation', 'no_investigation')) - ra.first_day END AS pre,
        CASE WHEN ra.nr = 1 THEN (SELECT min(i.started_on) FROM (
             SELECT case_id, started_on FROM cases_intervention
             UNION ALL SELECT case_id, started_on FROM children_earlyhelp) i
             WHERE i.case_id = ra.case_id) - ra.first_day END AS intervention,
        CASE WHEN ra.nr = 1 AND inv.opened_on - ra.first_day <= 90
             AND inv.closed_on - inv.opened_on <= 365
             THEN inv.closed_on - inv.opened_on END AS investigation
    FROM ranked ra
    JOIN dm ON dm.id = ra.district_id
    LEFT JOIN children_safetyassessment sa ON sa.report_id = ra.id
    LEFT JOIN cases_investigation inv ON inv.case_id = ra.case_id
    WHERE ra.received_at >= %(lower)s AND ra.received_at < %(upper)s
),
f AS (
    SELECT grp, area, child_id, safety,
        CASE WHEN pre <= 90 THEN pre END AS pre,
        CASE WHEN intervention <= 365 THEN intervention END AS intervention,
        investigation
    FROM raw
)
SELECT grp, count(*), count(DISTINCT child_id),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY safety),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY pre),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY pre),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY intervention),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY investigation)
FROM f GROUP BY grp
UNION ALL
SELECT area, count(*), count(DISTINCT child_id),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY safety),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY pre),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY pre),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY intervention),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY investigation)
FROM f GROUP BY area
UNION ALL
SELECT 'city', count(*), count(DISTINCT child_id),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY safety),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY pre),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY pre),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY intervention),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY investigation)
FROM f
"""

BARE_BUDGET = """
SELECT CASE WHEN c.kind = 'children' THEN 'children-youth' ELSE 'lss' END, c.district_id,
       sum(i.cost_sek), count(DISTINCT c.person_id)
FROM cases_intervention i JOIN cases_case c ON c.id = i.case_id
WHERE i.started_on >= %(year_start)s AND i.started_on <= %(year_end)s
GROUP BY ROLLUP (1, 2)
"""

BARE_CASELOAD = """
SELECT unit_id, assigned_to_id, count(*) FROM cases_case
WHERE status <> 'closed' GROUP BY unit_id, assigned_to_id
"""

# The national statistics files: the rows of the file AND one audit entry per person in it (the
# case of their first intervention in the file), which is what the export writes.
FILE_ROWS = """
SELECT p.personal_identity_number, p.date_of_birth, m.code, c.district_id, t.code, t.name,
       t.is_placement, i.started_on, i.ended_on
FROM cases_intervention i
JOIN cases_interventiontype t ON t.id = i.intervention_type_id
JOIN cases_case c ON c.id = i.case_id
JOIN people_person p ON p.id = c.person_id
JOIN organisation_unit u ON u.id = c.unit_id
JOIN organisation_municipality m ON m.id = u.municipality_id
WHERE {where}
ORDER BY c.person_id, i.started_on, i.id
"""

FILE_AUDIT = """
INSERT INTO audit_auditentry (at, user_id, username, action, channel, ip_address, detail,
    person_id, case_id, content_hash)
SELECT DISTINCT ON (c.person_id) now(), %(analyst)s, 'bench.analyst', 'bench.bare', 'web',
       '127.0.0.1', '{{}}', c.person_id, i.case_id,
       -- a content hash of the same cost as the app's (the app's canonical form is Python's)
       encode(sha256(convert_to(concat_ws('|', %(analyst)s, c.person_id, i.case_id), 'UTF8')),
              'hex')
FROM cases_intervention i
JOIN cases_interventiontype t ON t.id = i.intervention_type_id
JOIN cases_case c ON c.id = i.case_id
WHERE {where}
ORDER BY c.person_id, i.started_on, i.id
"""

REGISTER_WHERE = """c.kind = 'children' AND t.is_placement AND i.started_on <= %(year_end)s
  AND (i.ended_on IS NULL OR i.ended_on >= %(year_start)s)"""
ONGOING_WHERE = """c.kind = 'children' AND i.started_on <= %(on)s
  AND (i.ended_on IS NULL OR i.ended_on >= %(on)s)"""
BARE_REGISTER = [FILE_ROWS.format(where=REGISTER_WHERE), FILE_AUDIT.format(where=REGISTER_WHERE)]
BARE_ONGOING = [FILE_ROWS.format(where=ONGOING_WHERE), FILE_AUDIT.format(where=ONGOING_WHERE)]


# A day of new records on top of the ten years: new concern reports (on existing cases, as
# repeated reports) with their safety deadlines and assessments, and investigations closed.
NEW_DAY = """
WITH picked AS (
    SELECT c.id AS case_id, c.person_id, c.district_id FROM cases_case c
    WHERE c.id > %(from)s ORDER BY c.id LIMIT %(n)s
),
deadline AS (
    INSERT INTO cases_deadline (case_id, rule_id, kind, starts_on, original_due, due, done_at,
        done_note)
    SELECT case_id, %(safety_rule)s, 'safety_assessment', %(day)s, %(day)s, %(day)s, NULL, ''
    FROM picked RETURNING id, case_id
),
report AS (
    INSERT INTO children_report (case_id, child_id, district_id, received_at, reporter_type,
        reporter_name, description, registered_by_id, registered_at, safety_deadline_id)
    SELECT p.case_id, p.person_id, p.district_id, %(at)s, 'private', '', 'Ny oro.', %(user)s,
        %(at)s, deadline.id
    FROM picked p JOIN deadline USING (case_id) RETURNING id
)
INSERT INTO children_safetyassessment (report_id, assessed_at, immediate_protection_needed,
    notes, assessed_by_id)
SELECT id, %(at)s + interval '3 hours', FALSE, '', %(user)s FROM report;
UPDATE cases_investigation SET closed_on = %(day)s
WHERE id IN (SELECT id FROM cases_investigation WHERE closed_on IS NULL ORDER BY id
             LIMIT %(closed)s);
"""


def new_day(reports: int) -> None:
    import datetime as dt
    import random

    from django.db import connection, transaction

    from skyddsnat.cases.models import DeadlineRule
    from skyddsnat.organisation.models import User

    n = max(1, round(reports / 3650))
    user = User.objects.filter(username__startswith="bench.").order_by("pk").first()
    day = dt.date(2025, 12, 31)
    params = {
        "from": random.randrange(max(1, round(reports / 1.15) - n)),  # noqa: S311 - a bench
        "n": n,
        "closed": max(1, n // 4),
        "safety_rule": DeadlineRule.objects.get(kind="safety_assessment").pk,
        "day": day,
        "at": dt.datetime(2025, 12, 31, 14, tzinfo=dt.UTC),
        "user": user.pk if user else None,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in NEW_DAY.split(";\n"):
            if statement.strip():
                cursor.execute(statement, params)


def timed(fn, repeat: int) -> float:
    fn()  # warm caches and connections
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_view(fn, repeat: int) -> tuple[float, float, float | None]:
    """The median time of a view, of the SQL it ran on the request's connection (every statement,
    timed on the way) and, for a streamed file, of its first part (the first byte)."""
    from django.db import connection

    fn()
    totals, sql, first = [], [], []
    for _ in range(repeat):
        spent = [0.0]

        def clock(execute, query, params, many, context, spent=spent):
            started = time.perf_counter()
            try:
                return execute(query, params, many, context)
            finally:
                spent[0] += time.perf_counter() - started

        started = time.perf_counter()
        with connection.execute_wrapper(clock):
            first_part = fn()
        totals.append(time.perf_counter() - started)
        sql.append(spent[0])
        if first_part is not None:
            first.append(first_part - started)
    return (
        statistics.median(totals),
        statistics.median(sql),
        statistics.median(first) if first else None,
    )


def bare(sql: str | list[str], params: dict):
    from django.db import connection

    statements = [sql] if isinstance(sql, str) else sql

    def run():
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement, params)
                if cursor.description:
                    cursor.fetchall()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=400_000)
    parser.add_argument("--database", default="skyddsnat_bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data even if present")
    parser.add_argument("--only", default="", help="run only the rows whose name contains this")
    parser.add_argument(
        "--no-day", dest="day", action="store_false", help="skip the refresh after a day's records"
    )
    parser.add_argument(
        "--no-bare", dest="bare", action="store_false", help="time the views only (no bare SQL)"
    )
    args = parser.parse_args()

    setup_django(args.database)
    import datetime as dt

    from django.test import Client

    from skyddsnat.children.models import Report
    from skyddsnat.followup.equality import _bounds, refresh_facts
    from skyddsnat.organisation.models import Role, User

    have = Report.objects.count()
    generated = args.fresh or abs(have - args.reports) > args.reports * 0.05
    if generated:
        started = time.perf_counter()
        generate(args.reports)
        print(
            f"generated {Report.objects.count():,} reports in {time.perf_counter() - started:.0f} s"
        )
    print(f"reports: {Report.objects.count():,}", flush=True)
    # The reaction facts: rebuilt in full after a load (followup_refresh), as an operator would.
    started = time.perf_counter()
    refresh_facts(everything=generated)
    print(
        f"reaction facts {'rebuilt' if generated else 'brought up to date'} in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    if args.day:
        started = time.perf_counter()
        new_day(args.reports)
        written = time.perf_counter() - started
        started = time.perf_counter()
        refresh_facts()
        print(
            f"a day's new records ({round(args.reports / 3650):,} reports with their safety "
            f"assessments, {round(args.reports / 3650 / 4):,} investigations closed) written in "
            f"{written:.1f} s; the refresh the next view runs: "
            f"{time.perf_counter() - started:.2f} s",
            flush=True,
        )
    if args.only == "NOTHING":
        return

    analyst, _ = User.objects.get_or_create(
        username="bench.analyst", defaults={"role": Role.ANALYST}
    )
    client = Client()
    client.force_login(analyst)

    def get(url: str):
        """The request; for a streamed file, read to its end, returning when its first part came."""

        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101
            if not response.streaming:
                return None
            first = None
            for _part in response.streaming_content:
                first = first or time.perf_counter()
            response.close()
            return first

        return run

    year = {"from": "2025-01-01", "to": "2025-12-31"}
    decade = {"from": "2016-01-01", "to": "2025-12-31"}

    def period(p):
        lower, upper = _bounds(dt.date.fromisoformat(p["from"]), dt.date.fromisoformat(p["to"]))
        return {"lower": lower, "upper": upper}

    def q(p):
        return f"from={p['from']}&to={p['to']}"

    cal = {"year_start": dt.date(2025, 1, 1), "year_end": dt.date(2025, 12, 31)}
    cases = [
        (
            "equality page, 1 year",
            get(f"/uppfoljning/?{q(year)}"),
            BARE_EQUALITY,
            period(year),
        ),
        (
            "API reaction-times by district, 1 year",
            get(f"/api/v1/followup/reaction-times/?{q(year)}&by=district"),
            BARE_EQUALITY,
            period(year),
        ),
        (
            "export equality.xlsx, 1 year",
            get(f"/uppfoljning/export/equality.xlsx?{q(year)}"),
            BARE_EQUALITY,
            period(year),
        ),
        (
            "equality page, 10 years",
            get(f"/uppfoljning/?{q(decade)}"),
            BARE_EQUALITY,
            period(decade),
        ),
        (
            "API reaction-times by area, 10 years",
            get(f"/api/v1/followup/reaction-times/?{q(decade)}&by=area"),
            BARE_EQUALITY,
            period(decade),
        ),
        (
            "export equality-monthly.csv, 10 years",
            get(f"/uppfoljning/export/equality-monthly.csv?{q(decade)}"),
            BARE_EQUALITY,
            period(decade),
        ),
        ("budget page 2025", get("/uppfoljning/budget/?year=2025"), BARE_BUDGET, cal),
        ("API budget 2025", get("/api/v1/followup/budget/?year=2025"), BARE_BUDGET, cal),
        ("staff page (caseload)", get("/uppfoljning/personal/"), BARE_CASELOAD, {}),
        ("export caseload.xlsx", get("/uppfoljning/export/caseload.xlsx"), BARE_CASELOAD, {}),
        (
            "export register.csv 2025",
            get("/uppfoljning/export/register.csv?year=2025"),
            BARE_REGISTER,
            cal,
        ),
        (
            "export ongoing.csv",
            get("/uppfoljning/export/ongoing.csv?on=2025-12-31"),
            BARE_ONGOING,
            {"on": dt.date(2025, 12, 31)},
        ),
    ]
    print(
        "view: the whole request (a streamed file: read to its last byte); first byte: when a\n"
        "  streamed file's first part (heading and first rows) came; own SQL: the statements the\n"
        "  request ran on its connection (fetching included; a streamed file reads its rows on a\n"
        "  connection of its own, not counted here); bare SQL: the same figures straight from the\n"
        "  records (equality: from the reports, assessments, decisions, investigations and\n"
        "  interventions; national files: the file rows AND the one audit entry per person, by\n"
        "  INSERT … SELECT); ratio: view / bare SQL."
    )
    print(
        f"{'view or export':42} {'view s':>8} {'1st byte s':>10} {'own SQL s':>10} "
        f"{'bare SQL s':>11} {'ratio':>6}"
    )
    for name, view, sql, params in cases:
        if args.only and args.only not in name:
            continue
        view_time, own_sql, first_byte = timed_view(view, args.repeat)
        first = f"{first_byte:10.3f}" if first_byte is not None else f"{'':10}"
        if args.bare:
            sql_time = timed(bare(sql, {**params, "analyst": analyst.pk}), args.repeat)
            versus = f"{sql_time:11.3f} {view_time / sql_time:6.2f}"
        else:
            versus = f"{'-':>11} {'-':>6}"
        print(f"{name:42} {view_time:8.3f} {first} {own_sql:10.3f} {versus}", flush=True)


if __name__ == "__main__":
    main()
