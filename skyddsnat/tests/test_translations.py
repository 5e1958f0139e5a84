"""The UI is Swedish: every catalogue is fully translated, every compiled .mo says what its .po
says, and the pages a caseworker opens speak Swedish whatever the browser asks for."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(PACKAGE.glob("*/locale/sv/LC_MESSAGES/django.po"))


def catalogue_id(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def live_entries(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete]


def translations(catalogue: polib.POFile | polib.MOFile) -> dict[tuple, object]:
    """What a catalogue translates, comparable between a .po and a .mo (which holds only the
    translated, non-fuzzy entries)."""
    found: dict[tuple, object] = {}
    for entry in catalogue:
        if isinstance(entry, polib.POEntry) and not entry.translated():
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        found[key] = (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
    return found


def test_every_app_with_a_catalogue_is_found():
    assert {catalogue_id(path) for path in CATALOGUES} >= {
        "api",
        "audit",
        "cases",
        "children",
        "organisation",
        "people",
    }


@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_the_catalogue_has_no_untranslated_or_fuzzy_entries(po_path):
    catalogue = polib.pofile(str(po_path))

    untranslated = [e.msgid for e in live_entries(catalogue) if not e.fuzzy and not e.translated()]
    fuzzy = [e.msgid for e in live_entries(catalogue) if e.fuzzy]

    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_the_compiled_catalogue_matches_its_source(po_path, tmp_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (GNU gettext) is needed to check the catalogues"
    # The same check compilemessages runs: placeholders in msgstr match those in msgid.
    checked = subprocess.run(  # noqa: S603 (a fixed program on our own files)
        [msgfmt, "--check-format", "-o", str(tmp_path / "django.mo"), str(po_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr

    source = translations(polib.pofile(str(po_path)))
    compiled = translations(polib.mofile(str(mo_path)))

    assert set(source) - set(compiled) == set(), f"{mo_path} is stale: run compilemessages"
    assert set(compiled) - set(source) == set(), f"{mo_path} is stale: run compilemessages"
    assert {key: value for key, value in compiled.items() if source[key] != value} == {}


def test_the_login_page_is_swedish_for_an_english_browser(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()

    assert "Logga in" in page
    assert "Log in" not in page


def test_a_caseworkers_pages_are_swedish_for_an_english_browser(caseworker, client):
    client.force_login(caseworker)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()

    assert "Mina ärenden" in page
    assert "Logga ut" in page
    assert "My cases" not in page
    assert "Log out" not in page
