"""In headless Chromium: the intake form autosaves while the caseworker types, and a reload brings
the text back, with the notice and the button to discard it; registering the report deletes its
draft, and the case page's journal entry autosaves the same way.

One test function on purpose, like tests_browser/test_case_flow.py: a second live-server test in
the same run may find the migrations' data (districts, rules) flushed."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, new_identity_number
from skyddsnat.children.forms import REPORT_KEY
from skyddsnat.drafts.models import Draft
from skyddsnat.lib.identity import display

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "Mamma ringde om att Vera inte kommit hem på två nätter."


def test_the_intake_description_survives_a_reload(live_server, browser_page, caseworker):
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill("socsek.jarva")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/barn/anmalan/ny/")
    page.get_by_label("Vad anmälan gäller").press_sequentially(TEXT[:20])
    page.get_by_label("Vad anmälan gäller").fill(TEXT)
    expect(page.get_by_text("Utkast sparat")).to_be_visible()

    page.reload()
    expect(page.get_by_text("Ett sparat utkast har återställts")).to_be_visible()
    expect(page.get_by_label("Vad anmälan gäller")).to_have_value(TEXT)

    page.get_by_role("button", name="Släng utkast").click()
    expect(page.get_by_text("Utkastet har slängts")).to_be_visible()
    expect(page.get_by_label("Vad anmälan gäller")).to_have_value("")
    page.reload()
    expect(page.get_by_label("Vad anmälan gäller")).to_have_value("")
    expect(page.get_by_text("Ett sparat utkast har återställts")).to_have_count(0)
    assert not Draft.objects.exists()

    # Registering the report deletes its draft; the journal of the new case autosaves too.
    # Anchored: the form also has the guardian's number and names.
    page.get_by_label(re.compile(r"^Personnummer")).fill(display(new_identity_number()))
    page.get_by_label(re.compile(r"^Förnamn")).fill("Vera")
    page.get_by_label(re.compile(r"^Efternamn")).fill("Lind")
    page.get_by_label("yrkesverksam med anmälningsplikt").check()
    page.get_by_label("Vad anmälan gäller").fill(TEXT)
    page.get_by_role("button", name="Registrera anmälan").click()
    expect(page.get_by_text("Anmälan registrerades på")).to_be_visible()
    assert not Draft.objects.filter(key=REPORT_KEY).exists()

    journal = page.locator("#action-journal textarea[name=text]")
    journal.fill("Samtal med Veras mamma.")
    expect(page.get_by_text("Utkast sparat")).to_be_visible()
    page.reload()
    expect(journal).to_have_value("Samtal med Veras mamma.")
    page.get_by_role("button", name="Spara journalanteckningen").click()
    expect(page.get_by_text("Journalanteckningen sparades")).to_be_visible()
    expect(journal).to_have_value("")
    assert not Draft.objects.exists()
