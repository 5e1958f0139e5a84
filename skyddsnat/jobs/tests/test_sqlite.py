"""The demo runs on SQLite, where there is no job queue: procrastinate's PostgreSQL migrations are
recorded but run nothing there (jobs.routers), while the notices' own tables are created."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_migrate_on_sqlite_creates_no_queue_and_the_notices(tmp_path):
    database = tmp_path / "demo.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DATABASE_URL": f"sqlite:///{database}",
        "SKYDDSNAT_DEBUG": "1",
    }

    migrated = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert migrated.returncode == 0, migrated.stderr
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        applied = {row[0] for row in db.execute("SELECT app FROM django_migrations")}
    assert "jobs_notice" in tables
    assert "jobs_reminder" in tables
    assert not [t for t in tables if t.startswith("procrastinate")]
    assert "procrastinate" in applied  # recorded, so the demo's migrate has nothing pending
