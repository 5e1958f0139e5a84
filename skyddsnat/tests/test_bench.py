"""The bench scripts run at a tiny size, so that they cannot rot between the times someone
measures with them. No timing is asserted: only that each one runs to the end, without an error
answer, and prints its figures."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def bench_database(suffix: str) -> str:
    """A database of the bench's own, named after the suite's so that parallel checkouts on one
    server do not share it."""
    name = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/") or "skyddsnat"
    return f"{name}_{suffix}"


def run_bench(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(  # noqa: S603 (our own scripts with fixed arguments)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_the_caseload_bench_runs_at_a_tiny_size():
    out = run_bench("bench/caseload.py", "--tiny", "--database", bench_database("caseload_tiny"))

    assert "figures:" in out
    assert "errors 0;" in out
    for endpoint in [
        "GET / (Mina ärenden)",
        "GET /arenden/{id}/",
        "GET /api/v1/me/deadlines/",
        "GET /personer/?q=",
        "POST /arenden/{id}/journal/",
        "POST /api/v1/reports/",
    ]:
        assert endpoint in out


def test_the_followup_bench_runs_at_a_tiny_size():
    out = run_bench(
        "bench/followup.py",
        "--reports",
        "2000",
        "--repeat",
        "1",
        "--database",
        bench_database("followup_tiny"),
    )

    assert "reports: " in out
    assert "equality page, 1 year" in out
