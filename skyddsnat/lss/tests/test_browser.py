"""End to end in headless Chromium: an LSS officer registers an application for two
interventions, assesses the eligibility group, grants one and refuses the other, and records the
implementation; the decision letter opens as a PDF."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, new_identity_number

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_application_goes_through_decision_to_implementation(
    live_server,
    browser_page,
    officer,
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
    eligibility.get_by_label("3: andra varaktiga").check()
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

    with page.expect_response(lambda r: "beslutsbrev" in r.url) as letter:
        page.evaluate(
            "url => fetch(url)",
            page.locator("a", has_text="Beslutsbrev").first.get_attribute("href"),
        )
    assert letter.value.headers["content-type"] == "application/pdf"

    page.get_by_role("link", name="Beslut att verkställa").click()
    expect(page.get_by_text("Inga beviljade beslut väntar på verkställighet.")).to_be_visible()
