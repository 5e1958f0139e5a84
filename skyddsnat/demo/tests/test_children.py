"""The generated children's cases are the rows the services would have written."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from skyddsnat.cases.models import (
    Case,
    CaseStatus,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    InterventionDeadline,
    Investigation,
    JournalEntry,
    LegalBasis,
)
from skyddsnat.children.models import Report
from skyddsnat.demo.tests.conftest import run_demo_data
from skyddsnat.organisation.models import Role, User

LVU_KINDS = {
    DeadlineKind.LVU_COURT_SUBMISSION,
    DeadlineKind.LVU_CARE_APPLICATION,
    DeadlineKind.LVU_RECONSIDERATION,
}


def test_deadlines_are_what_the_rules_give(tiny_demo):
    rules = {r.kind: r for r in DeadlineRule.objects.all()}
    deadlines = Deadline.objects.filter(case__kind="children").select_related(
        "case", "report", "investigation"
    )
    checked = {kind: 0 for kind in rules}
    for deadline in deadlines.prefetch_related("extensions"):
        rule = rules[deadline.kind]
        assert deadline.rule_id == rule.pk
        if deadline.kind == DeadlineKind.SAFETY_ASSESSMENT:
            received = timezone.localtime(deadline.report.received_at)
            assert deadline.starts_on == received.date()
            assert deadline.original_due == rule.due_from(
                received.date(), received_time=received.time()
            )
        elif deadline.kind == DeadlineKind.PRE_ASSESSMENT:
            opened = timezone.localtime(deadline.case.opened_at).date()
            assert deadline.starts_on == opened
            assert deadline.original_due == rule.due_from(opened)
        elif deadline.kind in LVU_KINDS:
            # Checked in test_lvu_deadlines_start_with_their_interventions.
            assert deadline.original_due == rule.due_from(deadline.starts_on)
        else:
            assert deadline.starts_on == deadline.investigation.opened_on
            assert deadline.original_due == rule.due_from(deadline.investigation.opened_on)
        extensions = sorted(deadline.extensions.all(), key=lambda e: e.pk)
        if extensions:
            assert extensions[0].previous_due == deadline.original_due
            assert deadline.due == extensions[-1].new_due > deadline.original_due
        else:
            assert deadline.due == deadline.original_due
        checked[deadline.kind] += 1
    for kind in (
        DeadlineKind.SAFETY_ASSESSMENT,
        DeadlineKind.PRE_ASSESSMENT,
        DeadlineKind.INVESTIGATION,
    ):
        assert checked[kind] > 0


def test_some_placements_are_lvu_custody_followed_by_care_under_2_or_3(tiny_demo):
    lvu = Intervention.objects.filter(intervention_type__legal_basis=LegalBasis.LVU)
    custody = lvu.filter(intervention_type__code="lvu-immediate-custody")
    assert custody.exists()
    placements = Intervention.objects.filter(
        case__kind="children", intervention_type__is_placement=True
    )
    assert custody.count() < placements.count() / 2
    for intervention in custody.select_related("decision__delegation"):
        assert intervention.started_on == intervention.decision.decided_on
        assert intervention.decision.delegation.code == "BU 4.1"
        care = lvu.filter(case=intervention.case_id).exclude(pk=intervention.pk)
        assert care.count() <= 1
        for later in care.select_related("intervention_type"):
            assert later.intervention_type.code in {"lvu-care-2", "lvu-care-3"}
            assert later.started_on == intervention.ended_on
    assert lvu.filter(intervention_type__code__in=["lvu-care-2", "lvu-care-3"]).exists()


def test_lvu_deadlines_start_with_their_interventions(tiny_demo):
    """The limits `intervention_start` starts, from the rules mapped to the intervention type;
    a reconsideration done starts the next one on that day."""
    started = {
        (line.intervention_type_id, line.rule.kind)
        for line in InterventionDeadline.objects.select_related("rule")
    }
    deadlines = Deadline.objects.filter(kind__in=LVU_KINDS).select_related("rule")
    assert deadlines.filter(kind=DeadlineKind.LVU_COURT_SUBMISSION).exists()
    assert deadlines.filter(kind=DeadlineKind.LVU_RECONSIDERATION).exists()
    for deadline in deadlines:
        assert deadline.original_due == deadline.rule.due_from(deadline.starts_on)
        assert deadline.due == deadline.original_due
        starting = {
            i.intervention_type_id
            for i in Intervention.objects.filter(
                case=deadline.case_id, started_on=deadline.starts_on
            )
        }
        previous_done = Deadline.objects.filter(
            case=deadline.case_id,
            kind=deadline.kind,
            done_at__date=deadline.starts_on,
        ).exclude(pk=deadline.pk)
        assert any((t, deadline.kind) in started for t in starting) or (
            deadline.kind == DeadlineKind.LVU_RECONSIDERATION and previous_done.exists()
        )
    custody = Intervention.objects.filter(intervention_type__code="lvu-immediate-custody")
    for intervention in custody:
        kinds = set(
            Deadline.objects.filter(
                case=intervention.case_id, starts_on=intervention.started_on, kind__in=LVU_KINDS
            ).values_list("kind", flat=True)
        )
        assert kinds == {DeadlineKind.LVU_COURT_SUBMISSION, DeadlineKind.LVU_CARE_APPLICATION}


def test_every_report_has_its_safety_deadline_and_every_new_case_a_pre_assessment(tiny_demo):
    for report in Report.objects.select_related("safety_deadline"):
        assert report.safety_deadline.case_id == report.case_id
        assert report.safety_deadline.kind == DeadlineKind.SAFETY_ASSESSMENT
    without_pre = Case.objects.filter(kind="children").exclude(
        deadlines__kind=DeadlineKind.PRE_ASSESSMENT
    )
    assert not without_pre.exists()


def test_some_investigations_run_over_four_months_and_some_are_extended(tiny_demo):
    late = [
        i
        for i in Investigation.objects.filter(case__kind="children").select_related("deadline")
        if i.closed_on and i.closed_on > i.deadline.original_due
    ]
    assert late
    assert Deadline.objects.filter(
        case__kind="children", kind=DeadlineKind.INVESTIGATION, extensions__isnull=False
    )


def test_case_status_agrees_with_the_flow(tiny_demo):
    for case in Case.objects.filter(kind="children").prefetch_related(
        "deadlines", "decisions", "interventions"
    ):
        investigation = Investigation.objects.filter(case=case).first()
        pre = next(d for d in case.deadlines.all() if d.kind == DeadlineKind.PRE_ASSESSMENT)
        if case.status == CaseStatus.PRE_ASSESSMENT:
            assert pre.done_at is None
            assert not case.decisions.all()
        elif case.status == CaseStatus.INVESTIGATION:
            assert investigation is not None and investigation.closed_on is None
        elif case.status == CaseStatus.DECIDED:
            assert investigation.closed_on is not None and not case.interventions.all()
        elif case.status == CaseStatus.INTERVENTION:
            assert any(i.ended_on is None for i in case.interventions.all())
        else:
            assert case.closed_at is not None
        if case.status != CaseStatus.PRE_ASSESSMENT:
            assert pre.done_at is not None


def test_every_decision_is_taken_under_a_delegation_line_of_the_deciders_role(tiny_demo):
    decisions = Decision.objects.filter(case__kind="children").select_related(
        "delegation", "decided_by", "intervention_type"
    )
    assert decisions.exists()
    for decision in decisions:
        line = decision.delegation
        assert line.decision_type == decision.decision_type
        assert line.role == decision.decided_by.role
        assert line.intervention_type_id in (None, decision.intervention_type_id)


def test_interventions_have_costs_and_start_after_their_decision(tiny_demo):
    interventions = list(
        Intervention.objects.filter(case__kind="children").select_related("decision")
    )
    assert interventions
    for intervention in interventions:
        assert intervention.decision.outcome == "grant"
        assert intervention.started_on >= intervention.decision.decided_on
        assert intervention.cost_sek > 0


def test_nothing_happens_on_or_after_the_end_date(tiny_demo):
    end = dt.datetime(2025, 3, 1, tzinfo=timezone.get_current_timezone())
    assert not Report.objects.filter(received_at__gte=end).exists()
    children = Q(case__kind="children")
    assert not Deadline.objects.filter(children, done_at__gte=end).exists()
    assert not Decision.objects.filter(children, decided_on__gte=end.date()).exists()
    assert not JournalEntry.objects.filter(children, written_at__gte=end).exists()
    assert not Intervention.objects.filter(
        children, Q(started_on__gte=end.date()) | Q(ended_on__gte=end.date())
    ).exists()


def test_every_demo_caseworker_has_open_cases_some_overdue(db):
    run_demo_data("--seed", "1", "--years", "1", "--scale", "0.03", "--end-date", "2025-03-01")
    end = dt.date(2025, 3, 1)
    for caseworker in User.objects.filter(username__startswith="socsek.", role=Role.CASEWORKER):
        open_cases = Case.objects.filter(assigned_to=caseworker, kind="children").exclude(
            status=CaseStatus.CLOSED
        )
        overdue = Deadline.objects.filter(case__in=open_cases, done_at__isnull=True, due__lt=end)
        assert open_cases.exists(), caseworker.username
        assert overdue.exists(), caseworker.username
    assert Case.objects.filter(assigned_to__isnull=True, status=CaseStatus.PRE_ASSESSMENT)
