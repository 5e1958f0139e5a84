"""The layering contract (pyproject.toml) is the source of truth: the doc shows it, and no
application module imports another app inside a function to get round it."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ROOT / "skyddsnat"


def test_the_architecture_doc_shows_the_layering_contract():
    checked = subprocess.run(  # noqa: S603  (our own script, no input)
        [sys.executable, str(ROOT / "scripts" / "architecture_graph.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_no_app_imports_another_app_inside_a_function():
    """An indented import of another app hides an upward import from the reader, though
    import-linter still sees it: the contract is kept by registering, not by importing late."""
    indented = re.compile(r"^[ \t]+(?:from|import) skyddsnat\.(\w+)", re.MULTILINE)
    found = []
    for path in APPS.rglob("*.py"):
        parts = path.relative_to(APPS).parts
        if len(parts) < 2 or {"tests", "migrations", "tests_browser"} & set(parts):
            continue
        for match in indented.finditer(path.read_text()):
            if match.group(1) != parts[0]:
                found.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    assert found == []
