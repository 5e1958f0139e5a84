"""Reads on the case spine: 'Mina ärenden', overdue flags, the manager's queue, the case page."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.selectors import (
    case_detail,
    deadline_views,
    my_cases,
    my_deadlines,
    overdue_cases,
    unassigned_cases,
)
from skyddsnat.children.services import pre_assessment_decide, safety_assessment_record


def _days_ago(days: int) -> dt.datetime:
    """Noon, local time, some days ago (a fixed time of day keeps DST changes out of the count)."""
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@pytest.fixture
def late(caseworker, make_report):
    """A Järva case received 20 days ago: both its deadlines have passed."""
    return make_report(caseworker, received_at=_days_ago(20)).case


def test_a_deadline_past_due_and_not_done_is_overdue(caseworker, late):
    views = {view.kind: view for view in deadline_views(late)}
    assert views["pre_assessment"].overdue
    assert views["pre_assessment"].days_left == -6
    assert views["safety_assessment"].overdue


def test_a_deadline_due_today_is_not_yet_overdue(caseworker, make_report):
    case = make_report(caseworker, received_at=_days_ago(14)).case
    pre = next(v for v in deadline_views(case) if v.kind == "pre_assessment")
    assert pre.days_left == 0
    assert not pre.overdue


def test_an_overdue_case_is_flagged_to_the_caseworker_and_the_manager_not_the_outsider(
    caseworker, manager, outsider, politician, late
):
    assert list(overdue_cases(user=caseworker)) == [late]
    assert list(overdue_cases(user=manager)) == [late]
    assert list(overdue_cases(user=outsider)) == []
    assert list(overdue_cases(user=politician)) == []


def test_a_case_stops_being_overdue_when_its_deadlines_are_done(caseworker, late):
    report = late.reports.get()
    safety_assessment_record(
        user=caseworker,
        report=report,
        assessed_at=report.received_at + dt.timedelta(hours=1),
        immediate_protection_needed=False,
    )
    assert list(overdue_cases(user=caseworker)) == [late]  # the pre-assessment is still late
    pre_assessment_decide(
        user=caseworker,
        case=late,
        decided_on=timezone.localdate(),
        decision="open_investigation",
        reason="Oro.",
    )
    assert list(overdue_cases(user=caseworker)) == []


def test_a_closed_case_is_not_flagged_overdue(caseworker, late):
    # Closing without investigation leaves the never-recorded safety assessment pending.
    pre_assessment_decide(
        user=caseworker,
        case=late,
        decided_on=timezone.localdate(),
        decision="no_investigation",
        reason="Ingen oro.",
        exceptional_reasons="Familjen nåddes först nu.",  # after the 14 days
    )
    assert list(overdue_cases(user=caseworker)) == []


def test_overdue_can_be_asked_for_another_day(caseworker, make_report):
    case = make_report(caseworker).case
    assert list(overdue_cases(user=caseworker)) == []
    in_a_month = timezone.localdate() + dt.timedelta(days=30)
    assert list(overdue_cases(user=caseworker, on=in_a_month)) == [case]


def test_my_cases_lists_a_caseworkers_assigned_cases_nearest_deadline_first(
    caseworker, colleague, make_report
):
    recent = make_report(caseworker, received_at=_days_ago(1)).case
    older = make_report(caseworker, received_at=_days_ago(5)).case
    make_report(colleague)
    cases = my_cases(user=caseworker)
    assert cases == [older, recent]
    assert cases[0].next_due == older.deadlines.order_by("due").first().due


def test_my_cases_of_a_manager_are_the_units_open_cases(
    manager, caseworker, colleague, make_report
):
    a = make_report(caseworker).case
    b = make_report(colleague).case
    c = make_report(manager).case
    assert set(my_cases(user=manager)) == {a, b, c}


def test_my_cases_leaves_out_closed_cases(caseworker, make_report):
    case = make_report(caseworker).case
    pre_assessment_decide(
        user=caseworker,
        case=case,
        decided_on=timezone.localdate(),
        decision="no_investigation",
        reason="Ingen oro.",
    )
    assert my_cases(user=caseworker) == []


@pytest.mark.parametrize("persona", ["outsider", "politician", "analyst", "auditor", "admin_user"])
def test_my_cases_and_my_deadlines_show_nothing_of_jarva_to_others(
    request, caseworker, make_report, persona
):
    make_report(caseworker)
    user = request.getfixturevalue(persona)
    assert my_cases(user=user) == []
    assert my_deadlines(user=user) == []


def test_my_deadlines_lists_pending_deadlines_nearest_first(caseworker, make_report):
    make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=3))
    make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=1))
    dues = [view.due for _, view in my_deadlines(user=caseworker)]
    assert len(dues) == 4
    assert dues == sorted(dues)


def test_my_cases_runs_a_fixed_number_of_queries(
    caseworker, make_report, django_assert_max_num_queries
):
    for _ in range(10):
        make_report(caseworker)
    # The page's count, its cases, their persons, their deadlines with rules, the audit insert.
    with django_assert_max_num_queries(5):
        cases = my_cases(user=caseworker)
        for case in cases:
            deadline_views(case)
            assert case.person.full_name


def test_the_managers_queue_holds_the_units_unassigned_open_cases(
    manager, caseworker, outsider, make_report
):
    queued = make_report(manager).case
    make_report(caseworker)
    assert unassigned_cases(user=manager) == [queued]
    assert unassigned_cases(user=caseworker) == []
    assert unassigned_cases(user=outsider) == []


def test_case_detail_answers_404_to_staff_who_may_not_see_the_case(
    caseworker, outsider, make_report
):
    case = make_report(caseworker).case
    assert case_detail(user=caseworker, case_id=case.pk) == case
    with pytest.raises(Http404):
        case_detail(user=outsider, case_id=case.pk)
    # Nothing read; the refused look itself is logged for the auditor.
    assert [e.action for e in AuditEntry.objects.filter(username=outsider.username)] == [
        "cases.case.refused"
    ]
