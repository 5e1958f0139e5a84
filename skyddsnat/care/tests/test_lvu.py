"""LVU as events: immediate custody at any stage without closing the investigation, the limits
counted from the decision and from the day it was carried out, the court's extension, a lapse
shown, care under 2 § or 3 § with its decisions every six months and its end by age."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry
from skyddsnat.care.models import CustodyStage, ImmediateCustody, LvuReview, Placement
from skyddsnat.care.selectors import care_state
from skyddsnat.care.services import (
    custody_carried_out,
    custody_decide,
    custody_extend,
    custody_limit_done,
    lvu_review_record,
    placement_create,
    placement_plan_record,
)
from skyddsnat.cases.models import (
    CaseStatus,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    InterventionType,
    Investigation,
)
from skyddsnat.cases.services import CaseConflict, case_decide
from skyddsnat.children.services import pre_assessment_decide, safety_assessment_record

REASON = "Akut fara för barnets hälsa och utveckling."


def _custody(user, case, decided_on, section="2"):
    return custody_decide(
        user=user, case=case, decided_on=decided_on, section=section, reason=REASON
    )


def _kinds(case):
    return {d.kind: d for d in Deadline.objects.filter(case=case)}


def test_custody_at_the_report_opens_an_investigation_that_goes_on(manager, reported):
    case = reported(dt.date(2025, 1, 10))
    custody = _custody(manager, case, dt.date(2025, 1, 10))
    case.refresh_from_db()
    assert custody.stage == CustodyStage.REPORT
    assert case.status == CaseStatus.INVESTIGATION
    investigation = Investigation.objects.get(case=case)
    assert investigation.opened_on == dt.date(2025, 1, 10)
    assert investigation.closed_on is None
    # The pre-assessment is the opening of the investigation, recorded as such.
    assert case.decisions.filter(decision_type="open_investigation").exists()
    assert AuditEntry.objects.filter(action="care.custody.create", case_id=case.pk).exists()


def test_custody_during_the_pre_assessment_is_recorded_at_that_stage(caseworker, manager, reported):
    case = reported(dt.date(2025, 1, 10))
    safety_assessment_record(
        user=caseworker,
        report=case.reports.get(),
        assessed_at=case.opened_at + dt.timedelta(hours=1),
        immediate_protection_needed=True,
        notes="Barnet behöver skydd.",
    )
    custody = _custody(manager, case, dt.date(2025, 1, 12))
    assert custody.stage == CustodyStage.PRE_ASSESSMENT
    assert Investigation.objects.get(case=case).closed_on is None


def test_custody_during_the_investigation_does_not_close_it(caseworker, manager, reported):
    case = reported(dt.date(2025, 1, 10))
    pre_assessment_decide(
        user=caseworker,
        case=case,
        decided_on=dt.date(2025, 1, 11),
        decision="open_investigation",
        reason="Oro.",
    )
    custody = _custody(manager, case, dt.date(2025, 2, 3))
    case.refresh_from_db()
    assert custody.stage == CustodyStage.INVESTIGATION
    assert case.status == CaseStatus.INVESTIGATION
    investigation = Investigation.objects.get(case=case)
    assert investigation.closed_on is None
    assert investigation.opened_on == dt.date(2025, 1, 11)


def test_the_court_submission_is_due_a_week_from_the_decision(manager, reported):
    case = reported(dt.date(2025, 1, 10))
    _custody(manager, case, dt.date(2025, 1, 28))
    kinds = _kinds(case)
    assert kinds[DeadlineKind.LVU_COURT_SUBMISSION].due == dt.date(2025, 2, 4)
    # The application waits for the day the custody is carried out.
    assert DeadlineKind.LVU_CARE_APPLICATION not in kinds


@pytest.mark.parametrize(
    ("carried_out", "due"),
    [
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),  # four weeks, not "a month"
        (dt.date(2024, 1, 31), dt.date(2024, 2, 28)),  # a leap year: still 28 days
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_the_application_is_due_four_weeks_from_the_day_carried_out(
    manager, reported, carried_out, due
):
    case = reported(carried_out - dt.timedelta(days=5))
    custody = _custody(manager, case, carried_out - dt.timedelta(days=2))
    custody_carried_out(user=manager, custody=custody, carried_out_on=carried_out)
    application = _kinds(case)[DeadlineKind.LVU_CARE_APPLICATION]
    assert (application.starts_on, application.due) == (carried_out, due)
    custody.refresh_from_db()
    assert custody.intervention.started_on == carried_out


def test_the_courts_extension_moves_the_application_date(manager, reported):
    case = reported(dt.date(2025, 1, 20))
    custody = _custody(manager, case, dt.date(2025, 1, 30))
    custody_carried_out(user=manager, custody=custody, carried_out_on=dt.date(2025, 1, 31))
    deadline = custody_extend(
        user=manager,
        custody=custody,
        decided_on=dt.date(2025, 2, 20),
        new_due=dt.date(2025, 3, 14),
        reason="Förvaltningsrätten medger förlängd tid: utredningen behöver kompletteras.",
    )
    assert (deadline.original_due, deadline.due) == (dt.date(2025, 2, 28), dt.date(2025, 3, 14))
    assert deadline.extensions.count() == 1
    # Decided after the limit had run out: the custody had already lapsed.
    with pytest.raises(ValidationError) as error:
        custody_extend(
            user=manager,
            custody=custody,
            decided_on=dt.date(2025, 3, 20),
            new_due=dt.date(2025, 4, 1),
            reason="För sent.",
        )
    assert "decided_on" in error.value.message_dict


def test_a_missed_limit_shows_that_the_custody_has_lapsed(manager, reported):
    case = reported(dt.date(2025, 1, 20))
    custody = _custody(manager, case, dt.date(2025, 1, 30))
    state = care_state(case, today=dt.date(2025, 2, 6))
    assert state.lapsed() == []  # due 6 February: still standing that day
    state = care_state(case, today=dt.date(2025, 2, 7))
    assert [(c.pk, day) for c, day in state.lapsed()] == [(custody.pk, dt.date(2025, 2, 7))]
    custody_limit_done(
        user=manager, custody=custody, limit="court", done_on=dt.date(2025, 2, 5), note="Mål 123"
    )
    assert care_state(case, today=dt.date(2025, 2, 7)).lapsed() == []


def test_the_lapse_shows_on_the_case_page_and_in_the_api(client, manager, reported):
    case = reported(dt.date(2025, 1, 20))
    _custody(manager, case, dt.date(2025, 1, 30))
    client.force_login(manager)
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert "Omhändertagandet har upphört" in page
    answer = client.get(f"/api/v1/cases/{case.pk}/lvu/")
    assert answer.status_code == 200
    custody = answer.json()["custodies"][0]
    assert custody["lapsed"] is True
    assert custody["lapsed_on"] == "2025-02-07"


def test_a_caseworker_may_not_decide_custody_and_nothing_is_stored(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    with pytest.raises(PermissionDenied):
        _custody(caseworker, case, dt.date(2025, 1, 10))
    assert not ImmediateCustody.objects.exists()
    assert not Investigation.objects.filter(case=case).exists()


def test_a_second_ongoing_custody_is_refused(manager, reported):
    case = reported(dt.date(2025, 1, 10))
    _custody(manager, case, dt.date(2025, 1, 10))
    with pytest.raises(CaseConflict):
        _custody(manager, case, dt.date(2025, 1, 11))


def test_the_spines_decision_form_no_longer_records_lvu(manager, reported):
    case = reported(dt.date(2025, 1, 10))
    with pytest.raises(ValidationError):
        case_decide(
            user=manager,
            case=case,
            decided_on=dt.date(2025, 1, 11),
            outcome="grant",
            intervention_type=InterventionType.objects.get(code="lvu-immediate-custody"),
            reason=REASON,
        )


def test_care_ends_the_custody_closes_the_investigation_and_starts_its_limits(manager, in_care):
    case = in_care("2", dt.date(2025, 3, 1))
    custody = ImmediateCustody.objects.get(case=case)
    assert (custody.ended_on, custody.end_reason) == (dt.date(2025, 3, 1), "care")
    assert custody.intervention.ended_on == dt.date(2025, 3, 1)
    assert Investigation.objects.get(case=case).closed_on is not None
    kinds = _kinds(case)
    assert kinds[DeadlineKind.LVU_RECONSIDERATION].due == dt.date(2025, 9, 1)
    born = case.person.date_of_birth
    end = kinds[DeadlineKind.LVU_CARE_END_2]
    assert end.due == born.replace(year=born.year + 18) or (born.month, born.day) == (2, 29)


def test_care_under_3_ends_at_21(manager, in_care):
    case = in_care("3", dt.date(2025, 3, 1))
    born = case.person.date_of_birth
    end = _kinds(case)[DeadlineKind.LVU_CARE_END_3]
    assert end.starts_on == born
    assert end.due.year == born.year + 21


def test_the_3_section_review_across_the_year_end_is_an_appealable_decision(manager, in_care):
    case = in_care("3", dt.date(2025, 8, 31))
    first = _kinds(case)[DeadlineKind.LVU_REVIEW]
    assert first.due == dt.date(2026, 2, 28)  # six months from the start, to the month end
    care = case.interventions.get(intervention_type__code="lvu-care-3")
    review = lvu_review_record(
        user=manager,
        intervention=care,
        decided_on=dt.date(2025, 12, 30),
        outcome="continues",
        reason="Behovet av vård kvarstår; den unge har inte avslutat behandlingen.",
    )
    assert review.appealable is True
    assert review.kind == "review"
    first.refresh_from_db()
    assert first.done_at is not None
    pending = Deadline.objects.get(case=case, kind=DeadlineKind.LVU_REVIEW, done_at=None)
    assert (pending.starts_on, pending.due) == (dt.date(2025, 12, 30), dt.date(2026, 6, 30))


def test_the_2_section_consideration_is_not_appealable_and_may_end_the_care(manager, in_care):
    case = in_care("2", dt.date(2025, 3, 1))
    care = case.interventions.get(intervention_type__code="lvu-care-2")
    review = lvu_review_record(
        user=manager,
        intervention=care,
        decided_on=dt.date(2025, 8, 20),
        outcome="ends",
        reason="Hemförhållandena har förbättrats.",
    )
    assert review.appealable is False
    care.refresh_from_db()
    assert care.ended_on == dt.date(2025, 8, 20)
    assert (
        not Deadline.objects.filter(case=case, done_at=None)
        .exclude(kind=DeadlineKind.LVU_COURT_SUBMISSION)
        .filter(kind__startswith="lvu")
        .exists()
    )


def test_a_review_needs_reasons_and_a_delegation(caseworker, manager, in_care):
    case = in_care("2", dt.date(2025, 3, 1))
    care = case.interventions.get(intervention_type__code="lvu-care-2")
    with pytest.raises(ValidationError):
        lvu_review_record(
            user=manager,
            intervention=care,
            decided_on=dt.date(2025, 8, 1),
            outcome="continues",
            reason="   ",
        )
    with pytest.raises(PermissionDenied):
        lvu_review_record(
            user=caseworker,
            intervention=care,
            decided_on=dt.date(2025, 8, 1),
            outcome="continues",
            reason="Ok.",
        )
    assert not LvuReview.objects.exists()


def test_every_care_rule_is_data_with_a_citation(db):
    for kind in [
        "lvu_court_submission",
        "lvu_care_application",
        "lvu_reconsideration",
        "lvu_review",
        "lvu_care_end_2",
        "lvu_care_end_3",
        "placement_visit",
        "placement_reconsideration",
        "custody_transfer",
        "custody_transfer_yearly",
    ]:
        rule = DeadlineRule.objects.get(kind=kind)
        assert rule.citation
        assert "verifiera" not in rule.citation.lower()
    assert DeadlineRule.objects.get(kind="lvu_care_application").extendable
    assert "8 §" in DeadlineRule.objects.get(kind="lvu_care_application").citation


def test_dates_before_the_childs_birth_are_refused_and_nothing_is_stored(caseworker, reported):
    """A placement and its plan cannot be dated before the child was born (one rule for every
    flow: lib.validators.validate_born_before)."""
    case = reported()
    born = case.person.date_of_birth
    with pytest.raises(ValidationError) as refused:
        placement_create(
            user=caseworker,
            case=case,
            form="emergency_home",
            provider="Jourhemmet",
            basis="sol",
            started_on=born - dt.timedelta(days=1),
        )
    assert refused.value.error_dict["started_on"][0].code == "before_birth"
    assert not Placement.objects.filter(case=case).exists()
    placement = placement_create(
        user=caseworker,
        case=case,
        form="emergency_home",
        provider="Jourhemmet",
        basis="sol",
        started_on=dt.date(2025, 1, 11),
    )
    with pytest.raises(ValidationError) as plan:
        placement_plan_record(
            user=caseworker,
            placement=placement,
            kind="care_plan",
            drawn_up_on=born - dt.timedelta(days=1),
            text="Vårdplan.",
        )
    assert plan.value.error_dict["drawn_up_on"][0].code == "before_birth"
    assert not placement.plans.exists()
