"""Compulsory care of young people (LVU) on the case spine: the committee's decisions recorded by
the unit manager, and the LVU time limits started from rule data (domain.md §2–3).

Longer than our ~500 lines on purpose: every LVU limit with its boundary dates in one place, so
that a change of the rule data shows all that it moves."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import (
    CaseStatus,
    CountsFrom,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    InterventionDeadline,
    InterventionType,
    LegalBasis,
)
from skyddsnat.cases.selectors import my_deadlines, overdue_cases
from skyddsnat.cases.services import (
    case_decide,
    deadline_record_done,
    intervention_end,
    intervention_start,
)
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.lib.dates import add_months

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
    assert "LVU (1990:52) 7 och 9 §§" in court_view.citation
    assert "verifiera" not in court_view.citation
    application = next(v for v in views if v.kind == DeadlineKind.LVU_CARE_APPLICATION)
    assert not application.overdue


def test_an_ordinary_placement_starts_no_lvu_limit(manager, investigated):
    decision = _decide(manager, investigated, "family-home", timezone.localdate())
    intervention_start(user=manager, decision=decision, started_on=timezone.localdate())
    assert not Deadline.objects.filter(case=investigated, kind__startswith="lvu_").exists()
    assert Intervention.objects.filter(case=investigated).count() == 1


def test_every_lvu_rule_is_data_with_a_citation_and_what_is_unverified_apart(db):
    rules = {r.kind: r for r in DeadlineRule.objects.filter(kind__startswith="lvu_")}
    assert {(k, r.amount, r.unit) for k, r in rules.items()} == {
        ("lvu_court_submission", 7, "days"),
        ("lvu_care_application", 28, "days"),
        ("lvu_reconsideration", 6, "months"),
    }
    assert all("LVU" in r.citation and "verifi" not in r.citation for r in rules.values())
    assert all("inte verifierade" in r.unverified for r in rules.values())


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


# ----- counted from the decision on custody (LVU 7 and 8 §§) --------------------------------------


def test_the_court_and_care_application_limits_count_from_the_custody_decision_not_the_start(
    caseworker, manager, make_report
):
    decided = timezone.localdate() - dt.timedelta(days=5)
    case = _investigate(caseworker, make_report, opened_on=decided)
    decision = _decide(manager, case, CUSTODY, decided)
    intervention_start(user=manager, decision=decision, started_on=decided + dt.timedelta(days=2))
    deadlines = {d.kind: d for d in Deadline.objects.filter(case=case)}
    court = deadlines[DeadlineKind.LVU_COURT_SUBMISSION]
    application = deadlines[DeadlineKind.LVU_CARE_APPLICATION]
    assert (court.starts_on, court.due) == (decided, decided + dt.timedelta(days=7))
    assert (application.starts_on, application.due) == (decided, decided + dt.timedelta(days=28))


def test_which_lvu_limits_count_from_the_decision_is_data(db):
    lines = InterventionDeadline.objects.filter(intervention_type__legal_basis=LegalBasis.LVU)
    assert {(line.intervention_type.code, line.rule.kind, line.counts_from) for line in lines} == {
        (CUSTODY, "lvu_court_submission", CountsFrom.DECISION),
        (CUSTODY, "lvu_care_application", CountsFrom.DECISION),
        ("lvu-care-2", "lvu_reconsideration", CountsFrom.START),
        ("lvu-care-3", "lvu_reconsideration", CountsFrom.START),
    }


# ----- care under 2 § or 3 § after immediate custody ----------------------------------------------


def _in_custody(caseworker, manager, make_report, *, days_ago: int = 20):
    decided = timezone.localdate() - dt.timedelta(days=days_ago)
    case = _investigate(caseworker, make_report, opened_on=decided)
    decision = _decide(manager, case, CUSTODY, decided)
    custody = intervention_start(user=manager, decision=decision, started_on=decided)
    case.refresh_from_db()
    return case, custody


def test_care_after_custody_may_follow_it_as_catalogue_data(db):
    custody = InterventionType.objects.get(code=CUSTODY)
    assert set(custody.followed_by.values_list("code", flat=True)) == {"lvu-care-2", "lvu-care-3"}
    assert not InterventionType.objects.get(code="family-home").may_follow.exists()


def test_a_caseworker_may_not_record_care_after_custody(caseworker, manager, make_report):
    case, _custody = _in_custody(caseworker, manager, make_report)
    with pytest.raises(PermissionDenied):
        _decide(caseworker, case, "lvu-care-2", timezone.localdate())
    assert not Decision.objects.filter(case=case, intervention_type__code="lvu-care-2").exists()


@pytest.mark.parametrize(("code", "line"), [("lvu-care-2", "BU 4.2"), ("lvu-care-3", "BU 4.3")])
def test_the_manager_records_care_after_custody_without_a_new_investigation(
    caseworker, manager, make_report, code, line
):
    case, custody = _in_custody(caseworker, manager, make_report)
    assert case.investigation.closed_on is not None
    decision = _decide(manager, case, code, timezone.localdate())
    assert decision.delegation.code == line
    case.refresh_from_db()
    assert case.status == CaseStatus.INTERVENTION
    entry = AuditEntry.objects.filter(action="cases.decision.create", case_id=case.pk).latest("pk")
    assert entry.detail["follows"] == CUSTODY


def test_care_is_refused_without_an_open_investigation_or_ongoing_custody(
    caseworker, manager, make_report
):
    case, custody = _in_custody(caseworker, manager, make_report)
    intervention_end(user=manager, intervention=custody, ended_on=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        _decide(manager, case, "lvu-care-2", timezone.localdate())
    assert "decided_on" in refused.value.message_dict
    assert not Decision.objects.filter(case=case, intervention_type__code="lvu-care-2").exists()


def test_an_ordinary_intervention_does_not_follow_custody(caseworker, manager, make_report):
    case, _custody = _in_custody(caseworker, manager, make_report)
    with pytest.raises(ValidationError):
        _decide(manager, case, "family-home", timezone.localdate())


def test_custody_ends_the_day_care_starts_and_the_reconsideration_limit_starts(
    caseworker, manager, make_report
):
    case, custody = _in_custody(caseworker, manager, make_report)
    care_from = timezone.localdate() - dt.timedelta(days=2)
    decision = _decide(manager, case, "lvu-care-3", care_from)
    care = intervention_start(user=manager, decision=decision, started_on=care_from)
    custody.refresh_from_db()
    assert custody.ended_on == care_from
    assert care.ended_on is None
    case.refresh_from_db()
    assert case.status == CaseStatus.INTERVENTION
    reconsideration = Deadline.objects.get(case=case, kind=DeadlineKind.LVU_RECONSIDERATION)
    assert reconsideration.starts_on == care_from
    assert reconsideration.due == add_months(care_from, 6)
    assert AuditEntry.objects.filter(
        action="cases.intervention.end", case_id=case.pk, detail__followed_by="lvu-care-3"
    ).exists()


# ----- LVU time limits marked done by hand --------------------------------------------------------


def _deadline(case, kind: str) -> Deadline:
    return Deadline.objects.filter(case=case, kind=kind, done_at__isnull=True).get()


def test_the_lvu_limits_are_completed_by_hand_and_only_reconsideration_restarts(db):
    rules = DeadlineRule.objects.all()
    assert {r.kind for r in rules if r.completed_by_hand} == {
        "lvu_court_submission",
        "lvu_care_application",
        "lvu_reconsideration",
    }
    assert {r.kind for r in rules if r.restarts_when_done} == {"lvu_reconsideration"}


def test_the_court_submission_marked_done_is_no_longer_overdue_and_keeps_its_note(
    caseworker, manager, make_report
):
    case, _custody = _in_custody(caseworker, manager, make_report)
    court = _deadline(case, DeadlineKind.LVU_COURT_SUBMISSION)
    assert court.is_overdue(timezone.localdate())
    done_on = court.starts_on + dt.timedelta(days=3)
    deadline_record_done(
        user=caseworker, case=case, deadline=court, done_on=done_on, note=" Mål nr 1234-26 "
    )
    court.refresh_from_db()
    assert timezone.localtime(court.done_at).date() == done_on
    assert court.done_note == "Mål nr 1234-26"
    assert not court.is_overdue(timezone.localdate())
    entry = AuditEntry.objects.filter(action="cases.deadline.done", case_id=case.pk).get()
    assert entry.detail["kind"] == "lvu_court_submission"
    assert entry.user_id == caseworker.pk
    assert not Deadline.objects.filter(case=case, kind=DeadlineKind.LVU_COURT_SUBMISSION).filter(
        done_at__isnull=True
    )


@pytest.mark.parametrize(
    "kind",
    [DeadlineKind.SAFETY_ASSESSMENT, DeadlineKind.PRE_ASSESSMENT, DeadlineKind.INVESTIGATION],
)
def test_limits_completed_by_their_own_step_cannot_be_marked_done_by_hand(
    caseworker, make_report, kind
):
    received = timezone.now() - dt.timedelta(hours=2)
    case = make_report(caseworker, received_at=received).case
    if kind == DeadlineKind.INVESTIGATION:
        pre_assessment_decide(
            user=caseworker,
            case=case,
            decided_on=timezone.localdate(),
            decision="open_investigation",
            reason="Oro.",
        )
    deadline = Deadline.objects.filter(case=case, kind=kind).get()
    with pytest.raises(ValidationError) as refused:
        deadline_record_done(
            user=caseworker, case=case, deadline=deadline, done_on=timezone.localdate(), note=""
        )
    assert "deadline" in refused.value.message_dict
    deadline.refresh_from_db()
    if kind != DeadlineKind.PRE_ASSESSMENT:
        assert deadline.done_at is None
    assert not AuditEntry.objects.filter(action="cases.deadline.done").exists()


def test_a_limit_is_not_marked_done_twice_nor_in_the_future_nor_before_it_started(
    caseworker, manager, make_report
):
    case, _custody = _in_custody(caseworker, manager, make_report)
    court = _deadline(case, DeadlineKind.LVU_COURT_SUBMISSION)
    for done_on in (timezone.localdate() + dt.timedelta(days=1), court.starts_on - dt.timedelta(1)):
        with pytest.raises(ValidationError) as refused:
            deadline_record_done(user=manager, case=case, deadline=court, done_on=done_on)
        assert "done_on" in refused.value.message_dict
    deadline_record_done(user=manager, case=case, deadline=court, done_on=timezone.localdate())
    with pytest.raises(ValidationError):
        deadline_record_done(user=manager, case=case, deadline=court, done_on=timezone.localdate())


def test_someone_outside_the_case_may_not_mark_its_limits_done(
    caseworker, manager, outsider, make_report
):
    case, _custody = _in_custody(caseworker, manager, make_report)
    court = _deadline(case, DeadlineKind.LVU_COURT_SUBMISSION)
    with pytest.raises(PermissionDenied):
        deadline_record_done(user=outsider, case=case, deadline=court, done_on=court.starts_on)
    court.refresh_from_db()
    assert court.done_at is None


def test_a_reconsideration_marked_done_starts_the_next_one_while_care_goes_on(
    caseworker, manager, make_report
):
    case, _custody = _in_custody(caseworker, manager, make_report, days_ago=200)
    care_from = timezone.localdate() - dt.timedelta(days=190)
    care = intervention_start(
        user=manager,
        decision=_decide(manager, case, "lvu-care-2", care_from),
        started_on=care_from,
    )
    first = _deadline(case, DeadlineKind.LVU_RECONSIDERATION)
    done_on = first.due - dt.timedelta(days=10)
    deadline_record_done(user=caseworker, case=case, deadline=first, done_on=done_on)
    second = _deadline(case, DeadlineKind.LVU_RECONSIDERATION)
    assert second.pk != first.pk
    assert (second.starts_on, second.due) == (done_on, add_months(done_on, 6))
    assert not second.rule.extendable
    # Once the care has ended, a reconsideration marked done starts no new one.
    intervention_end(user=manager, intervention=care, ended_on=timezone.localdate())
    deadline_record_done(user=manager, case=case, deadline=second, done_on=timezone.localdate())
    assert not Deadline.objects.filter(
        case=case, kind=DeadlineKind.LVU_RECONSIDERATION, done_at__isnull=True
    ).exists()


def test_the_case_page_marks_a_limit_done_and_shows_errors_in_swedish(
    client, caseworker, manager, make_report
):
    case, _custody = _in_custody(caseworker, manager, make_report)
    court = _deadline(case, DeadlineKind.LVU_COURT_SUBMISSION)
    safety = Deadline.objects.get(case=case, kind=DeadlineKind.SAFETY_ASSESSMENT)
    client.force_login(caseworker)
    url = reverse("cases-case-detail", kwargs={"case_id": case.pk})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Markera som klar" in page
    assert reverse("cases-deadline-done", args=[case.pk, court.pk]) in page
    assert reverse("cases-deadline-done", args=[case.pk, safety.pk]) not in page
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    refused = client.post(
        reverse("cases-deadline-done", args=[case.pk, court.pk]),
        {f"deadline{court.pk}-done_on": future, f"deadline{court.pk}-note": ""},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert refused.status_code == 400
    assert "Datumet kan inte ligga i framtiden." in refused.content.decode()
    done = client.post(
        reverse("cases-deadline-done", args=[case.pk, court.pk]),
        {
            f"deadline{court.pk}-done_on": court.starts_on.isoformat(),
            f"deadline{court.pk}-note": "Inskickat.",
        },
    )
    assert done.status_code == 302
    court.refresh_from_db()
    assert court.done_note == "Inskickat."
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert reverse("cases-deadline-done", args=[case.pk, court.pk]) not in page
    assert "Inskickat." in page


def test_the_api_marks_a_limit_done_and_answers_problems(caseworker, manager, make_report):
    case, _custody = _in_custody(caseworker, manager, make_report)
    court = _deadline(case, DeadlineKind.LVU_COURT_SUBMISSION)
    safety = Deadline.objects.get(case=case, kind=DeadlineKind.SAFETY_ASSESSMENT)
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token/",
        {"username": caseworker.username, "password": PASSWORD},
        format="json",
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    listed = api.get(f"/api/v1/cases/{case.pk}/").json()["deadlines"]
    by_hand = {d["id"]: d["completed_by_hand"] for d in listed}
    assert by_hand[court.pk] and not by_hand[safety.pk]

    refused = api.post(
        f"/api/v1/cases/{case.pk}/deadlines/{safety.pk}/done/",
        {"done_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/problem+json")
    missing = api.post(
        f"/api/v1/cases/{case.pk}/deadlines/999999999/done/",
        {"done_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")

    response = api.post(
        f"/api/v1/cases/{case.pk}/deadlines/{court.pk}/done/",
        {"done_on": court.starts_on.isoformat(), "note": "Mål nr 1234-26"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["id"] == court.pk
    assert body["done_note"] == "Mål nr 1234-26"
    assert body["case_id"] == case.pk
    court_view = next(d for d in body["deadlines"] if d["id"] == court.pk)
    assert court_view["done"] and not court_view["overdue"]
    schema = api.get("/api/schema/?format=json").json()
    assert "/api/v1/cases/{case_id}/deadlines/{deadline_id}/done/" in schema["paths"]


def test_the_case_page_offers_care_after_custody_and_the_manager_records_it(
    client, caseworker, manager, make_report
):
    case, custody = _in_custody(caseworker, manager, make_report)
    client.force_login(manager)
    url = reverse("cases-case-detail", kwargs={"case_id": case.pk})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert reverse("cases-decision-create", args=[case.pk]) in page
    assert "utan ny utredning" in page
    care = InterventionType.objects.get(code="lvu-care-2")
    assert f'value="{care.pk}"' in page
    assert f'value="{InterventionType.objects.get(code="family-home").pk}"' not in page
    response = client.post(
        reverse("cases-decision-create", args=[case.pk]),
        {
            "decided_on": timezone.localdate().isoformat(),
            "outcome": "grant",
            "intervention_type": care.pk,
            "reason": "Förvaltningsrätten har beslutat om vård.",
        },
    )
    assert response.status_code == 302
    assert Decision.objects.filter(case=case, intervention_type=care).exists()
