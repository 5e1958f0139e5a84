"""Decisions under the delegation order, interventions, the journal and assignment
(domain.md §2–3)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import (
    CaseStatus,
    Decision,
    Intervention,
    InterventionType,
    JournalEntry,
)
from skyddsnat.cases.services import (
    case_assign,
    case_decide,
    intervention_end,
    intervention_start,
    journal_add,
)
from skyddsnat.children.services import pre_assessment_decide


@pytest.fixture
def investigated(caseworker, make_report):
    """A Järva case with an investigation opened yesterday."""
    report = make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=2))
    pre_assessment_decide(
        user=caseworker,
        case=report.case,
        decided_on=timezone.localdate() - dt.timedelta(days=1),
        decision="open_investigation",
        reason="Oro.",
    )
    case = report.case
    case.refresh_from_db()
    return case


def _decide(user, case, code="contact-person", outcome="grant", **overrides):
    fields = {
        "decided_on": timezone.localdate(),
        "outcome": outcome,
        "intervention_type": InterventionType.objects.get(code=code),
        "reason": "Barnet behöver stöd.",
    }
    fields.update(overrides)
    return case_decide(user=user, case=case, **fields)


def _stored() -> tuple[int, int, int]:
    return Decision.objects.count(), Intervention.objects.count(), AuditEntry.objects.count()


def test_a_caseworker_may_grant_a_contact_person_under_delegation(caseworker, investigated):
    decision = _decide(caseworker, investigated)
    assert decision.delegation.code == "BU 3.2"
    assert decision.decided_by == caseworker
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.DECIDED


def test_a_caseworker_may_not_decide_a_placement_and_nothing_is_stored(caseworker, investigated):
    before = _stored()
    with pytest.raises(PermissionDenied):
        _decide(caseworker, investigated, code="hvb")
    assert _stored() == before
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.INVESTIGATION
    assert investigated.investigation.closed_on is None
    assert not investigated.investigation.deadline.done


def test_a_manager_may_decide_a_placement(manager, investigated):
    decision = _decide(manager, investigated, code="hvb")
    assert decision.delegation.code == "BU 3.1"


def test_a_decision_closes_the_investigation_and_its_deadline(caseworker, investigated):
    _decide(caseworker, investigated)
    investigation = investigated.investigation
    investigation.refresh_from_db()
    investigation.deadline.refresh_from_db()
    assert investigation.closed_on == timezone.localdate()
    assert investigation.deadline.done


def test_a_refusal_closes_the_case(caseworker, investigated):
    _decide(caseworker, investigated, outcome="refuse")
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.CLOSED
    assert investigated.closed_at is not None


@pytest.mark.parametrize(
    "overrides",
    [
        {"outcome": "maybe"},
        {"reason": " "},
        {"decided_on": timezone.localdate() + dt.timedelta(days=1)},
        {"decided_on": timezone.localdate() - dt.timedelta(days=30)},  # before the investigation
    ],
)
def test_an_invalid_decision_is_refused_and_stores_nothing(caseworker, investigated, overrides):
    before = _stored()
    with pytest.raises(ValidationError):
        _decide(caseworker, investigated, **overrides)
    assert _stored() == before


def test_a_case_without_an_open_investigation_cannot_be_decided(caseworker, make_report):
    case = make_report(caseworker).case
    with pytest.raises(ValidationError):
        _decide(caseworker, case)


def test_a_case_is_decided_only_once(caseworker, investigated):
    _decide(caseworker, investigated)
    with pytest.raises(ValidationError):
        _decide(caseworker, investigated)


@pytest.mark.parametrize("persona", ["outsider", "politician", "analyst", "auditor", "admin_user"])
def test_staff_without_the_case_in_scope_cannot_decide(request, investigated, persona):
    before = _stored()
    with pytest.raises(PermissionDenied):
        _decide(request.getfixturevalue(persona), investigated)
    assert _stored() == before


def test_a_manager_of_another_district_cannot_decide_a_jarva_case(investigated, db):
    from conftest import make_user

    with pytest.raises(PermissionDenied):
        _decide(make_user("chef.sodermalm", "manager", "sodermalm"), investigated, code="hvb")
    assert not Decision.objects.filter(decision_type="intervention").exists()


def test_a_granted_intervention_starts_and_ends_and_the_case_closes(caseworker, investigated):
    decision = _decide(caseworker, investigated)
    intervention = intervention_start(
        user=caseworker,
        decision=decision,
        started_on=timezone.localdate(),
        cost_sek=12_500,
        provider=" Kontaktpersonsenheten ",
    )
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.INTERVENTION
    assert intervention.cost_sek == 12_500
    assert intervention.provider == "Kontaktpersonsenheten"
    assert intervention.intervention_type.code == "contact-person"
    intervention_end(user=caseworker, intervention=intervention, ended_on=timezone.localdate())
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.CLOSED
    assert intervention.ended_on == timezone.localdate()


def test_an_intervention_cannot_start_before_the_decision_or_cost_less_than_nothing(
    caseworker, investigated
):
    decision = _decide(caseworker, investigated)
    with pytest.raises(ValidationError):
        intervention_start(
            user=caseworker,
            decision=decision,
            started_on=decision.decided_on - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        intervention_start(
            user=caseworker, decision=decision, started_on=decision.decided_on, cost_sek=-1
        )
    assert not Intervention.objects.exists()


def test_a_decision_starts_its_intervention_once_and_it_ends_once(caseworker, investigated):
    decision = _decide(caseworker, investigated)
    today = timezone.localdate()
    intervention = intervention_start(user=caseworker, decision=decision, started_on=today)
    with pytest.raises(ValidationError):
        intervention_start(user=caseworker, decision=decision, started_on=today)
    assert Intervention.objects.count() == 1
    intervention_end(user=caseworker, intervention=intervention, ended_on=today)
    with pytest.raises(ValidationError):
        intervention_end(
            user=caseworker, intervention=intervention, ended_on=today + dt.timedelta(days=1)
        )
    intervention.refresh_from_db()
    assert intervention.ended_on == today


def test_a_refused_decision_cannot_start_an_intervention(caseworker, investigated):
    decision = _decide(caseworker, investigated, outcome="refuse")
    with pytest.raises(ValidationError):
        intervention_start(user=caseworker, decision=decision, started_on=timezone.localdate())


def test_an_intervention_cannot_end_before_it_started(caseworker, investigated):
    decision = _decide(caseworker, investigated)
    intervention = intervention_start(
        user=caseworker, decision=decision, started_on=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        intervention_end(
            user=caseworker,
            intervention=intervention,
            ended_on=timezone.localdate() - dt.timedelta(days=1),
        )


def test_an_outsider_cannot_start_or_end_an_intervention(caseworker, outsider, investigated):
    decision = _decide(caseworker, investigated)
    with pytest.raises(PermissionDenied):
        intervention_start(user=outsider, decision=decision, started_on=timezone.localdate())
    intervention = intervention_start(
        user=caseworker, decision=decision, started_on=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        intervention_end(user=outsider, intervention=intervention, ended_on=timezone.localdate())


def test_a_journal_entry_records_author_and_time(caseworker, investigated):
    entry = journal_add(user=caseworker, case=investigated, text="  Samtal med skolan.  ")
    assert entry.author == caseworker
    assert entry.text == "Samtal med skolan."
    assert entry.written_at is not None


def test_an_empty_journal_entry_is_refused(caseworker, investigated):
    with pytest.raises(ValidationError):
        journal_add(user=caseworker, case=investigated, text="  ")
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "politician", "analyst", "auditor", "admin_user"])
def test_only_staff_with_the_case_in_scope_write_in_its_journal(request, investigated, persona):
    with pytest.raises(PermissionDenied):
        journal_add(user=request.getfixturevalue(persona), case=investigated, text="Anteckning")
    assert not JournalEntry.objects.exists()


def test_a_manager_assigns_a_case_to_a_caseworker_of_the_unit(manager, colleague, make_report):
    case = make_report(manager).case
    case_assign(user=manager, case=case, assignee=colleague)
    case.refresh_from_db()
    assert case.assigned_to == colleague


def test_assignment_is_refused_to_non_managers_and_to_staff_of_another_unit(
    manager, caseworker, colleague, outsider, make_report
):
    case = make_report(manager).case
    with pytest.raises(PermissionDenied):
        case_assign(user=caseworker, case=case, assignee=colleague)
    with pytest.raises(ValidationError):
        case_assign(user=manager, case=case, assignee=outsider)
    case.refresh_from_db()
    assert case.assigned_to is None
