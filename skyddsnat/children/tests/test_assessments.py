"""Safety assessment and pre-assessment decision (domain.md §3.2–3.3)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from skyddsnat.cases.models import CaseStatus, DeadlineKind, Decision, Investigation
from skyddsnat.children.models import SafetyAssessment
from skyddsnat.children.services import (
    pending_safety_report,
    pre_assessment_decide,
    safety_assessment_record,
)


def _assess(user, report, **overrides):
    fields = {
        "assessed_at": report.received_at + dt.timedelta(hours=1),
        "immediate_protection_needed": False,
        "notes": "Barnet är i säkerhet hos mormor.",
    }
    fields.update(overrides)
    return safety_assessment_record(user=user, report=report, **fields)


def _decide(user, case, decision="open_investigation", **overrides):
    fields = {"decided_on": timezone.localdate(), "decision": decision, "reason": "Oro."}
    fields.update(overrides)
    return pre_assessment_decide(user=user, case=case, **fields)


def test_a_safety_assessment_completes_the_reports_safety_deadline(caseworker, make_report):
    report = make_report(caseworker)
    assessment = _assess(caseworker, report)
    report.safety_deadline.refresh_from_db()
    assert report.safety_deadline.done_at == assessment.assessed_at
    assert assessment.assessed_by == caseworker
    assert pending_safety_report(report.case) is None


def test_a_safety_assessment_cannot_predate_the_report_or_be_in_the_future(caseworker, make_report):
    report = make_report(caseworker)
    with pytest.raises(ValidationError):
        _assess(caseworker, report, assessed_at=report.received_at - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        _assess(caseworker, report, assessed_at=timezone.now() + dt.timedelta(hours=1))
    assert not SafetyAssessment.objects.exists()


def test_a_safety_assessment_with_a_naive_time_is_refused_not_crashed(caseworker, make_report):
    report = make_report(caseworker)
    naive = timezone.make_naive(report.received_at + dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        _assess(caseworker, report, assessed_at=naive)
    assert "assessed_at" in error.value.message_dict
    assert not SafetyAssessment.objects.exists()


def test_a_report_gets_only_one_safety_assessment(caseworker, make_report):
    report = make_report(caseworker)
    _assess(caseworker, report)
    with pytest.raises(ValidationError):
        _assess(caseworker, report)


def test_an_outsider_cannot_record_a_safety_assessment(caseworker, outsider, make_report):
    report = make_report(caseworker)
    with pytest.raises(PermissionDenied):
        _assess(outsider, report)
    assert not SafetyAssessment.objects.exists()


def test_opening_an_investigation_starts_it_on_the_decision_date(caseworker, make_report):
    report = make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=3))
    decided_on = timezone.localdate() - dt.timedelta(days=1)
    decision = _decide(caseworker, report.case, decided_on=decided_on)
    case = report.case
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATION
    assert decision.delegation.code == "BU 1.1"
    assert case.deadlines.get(kind=DeadlineKind.PRE_ASSESSMENT).done
    investigation = Investigation.objects.get(case=case)
    assert investigation.opened_on == decided_on
    assert investigation.deadline.kind == DeadlineKind.INVESTIGATION


def test_not_opening_an_investigation_closes_the_case(caseworker, make_report):
    report = make_report(caseworker)
    _decide(caseworker, report.case, decision="no_investigation")
    report.case.refresh_from_db()
    assert report.case.status == CaseStatus.CLOSED
    assert report.case.closed_at is not None
    assert not Investigation.objects.exists()


def test_a_pre_assessment_decision_is_refused_on_bad_input_and_stores_nothing(
    caseworker, make_report
):
    report = make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=2))
    bad = [
        {"decision": "maybe"},
        {"reason": ""},
        {"decided_on": timezone.localdate() + dt.timedelta(days=1)},
        {"decided_on": timezone.localdate() - dt.timedelta(days=10)},  # before the report
    ]
    for overrides in bad:
        with pytest.raises(ValidationError):
            _decide(caseworker, report.case, **overrides)
    assert not Decision.objects.exists()


def test_a_case_is_pre_assessed_only_once(caseworker, make_report):
    report = make_report(caseworker)
    _decide(caseworker, report.case)
    with pytest.raises(ValidationError):
        _decide(caseworker, report.case)


@pytest.mark.parametrize("persona", ["outsider", "politician", "analyst", "auditor", "admin_user"])
def test_only_staff_with_the_case_in_scope_may_decide_a_pre_assessment(
    request, caseworker, make_report, persona
):
    report = make_report(caseworker)
    with pytest.raises(PermissionDenied):
        _decide(request.getfixturevalue(persona), report.case)
    assert not Decision.objects.exists()
