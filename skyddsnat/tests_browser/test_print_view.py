"""The print view on paper (issue 14 point 3), in real headless Chromium: reached by "Skriv ut" on
the case page; with print media the menu, the skip link and the buttons are hidden; printed to
PDF it runs over several pages, and every page carries the header with the case reference, the
child's name and identity number and who printed it (read back from the PDF with pypdf)."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from skyddsnat.cases.services import journal_add
from skyddsnat.investigations.tests.conftest import investigated_case
from skyddsnat.tests_browser import test_case_flow as flow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def printed_case(caseworker, make_report):
    """Made before the browser starts (the fixture stands before `browser_page`), on the test's
    own connection: an investigated case with a long journal, so the print runs over pages."""
    case = investigated_case(caseworker, make_report)
    for n in range(1, 31):
        journal_add(
            user=caseworker,
            case=case,
            text=f"Anteckning {n}: samtal med skolan om närvaron.\n" + "Uppföljning. " * 40,
        )
    return case


def test_the_print_view_prints_with_its_header_on_every_page(
    live_server, caseworker, printed_case, browser_page
):
    case = printed_case
    page = browser_page
    base = live_server.url
    flow.log_in(page, base, caseworker.username)

    page.goto(f"{base}/arenden/{case.pk}/")
    page.get_by_role("link", name="Skriv ut").click()
    expect(page.get_by_role("heading", name=case.reference, exact=False)).to_be_visible()
    assert page.url.endswith(f"/arenden/{case.pk}/utskrift/")  # noqa: S101
    # On screen the menu and the print button are there.
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator(".print-actions")).to_be_hidden()
    expect(page.locator(".print-header")).to_be_visible()
    expect(page.get_by_text("Anteckning 30:")).to_be_visible()

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    texts = [p.extract_text() for p in pdf.pages]
    assert len(texts) >= 3, len(texts)  # noqa: S101
    person = case.person
    for number, text in enumerate(texts, start=1):
        assert case.reference in text, f"page {number} lacks the case reference"  # noqa: S101
        assert person.full_name in text, f"page {number} lacks the name"  # noqa: S101
        assert person.identity_number_display in text, number  # noqa: S101
        assert "Utskriven av Sara Ek" in text, number  # noqa: S101
        assert "Mina ärenden" not in text, number  # noqa: S101
    assert "Slut på utskriften" in texts[-1]  # noqa: S101
