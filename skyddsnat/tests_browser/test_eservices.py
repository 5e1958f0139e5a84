"""The public e-services in headless Chromium (issue 11): each public form sent with JavaScript
and without it (a context with `java_script_enabled=False`), a concern report sent with the
keyboard alone, the language switch, and axe-core with zero violations on every public page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from skyddsnat.children.models import Channel, Report
from skyddsnat.eservices.models import HelpRequest, Submission

# One test function on purpose (see test_case_flow.py: a live-server test flushes the database).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_no_violations(page: Page) -> None:
    results = Axe().run(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]
    assert problems == [], f"{page.url}: {problems}"  # noqa: S101


def tab_to(page: Page, name: str, limit: int = 60) -> None:
    """Press Tab until the element named `name` (a field's name or a button's text) has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.name || e.textContent || '').trim() : ''; }"
        )
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def send_concern_with_keyboard(page: Page, base: str) -> None:
    page.goto(f"{base}/e-tjanst/orosanmalan/")
    tab_to(page, "reporter_kind")  # the first radio: "I report in my work"
    page.keyboard.press("ArrowDown")  # private person
    page.keyboard.press("ArrowDown")  # anonymous
    tab_to(page, "first_name")
    page.keyboard.type("Tangent")
    tab_to(page, "last_name")
    page.keyboard.type("Bordsson")
    tab_to(page, "address")
    page.keyboard.type("Rinkebysvängen 1, 163 71 Stockholm")
    tab_to(page, "description")
    page.keyboard.type("Barnet är ofta ensamt hemma på kvällarna.")
    tab_to(page, "Skicka anmälan")
    page.keyboard.press("Enter")


def send_help(page: Page, base: str) -> None:
    page.goto(f"{base}/e-tjanst/hjalp/")
    page.get_by_label("Mitt barn").check()
    page.get_by_label("Vad behöver du hjälp med?").fill("Vi behöver stöd i föräldraskapet.")
    page.get_by_label("Ditt namn").fill("Karin Testsson")
    page.get_by_label("Telefon").fill("070-000 00 00")
    page.get_by_label("Stadsdel där du bor").select_option(label="Järva")
    page.get_by_role("button", name="Skicka", exact=True).click()


def test_the_public_forms_with_and_without_javascript(browser_page: Page, live_server, settings):
    settings.SKYDDSNAT_ESERVICE_MIN_SECONDS = 0
    base = live_server.url
    page = browser_page

    # With JavaScript: every public page, axe on each.
    page.goto(f"{base}/e-tjanst/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakta socialtjänsten")
    assert_no_violations(page)
    for path in ("orosanmalan/", "hjalp/", "lss/"):
        page.goto(f"{base}/e-tjanst/{path}")
        assert_no_violations(page)

    # A concern report with the keyboard alone: the postal code decides the district.
    from skyddsnat.eservices.models import PostalArea
    from skyddsnat.organisation.models import District

    PostalArea.objects.create(postal_code="16371", district=District.objects.get(slug="jarva"))
    send_concern_with_keyboard(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack, vi har tagit emot det")
    assert_no_violations(page)
    report = Report.objects.get(child__first_name="Tangent")
    assert report.channel == Channel.ESERVICE and report.district.slug == "jarva"  # noqa: S101
    assert Submission.objects.get(case=report.case).reference in page.content()  # noqa: S101

    # A refused form says in Swedish what to fix, and the error summary passes axe too.
    page.goto(f"{base}/e-tjanst/orosanmalan/")
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.get_by_role("alert")).to_contain_text("Inget skickades")
    assert_no_violations(page)

    send_help(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack, vi har tagit emot det")

    # Without JavaScript: the same forms work, the language switch too.
    context = page.context.browser.new_context(java_script_enabled=False, locale="en-US")
    plain = context.new_page()
    try:
        plain.goto(f"{base}/e-tjanst/orosanmalan/")
        plain.get_by_label("Jag är privatperson").check()
        plain.get_by_label("Ditt namn").fill("Utan Skript")
        plain.get_by_label("Barnets förnamn").fill("Skriptlös")
        plain.get_by_label("Barnets efternamn").fill("Testsson")
        plain.get_by_label("Stadsdel där barnet bor").select_option(label="Järva")
        plain.get_by_label("Vad är du orolig för?").fill("Barnet kommer hungrigt till skolan.")
        plain.get_by_role("button", name="Skicka anmälan").click()
        expect(plain.get_by_role("heading", level=1)).to_have_text("Tack, vi har tagit emot det")
        send_help(plain, base)
        expect(plain.get_by_role("heading", level=1)).to_have_text("Tack, vi har tagit emot det")
        plain.goto(f"{base}/e-tjanst/lss/")
        expect(plain.get_by_role("link", name="Logga in för att ansöka")).to_be_visible()
        plain.goto(f"{base}/e-tjanst/")
        plain.get_by_role("button", name="English").click()
        expect(plain.get_by_role("heading", level=1)).to_have_text("Contact the social services")
    finally:
        context.close()
    page.goto(f"{base}/e-tjanst/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact the social services")
    assert_no_violations(page)

    assert Report.objects.filter(channel=Channel.ESERVICE).count() == 2  # noqa: S101
    assert HelpRequest.objects.count() == 2  # noqa: S101
