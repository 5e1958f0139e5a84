"""The keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7): a caseworker signs in and registers a concern
report without a mouse — Tab and Shift+Tab to move, typing, Space on a radio button, Enter on a
summary and on the submit button. The focus order reaches every field of the form and the
submit button in the order they stand on the page, the focus is always visible, and the report
is stored."""

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, new_identity_number
from skyddsnat.children.models import Report
from skyddsnat.lib.identity import display

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBMIT = "Registrera anmälan"
# What the focused element is: enough to say which field, and whether its focus shows.
# Read after the next frame is drawn. (A date field keeps the focus in its parts: the host matches
# :focus-within, not :focus, and skyddsnat.css rings it for that.)
FOCUSED = """(async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), type: e.getAttribute('type') || '', name: e.name || '',
    id: e.id || '', text: (e.innerText || '').trim().slice(0, 60), value: e.value || '',
    checked: !!e.checked, outline: s.outlineStyle + ' ' + s.outlineWidth,
    visible: s.outlineStyle !== 'none' && s.outlineWidth !== '0px',
  };
})()"""
# The form's fields as they stand on the page (hidden inputs and the CSRF token are not fields).
FIELDS = """(() => Array.from(document.querySelectorAll(
  'main form input:not([type=hidden]), main form select, main form textarea'))
  .map(e => e.name))()"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab(page: Page, *, back: bool = False) -> dict:
    page.keyboard.press("Shift+Tab" if back else "Tab")
    return focused(page)


def test_a_caseworker_registers_a_report_with_the_keyboard_alone(
    live_server, browser_page, caseworker
):
    page = browser_page
    base = live_server.url
    number = new_identity_number()

    # Sign in: the user name field has the focus when the page opens.
    page.goto(f"{base}/login/")
    assert focused(page)["name"] == "username"  # noqa: S101
    page.keyboard.type(caseworker.username)
    tab(page)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()

    page.goto(f"{base}/barn/anmalan/ny/")
    expect(page.get_by_role("heading", name="Registrera orosanmälan")).to_be_visible()
    # From the top of the page: the first Tab reaches the skip link, Enter follows it.
    first = tab(page)
    assert first["text"] == "Hoppa till innehållet"  # noqa: S101
    assert first["visible"]  # noqa: S101
    page.keyboard.press("Enter")

    typed = {
        "personal_identity_number": display(number),
        "first_name": "Vera",
        "last_name": "Lind",
        "reporter_name": "Rinkebyskolan",
        "description": "Eleven har varit frånvarande i tre veckor.",
    }
    order: list[str] = []
    opened_details = False
    current: dict = {}
    for _ in range(80):
        current = tab(page)
        assert current["visible"], f"the focus does not show on {current}"  # noqa: S101
        if current["tag"] == "button" and current["text"] == SUBMIT:
            break
        if current["tag"] == "summary" and not opened_details:
            # The fields for a child without a number are folded away: Enter opens them.
            page.keyboard.press("Enter")
            opened_details = True
            continue
        name = current["name"]
        if not name:
            continue
        if name not in order:
            order.append(name)
        if name in typed:
            page.keyboard.type(typed[name])
        elif name == "reporter_type":
            # A radio group is one Tab stop: Space chooses the first, arrows move the choice.
            page.keyboard.press("Space")
            for _step in range(5):
                if focused(page)["value"] == "professional":
                    break
                page.keyboard.press("ArrowDown")
            assert focused(page)["value"] == "professional"  # noqa: S101
            assert focused(page)["checked"]  # noqa: S101
    assert current["tag"] == "button", f"the submit button was not reached: {order}"  # noqa: S101
    assert opened_details  # noqa: S101

    # Every field of the form was reached, in the order the fields stand on the page.
    fields = list(dict.fromkeys(page.evaluate(FIELDS)))
    assert order == fields  # noqa: S101

    # Shift+Tab goes back to the form's last field, Tab forward to the button again.
    assert tab(page, back=True)["name"] == fields[-1]  # noqa: S101
    assert tab(page)["text"] == SUBMIT  # noqa: S101
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=re.compile(r"^BU-\d{4}-\d{6}"))).to_be_visible()
    report = Report.objects.select_related("child").get(child__personal_identity_number=number)
    assert report.description == typed["description"]  # noqa: S101
    assert report.reporter_type == "professional"  # noqa: S101
    assert report.reporter_name == "Rinkebyskolan"  # noqa: S101
    assert report.child.first_name == "Vera"  # noqa: S101
    assert report.registered_by == caseworker  # noqa: S101
