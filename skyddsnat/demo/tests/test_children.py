"""The generated children's cases are the rows the services would have written."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from skyddsnat.care.models import (
    ImmediateCustody,
    Placement,
    PlacementPlan,
    PlacementVisit,
)
from skyddsnat.cases.models import (
    Case,
    CaseStatus,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    Investigation,
    JournalEntry,
)
from skyddsnat.children.models import Report
from skyddsnat.demo.tests.conftest import run_demo_data
from skyddsnat.organisation.models import Role, User

# The care flow's limits (skyddsnat.care): each counted from its own event.
LVU_KINDS = {
    DeadlineKind.LVU_COURT_SUBMISSION,
    DeadlineKind.LVU_CARE_APPLICATION,
    DeadlineKind.LVU_RECONSIDERATION,
    DeadlineKind.LVU_REVIEW,
    DeadlineKind.LVU_CARE_END_2,
    DeadlineKind.LVU_CARE_END_3,
    DeadlineKind.PLACEMENT_VISIT,
    DeadlineKind.PLACEMENT_RECONSIDERATION,
    DeadlineKind.CUSTODY_TRANSFER,
    DeadlineKind.CUSTODY_TRANSFER_YEARLY,
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


def test_custody_comes_at_the_report_or_during_the_investigation_and_leaves_it_open(tiny_demo):
    custodies = ImmediateCustody.objects.select_related(
        "decision__delegation", "intervention", "court_deadline", "application_deadline"
    )
    assert custodies.exists()
    assert {c.stage for c in custodies} <= {"report", "investigation"}
    for custody in custodies:
        assert custody.decision.delegation.code == "BU 4.1"
        assert custody.carried_out_on >= custody.decided_on
        assert custody.intervention.started_on == custody.carried_out_on
        assert custody.court_deadline.starts_on == custody.decided_on
        assert custody.application_deadline.starts_on == custody.carried_out_on
        investigation = Investigation.objects.get(case=custody.case_id)
        # The custody did not close the investigation: it closed later, with the application.
        assert investigation.closed_on is None or investigation.closed_on > custody.decided_on
        if custody.ended_on is not None:
            care = Intervention.objects.get(
                case=custody.case_id, intervention_type__code__in=["lvu-care-2", "lvu-care-3"]
            )
            assert care.started_on == custody.ended_on == custody.intervention.ended_on


def test_placements_have_moves_plans_and_some_overdue_visits(tiny_demo):
    assert Placement.objects.filter(moved_from__isnull=False).exists()
    assert Placement.objects.filter(basis="sol").exists()
    assert Placement.objects.filter(basis="lvu_6").exists()
    assert PlacementPlan.objects.filter(kind="care_plan").exists()
    assert PlacementPlan.objects.filter(kind="implementation_plan").exists()
    assert PlacementVisit.objects.exists()
    end = dt.date(2025, 3, 1)
    overdue = Deadline.objects.filter(
        kind=DeadlineKind.PLACEMENT_VISIT, done_at__isnull=True, due__lt=end
    )
    assert overdue.exists()
    # One active placement per child, and every move starts the day the last one ended.
    active = Placement.objects.filter(ended_on__isnull=True).values_list("child_id", flat=True)
    assert len(active) == len(set(active))
    for placement in Placement.objects.filter(moved_from__isnull=False).select_related(
        "moved_from"
    ):
        assert placement.moved_from.ended_on == placement.started_on
        assert placement.moved_from.end_reason == "moved"


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


def test_the_register_file_shows_countries_of_birth_and_an_unaccompanied_child(tiny_demo, db):
    """Issue 14 point 5a: some children and parents were born abroad or where not known, and an
    unaccompanied child (with an appointed guardian, no parent) is placed, so the national file
    shows every new field."""
    from skyddsnat.followup.selectors import child_youth_register
    from skyddsnat.people.models import Guardianship, Person

    children = Person.objects.filter(cases__kind="children").distinct()
    assert children.exclude(country_of_birth__in=["", "SE"]).exists()
    assert children.filter(country_of_birth="SE").exists()
    assert children.filter(country_of_birth="").exists()
    alone = children.filter(unaccompanied_minor=True)
    assert alone.exists()
    assert not Guardianship.objects.filter(child__in=alone, relation="parent").exists()
    assert Guardianship.objects.filter(child__in=alone, relation="appointed").exists()
    analyst = User.objects.filter(role=Role.ANALYST).first()
    rows = [row for year in (2024, 2025) for row in child_youth_register(user=analyst, year=year)]
    assert any(row["unaccompanied"] for row in rows)
    assert any(row["child_country_of_birth"] not in ("", "SE") for row in rows)
    assert any(row["parent1_country_of_birth"] for row in rows)
    assert all(row["decision_date"] for row in rows if row["record"] == "intervention")
