"""Compulsory care of young people (LVU) on the case spine: the committee's decisions recorded by
the unit manager, and the LVU time limits started from rule data (domain.md §2–3)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.cases.models import (
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    InterventionType,
    LegalBasis,
)
from skyddsnat.cases.selectors import my_deadlines, overdue_cases
from skyddsnat.cases.services import case_decide, intervention_start
from skyddsnat.children.services import pre_assessment_decide

CUSTODY = "lvu-immediate-custody"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _investigate(caseworker, make_report, *, opened_on: dt.date):
    received = dt.datetime.combine(opened_on, dt.time(9, 0), tzinfo=STOCKHOLM)
    report = make_report(caseworker, received_at=received)
    pre_assessment_decide(
        user=caseworker,
        case=report.case,
        decided_on=opened_on,
        decision="open_investigation",
        reason="Akut oro för barnets säkerhet.",
    )
    case = report.case
    case.refresh_from_db()
    return case


def _decide(user, case, code: str, decided_on: dt.date) -> Decision:
    return case_decide(
        user=user,
        case=case,
        decided_on=decided_on,
        outcome="grant",
        intervention_type=InterventionType.objects.get(code=code),
        reason="Nämndens ordförande har beslutat.",
    )


@pytest.fixture
def investigated(caseworker, make_report):
    return _investigate(
        caseworker, make_report, opened_on=timezone.localdate() - dt.timedelta(days=1)
    )


def test_the_lvu_interventions_are_placements_under_lvu_and_lss_ones_under_lss(db):
    lvu = InterventionType.objects.filter(legal_basis=LegalBasis.LVU)
    assert set(lvu.values_list("code", flat=True)) == {CUSTODY, "lvu-care-2", "lvu-care-3"}
    assert all(t.is_placement and t.case_kind == "children" and t.citation for t in lvu)
    assert not InterventionType.objects.filter(case_kind="lss").exclude(legal_basis="lss").exists()
    assert InterventionType.objects.get(code="family-home").legal_basis == LegalBasis.SOL


@pytest.mark.parametrize("code", [CUSTODY, "lvu-care-2", "lvu-care-3"])
def test_a_caseworker_may_not_record_an_lvu_decision_and_nothing_is_stored(
    caseworker, investigated, code
):
    with pytest.raises(PermissionDenied):
        _decide(caseworker, investigated, code, timezone.localdate())
    assert not Decision.objects.filter(case=investigated, decision_type="intervention").exists()
    investigated.investigation.refresh_from_db()
    assert investigated.investigation.closed_on is None


@pytest.mark.parametrize(
    ("code", "line"), [(CUSTODY, "BU 4.1"), ("lvu-care-2", "BU 4.2"), ("lvu-care-3", "BU 4.3")]
)
def test_the_manager_records_the_committees_lvu_decision_under_its_own_line(
    manager, investigated, code, line
):
    decision = _decide(manager, investigated, code, timezone.localdate())
    assert decision.delegation.code == line
    assert decision.delegation.role == "manager"
    assert "LVU" in decision.delegation.citation
    assert "enhetschef" in decision.delegation.citation


def test_immediate_custody_starts_the_court_and_care_application_limits(manager, investigated):
    today = timezone.localdate()
    decision = _decide(manager, investigated, CUSTODY, today)
    intervention = intervention_start(user=manager, decision=decision, started_on=today)
    deadlines = {d.kind: d for d in Deadline.objects.filter(case=investigated)}
    court = deadlines[DeadlineKind.LVU_COURT_SUBMISSION]
    application = deadlines[DeadlineKind.LVU_CARE_APPLICATION]
    assert (court.starts_on, court.due, court.original_due) == (
        today,
        today + dt.timedelta(days=7),
        today + dt.timedelta(days=7),
    )
    assert (application.starts_on, application.due) == (today, today + dt.timedelta(days=28))
    assert DeadlineKind.LVU_RECONSIDERATION not in deadlines
    assert intervention.intervention_type.legal_basis == LegalBasis.LVU
    kinds = {view.kind for _case, view in my_deadlines(user=manager)}
    assert {DeadlineKind.LVU_COURT_SUBMISSION, DeadlineKind.LVU_CARE_APPLICATION} <= kinds


@pytest.mark.parametrize("code", ["lvu-care-2", "lvu-care-3"])
def test_care_under_lvu_is_reconsidered_within_six_months_clamped_to_the_month_end(
    caseworker, manager, make_report, code
):
    case = _investigate(caseworker, make_report, opened_on=dt.date(2025, 8, 20))
    decision = _decide(manager, case, code, dt.date(2025, 8, 31))
    intervention_start(user=manager, decision=decision, started_on=dt.date(2025, 8, 31))
    reconsideration = Deadline.objects.get(case=case, kind=DeadlineKind.LVU_RECONSIDERATION)
    assert reconsideration.starts_on == dt.date(2025, 8, 31)
    assert reconsideration.due == dt.date(2026, 2, 28)
    assert not Deadline.objects.filter(
        case=case, kind__in=[DeadlineKind.LVU_COURT_SUBMISSION, DeadlineKind.LVU_CARE_APPLICATION]
    ).exists()


def test_an_immediate_custody_not_submitted_to_the_court_within_a_week_is_overdue(
    caseworker, manager, make_report
):
    started = timezone.localdate() - dt.timedelta(days=10)
    case = _investigate(caseworker, make_report, opened_on=started)
    decision = _decide(manager, case, CUSTODY, started)
    intervention_start(user=manager, decision=decision, started_on=started)
    court = Deadline.objects.get(case=case, kind=DeadlineKind.LVU_COURT_SUBMISSION)
    assert court.is_overdue(timezone.localdate())
    assert case in overdue_cases(user=manager)
    views = [view for c, view in my_deadlines(user=manager) if c.pk == case.pk]
    court_view = next(v for v in views if v.kind == DeadlineKind.LVU_COURT_SUBMISSION)
    assert court_view.overdue
    assert court_view.days_left == -3
    assert "verifiera" in court_view.citation
    application = next(v for v in views if v.kind == DeadlineKind.LVU_CARE_APPLICATION)
    assert not application.overdue


def test_an_ordinary_placement_starts_no_lvu_limit(manager, investigated):
    decision = _decide(manager, investigated, "family-home", timezone.localdate())
    intervention_start(user=manager, decision=decision, started_on=timezone.localdate())
    assert not Deadline.objects.filter(case=investigated, kind__startswith="lvu_").exists()
    assert Intervention.objects.filter(case=investigated).count() == 1


def test_every_lvu_rule_is_data_with_a_citation_to_verify(db):
    rules = {r.kind: r for r in DeadlineRule.objects.filter(kind__startswith="lvu_")}
    assert {(k, r.amount, r.unit) for k, r in rules.items()} == {
        ("lvu_court_submission", 7, "days"),
        ("lvu_care_application", 28, "days"),
        ("lvu_reconsideration", 6, "months"),
    }
    assert all("LVU" in r.citation and "verifiera" in r.citation for r in rules.values())


def test_the_lvu_limits_show_on_the_case_page_in_swedish_and_in_the_api(
    client, manager, investigated
):
    today = timezone.localdate()
    decision = _decide(manager, investigated, CUSTODY, today)
    intervention_start(user=manager, decision=decision, started_on=today)
    client.force_login(manager)
    page = client.get(
        reverse("cases-case-detail", kwargs={"case_id": investigated.pk}),
        HTTP_ACCEPT_LANGUAGE="sv",
    ).content.decode()
    assert "Underställning av omedelbart omhändertagande till förvaltningsrätten" in page
    assert "Ansökan om vård enligt LVU" in page
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token/", {"username": manager.username, "password": PASSWORD}, format="json"
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get(f"/api/v1/cases/{investigated.pk}/")
    assert response.status_code == 200
    due = {d["kind"]: d["due"] for d in response.json()["deadlines"]}
    assert due["lvu_court_submission"] == (today + dt.timedelta(days=7)).isoformat()
    assert due["lvu_care_application"] == (today + dt.timedelta(days=28)).isoformat()
