"""`manage.py load_example stockholm`: a new database starts without Stockholm, the example brings
its districts, units and 2021 budget, and loading it again changes nothing."""

import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.db import connection

from skyddsnat.followup.examples import stockholm as budget_example
from skyddsnat.followup.models import BudgetLine, Programme
from skyddsnat.organisation.examples import stockholm as organisation_example
from skyddsnat.organisation.models import District, Municipality, Unit

ROOT = Path(__file__).resolve().parents[3]
DISTRICTS = len(organisation_example.CURRENT) + len(organisation_example.MERGED)
UNITS = len(organisation_example.CURRENT) * len(organisation_example.UNIT_KINDS)
TABLES = [
    "organisation_municipality",
    "organisation_district",
    "organisation_unit",
    "followup_programme",
    "followup_programmemapping",
    "followup_budgetyear",
    "followup_budgetline",
]


def _contents(cursor) -> dict[str, str]:
    """Every row of the example's tables, as text, so that any change shows."""
    found = {}
    for table in TABLES:
        # Table names are the constants above, never input.
        query = f"SELECT coalesce(string_agg(t::text, '|' ORDER BY t.id), '') FROM {table} t"  # noqa: S608
        cursor.execute(query)
        found[table] = cursor.fetchone()[0]
    return found


def test_the_test_database_holds_the_example(db):
    assert Municipality.objects.get(code=organisation_example.MUNICIPALITY[0])
    assert District.objects.count() == DISTRICTS
    assert Unit.objects.count() == UNITS
    assert Programme.objects.count() == len(budget_example.PROGRAMMES)
    assert BudgetLine.objects.filter(year__year=budget_example.YEAR).count() == len(
        budget_example.LINES
    )


def test_loading_it_again_changes_nothing_and_says_so(db):
    with connection.cursor() as cursor:
        before = _contents(cursor)
    out = io.StringIO()

    call_command("load_example", "stockholm", stdout=out)

    with connection.cursor() as cursor:
        assert _contents(cursor) == before
    assert "fanns redan" in out.getvalue()
    assert "inget ändrades" in out.getvalue()


def test_an_unknown_example_is_refused_in_swedish(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="inget exempel"):
        call_command("load_example", "goteborg")


def _database_url(name: str) -> str:
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skyddsnat"))
    return urlunsplit(url._replace(path=f"/{name}"))


def _manage(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_a_new_database_starts_empty_of_stockholm_until_the_example_is_loaded():
    """A database of its own (named after the suite's), migrated as a new municipality's would be:
    no municipality, districts, units or budget; the example then brings Stockholm's, and a second
    load leaves every row as it was."""
    import psycopg

    base = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/") or "skyddsnat"
    name = f"{base}_fresh_example"
    server = _database_url("postgres")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _database_url(name)
    try:
        _manage(url, "migrate", "--verbosity", "0")
        with psycopg.connect(url) as conn, conn.cursor() as cursor:
            empty = _contents(cursor)
        assert empty == dict.fromkeys(TABLES, "")

        first = _manage(url, "load_example", "stockholm")
        with psycopg.connect(url) as conn, conn.cursor() as cursor:
            loaded = _contents(cursor)
            cursor.execute("SELECT count(*) FROM organisation_district")
            assert cursor.fetchone()[0] == DISTRICTS
            cursor.execute("SELECT count(*) FROM followup_budgetline")
            assert cursor.fetchone()[0] == len(budget_example.LINES)
        assert "lades in" in first

        _manage(url, "load_example", "stockholm")
        with psycopg.connect(url) as conn, conn.cursor() as cursor:
            assert _contents(cursor) == loaded
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
