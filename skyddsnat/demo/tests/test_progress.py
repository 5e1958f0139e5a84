"""What `demo_data` tells the person waiting for the demo: Swedish lines, no row counts."""

import io
import re

from django.core.management import call_command

from skyddsnat.demo.tests.conftest import TINY


def test_progress_is_swedish_and_without_row_counts(db, monkeypatch):
    monkeypatch.setenv("SKYDDSNAT_DEMO_PASSWORD", "demo-test-pw")
    err = io.StringIO()
    call_command("demo_data", "--migrate", "--seed", "7", *TINY, stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0] == "Förbereder databasen …"
    # TINY: one year up to 2025-03-01.
    assert "Skapar barnärenden 2024–2025 …" in lines
    assert "Skapar LSS-ärenden 2024–2025 …" in lines
    assert re.fullmatch(r"Klart: demodata för 1 år på \d+,\d s\.", lines[-1])
    # No "cases.Case: 9340" or "Created 9634 Report objects".
    assert not [line for line in lines if re.search(r"\b\w+\.\w+: \d|objects", line)]
    # Numbers are years and the seconds it took, never how many rows of something were made.
    counts = [re.sub(r"\b20\d\d\b|\d+,\d s\.$|för \d+ år", "", line) for line in lines]
    assert not [line for line in counts if re.search(r"\d", line)]
