import io

import pytest
from django.core.management import call_command
from django.db import transaction


class _Rollback(Exception):
    pass


def run_demo_data(*args: str) -> str:
    """Run the command; returns what it printed (the users table)."""
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot_of(args: list[str], read):
    """Generate with `args`, read the result with `read()`, then undo the generation."""
    result = None
    try:
        with transaction.atomic():
            run_demo_data(*args)
            result = read()
            raise _Rollback
    except _Rollback:
        pass
    return result


TINY = ["--years", "1", "--scale", "0.01", "--end-date", "2025-03-01"]


@pytest.fixture
def tiny_demo(db, monkeypatch):
    """A small, fixed demo data set (about 320 reports), generated with password 'demo-test-pw'."""
    monkeypatch.setenv("SKYDDSNAT_DEMO_PASSWORD", "demo-test-pw")
    return run_demo_data("--seed", "7", *TINY)
