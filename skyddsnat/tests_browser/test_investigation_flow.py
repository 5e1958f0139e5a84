"""End to end in headless Chromium: a whole investigation, from the plan (autosaved as a draft
like the journal) through a conversation with the child that was not held, kommunicering to the
guardian and the guardian's reply, to "avslutas utan insats"; the case is then closed."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import new_identity_number
from skyddsnat.cases.guardians import guardian_add
from skyddsnat.cases.models import Case, CaseStatus
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.drafts.models import Draft
from skyddsnat.investigations.models import Ending, Section
from skyddsnat.tests_browser.test_case_flow import assert_accessible, log_in

# One scenario, as in test_case_flow (a live-server test ends by flushing the database).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_investigation_from_plan_to_ended_without_intervention(
    live_server, browser_page, screenshot, caseworker, make_report
):
    report = make_report(
        caseworker,
        personal_identity_number=new_identity_number(dt.date(2015, 2, 3)),
        first_name="Saga",
        last_name="Berg",
        received_at=timezone.now() - dt.timedelta(days=6),
    )
    case = report.case
    pre_assessment_decide(
        user=caseworker,
        case=case,
        decided_on=timezone.localdate() - dt.timedelta(days=5),
        decision="open_investigation",
        reason="Oro för barnets skolgång.",
    )
    guardian_add(
        user=caseworker,
        case=case,
        personal_identity_number=new_identity_number(dt.date(1984, 6, 7)),
        first_name="Hanna",
        last_name="Berg",
        relation="parent",
        is_synthetic=True,
    )
    page = browser_page
    base = live_server.url
    log_in(page, base, "socsek.jarva")

    page.goto(f"{base}/arenden/{case.pk}/")
    page.get_by_role("link", name=re.compile("Arbeta med utredningen")).click()
    expect(page.get_by_role("heading", name="Utredningens innehåll")).to_be_visible()
    expect(page.get_by_role("heading", name="Barnets utveckling och behov")).to_be_visible()
    assert_accessible(page)

    # The plan: typing autosaves a draft, saving the part stores it and discards the draft.
    plan = page.locator("#section-plan_questions")
    plan.locator("textarea[name=text]").fill("Hur fungerar Sagas skolgång?")
    expect(plan.get_by_text("Utkast sparat")).to_be_visible()
    assert Draft.objects.filter(key=f"investigations.section.plan_questions:{case.pk}").exists()  # noqa: S101
    plan.get_by_role("button", name="Spara delen").click()
    expect(page.get_by_text("Delen sparades.")).to_be_visible()
    assert Section.objects.get(kind="plan_questions").text == "Hur fungerar Sagas skolgång?"  # noqa: S101
    assert not Draft.objects.filter(key__startswith="investigations.section.").exists()  # noqa: S101

    # An area with its sources.
    family = page.locator("#section-family")
    family.locator("textarea[name=text]").fill("Familjen bor i Rinkeby; mormor finns nära.")
    family.locator("textarea[name=sources]").fill("Vårdnadshavaren, skolan")
    family.get_by_role("button", name="Spara delen").click()
    expect(page.get_by_text("Delen sparades.")).to_be_visible()

    # A conversation with the child that was not held, with its reason.
    page.get_by_text("Registrera ett samtal med barnet").click()
    form = page.locator("#action-conversation")
    form.get_by_label("Nej, hölls inte").check()
    form.get_by_label("Skäl till att samtalet inte hölls").select_option("declined")
    form.get_by_role("button", name="Registrera samtalet").click()
    expect(page.get_by_text("Samtalet registrerades.")).to_be_visible()
    expect(page.get_by_text("Hölls inte: barnet ville inte samtala")).to_be_visible()

    # Kommunicering to the guardian; ending now is refused until she has replied.
    page.get_by_text("Skicka materialet till parterna").click()
    form = page.locator("#action-communication")
    form.get_by_label("Material som skickats").fill("Utredningen med bedömning och förslag.")
    form.get_by_role("button", name="Registrera kommuniceringen").click()
    expect(page.get_by_text("Kommuniceringen registrerades.")).to_be_visible()
    expect(page.get_by_text("Hanna Berg (vårdnadshavare): inget svar ännu")).to_be_visible()

    def end() -> None:
        page.get_by_text("Avsluta utan insats").click()
        form = page.locator("#action-ending")
        form.locator("select[name=reason]").select_option("no_need")
        form.get_by_label("Motivering till beslutet").fill("Sagas behov tillgodoses hemma.")
        form.locator("input[name=follow_up_offered][value=no]").check()
        form.get_by_role("button", name="Avsluta utredningen").click()

    end()
    expect(page.locator("#id_ending_decided_on_error")).to_contain_text("alla har inte svarat")
    assert not Ending.objects.exists()  # noqa: S101
    screenshot(page, "investigation-waits-for-replies")

    page.get_by_text("Registrera ett svar").click()
    form = page.locator("#action-reply")
    form.locator("textarea[name=reply]").fill("Jag har inget att tillägga.")
    form.get_by_role("button", name="Registrera svaret").click()
    expect(page.get_by_text("Svaret registrerades.")).to_be_visible()

    end()
    expect(page.get_by_text("Utredningen avslutades utan insats.")).to_be_visible()
    expect(page.get_by_role("heading", name="Avslutad utan insats")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "investigation-ended")
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.CLOSED  # noqa: S101
    assert Ending.objects.get().follow_up_offered is False  # noqa: S101

    page.goto(f"{base}/arenden/{case.pk}/")
    expect(page.locator("h1 .status")).to_have_text("Avslutat")
    expect(page.get_by_text("Beslut: avsluta utredning utan insats")).to_be_visible()
