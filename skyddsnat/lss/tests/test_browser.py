"""End to end in headless Chromium: an LSS officer registers an application for two
interventions, assesses the eligibility group, grants one and refuses the other, and records the
implementation; the decision letter opens as a PDF. A housing decision, which the officer's
delegation does not cover, is prepared and sent to the manager, who takes it from "Beslut att
fatta"; axe-core checks those pages."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, new_identity_number
from skyddsnat.tests_browser import test_case_flow as flow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_application_goes_through_decision_to_implementation(
    live_server,
    browser_page,
    officer,
    lss_manager,
):
    page = browser_page
    base = live_server.url
    number = new_identity_number()
    page.goto(f"{base}/login/")
    page.get_by_label("Användarnamn").fill(officer.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="LSS", exact=True).click()
    expect(page.get_by_role("heading", name="LSS-ansökningar")).to_be_visible()
    page.get_by_role("link", name="Ny ansökan").first.click()
    page.get_by_label("Personnummer").fill(number)
    page.get_by_label("Förnamn").fill("Kim")
    page.get_by_label("Efternamn").fill("Testsson")
    page.get_by_label("Datum då ansökan kom in").fill("2024-01-10")
    page.get_by_label("vårdnadshavare", exact=True).check()
    page.get_by_label("Namn på vårdnadshavare eller ställföreträdare").fill("Eva Testsson")
    page.get_by_label("LSS 9 § 3: Ledsagarservice").check()
    page.get_by_label("LSS 9 § 4: Biträde av kontaktperson").check()
    page.get_by_role("button", name="Registrera ansökan").click()
    expect(page.get_by_text("Ansökan registrerades")).to_be_visible()

    eligibility = page.locator("#action-eligibility")
    eligibility.get_by_label("3: andra stora och varaktiga").check()
    eligibility.get_by_label("Datum för bedömningen").fill("2024-01-20")
    eligibility.get_by_label("Motivering").fill("Läkarintyg visar bestående funktionshinder.")
    eligibility.get_by_role("button", name="Spara personkrets").click()
    expect(page.get_by_text("Personkretsen registrerades.")).to_be_visible()

    companion = page.locator("article", has_text="Ledsagarservice")
    companion.get_by_label("Beslutsdatum").fill("2024-01-31")
    companion.get_by_label("Bevilja").check()
    companion.get_by_label(re.compile(r"^Omfattning")).fill("12")
    companion.get_by_label("Skäl").fill("Behov av ledsagning för att delta i samhällslivet.")
    companion.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_text("Beslutet registrerades.")).to_be_visible()

    contact = page.locator("article", has_text="Biträde av kontaktperson")
    contact.get_by_label("Beslutsdatum").fill("2024-02-01")
    contact.get_by_label("Avslå").check()
    contact.get_by_label("Skäl").fill("Behovet tillgodoses genom ledsagarservice.")
    contact.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_text("Beslutet registrerades.")).to_be_visible()

    companion = page.locator("article", has_text="Ledsagarservice")
    expect(companion.get_by_text("2024-04-30")).to_be_visible()  # 3 months from 31 January
    companion.get_by_label("Startdatum").fill("2024-02-20")
    companion.get_by_label("extern utförare").check()
    companion.get_by_label("Utförarens namn").fill("Ledsagarna AB")
    companion.get_by_role("button", name="Registrera verkställigheten").click()
    expect(page.get_by_text("Verkställigheten registrerades.")).to_be_visible()
    expect(
        page.locator("article", has_text="Ledsagarservice").locator(".implemented")
    ).to_contain_text("2024-02-20")

    # The decision letter (the letters app's, under the decision): made, then read as sent.
    companion = page.locator(
        "article", has=page.get_by_role("heading", name=re.compile(r"^Ledsagarservice"))
    )
    companion.get_by_text("Skapa beslutsbrevet").click()
    companion.get_by_label("Skickat").fill("2024-02-21")
    companion.get_by_role("button", name="Skapa brevet").click()
    expect(page.get_by_text("Brevet är skapat.")).to_be_visible()
    with page.expect_response(lambda r: "/pdf/" in r.url) as letter:
        page.evaluate(
            "url => fetch(url)",
            companion.locator(".letters table a").first.get_attribute("href"),
        )
    assert letter.value.headers["content-type"] == "application/pdf"

    page.get_by_role("link", name="Beslut att verkställa").click()
    expect(page.get_by_text("Inga beviljade beslut väntar på verkställighet.")).to_be_visible()

    # Housing: not the officer's to decide. The page offers "send to the manager" instead.
    page.get_by_role("link", name="Ny ansökan").first.click()
    page.get_by_label("Personnummer").fill(new_identity_number(dt.date(1990, 1, 1)))
    page.get_by_label("Förnamn").fill("Sam")
    page.get_by_label("Efternamn").fill("Boendesson")
    page.get_by_label("Datum då ansökan kom in").fill("2024-03-01")
    page.get_by_label(re.compile(r"LSS 9 § 9:")).check()
    page.get_by_role("button", name="Registrera ansökan").click()
    eligibility = page.locator("#action-eligibility")
    eligibility.get_by_label("1: intellektuell funktionsnedsättning").check()
    eligibility.get_by_label("Datum för bedömningen").fill("2024-03-05")
    eligibility.get_by_label("Motivering").fill("Utredd.")
    eligibility.get_by_role("button", name="Spara personkrets").click()
    housing = page.locator("article", has_text="LSS 9 § 9")
    expect(housing.get_by_role("button", name="Registrera beslutet")).to_have_count(0)
    housing.get_by_label("Bevilja").check()
    housing.get_by_label("Skäl").fill("Behöver bostad med särskild service.")
    housing.get_by_role("button", name="Skicka till enhetschef").click()
    expect(page.get_by_text("Det förberedda beslutet skickades")).to_be_visible()
    flow.assert_accessible(page)
    flow.log_out(page)

    flow.log_in(page, base, lss_manager.username)
    page.get_by_role("link", name="LSS", exact=True).click()
    page.get_by_role("link", name="Beslut att fatta").click()
    row = page.locator("#referrals tbody tr").filter(has_text="Sam Boendesson")
    expect(row).to_contain_text("Beviljad")
    flow.assert_accessible(page)
    row.get_by_role("link").first.click()
    housing = page.locator("article", has_text="LSS 9 § 9")
    housing.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_text("Beslutet registrerades.")).to_be_visible()
    expect(page.locator("article", has_text="LSS 9 § 9")).to_contain_text("Beviljad")
    flow.assert_accessible(page)
