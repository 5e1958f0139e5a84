"""Deadlines computed from rule data (issue 2 point 6): safety assessment the same day or the next
when the report came late, pre-assessment 14 calendar days, investigation 4 calendar months with
month-end clamping, extension for special reasons."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from skyddsnat.cases.models import DeadlineExtension, DeadlineKind, DeadlineRule
from skyddsnat.cases.services import investigation_extend
from skyddsnat.children.services import pre_assessment_decide

UTC = dt.UTC
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _due(report, kind: str) -> dt.date:
    return report.case.deadlines.get(kind=kind).due


def _safety_due(received_at: dt.datetime, make_report, user) -> dt.date:
    return make_report(user, received_at=received_at).safety_deadline.due


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        # Winter (CET, UTC+1)
        (dt.datetime(2025, 1, 15, 8, 0, tzinfo=STOCKHOLM), dt.date(2025, 1, 15)),
        (dt.datetime(2025, 1, 15, 15, 59, tzinfo=STOCKHOLM), dt.date(2025, 1, 15)),
        (dt.datetime(2025, 1, 15, 16, 0, tzinfo=STOCKHOLM), dt.date(2025, 1, 16)),  # at the cutoff
        (dt.datetime(2025, 1, 15, 23, 59, tzinfo=STOCKHOLM), dt.date(2025, 1, 16)),
        # Around midnight UTC: 23:30 UTC is already the next day in Stockholm.
        (dt.datetime(2025, 1, 15, 23, 30, tzinfo=UTC), dt.date(2025, 1, 16)),
        (dt.datetime(2025, 1, 15, 22, 59, tzinfo=UTC), dt.date(2025, 1, 16)),  # 23:59 local, late
        (dt.datetime(2025, 1, 15, 14, 59, tzinfo=UTC), dt.date(2025, 1, 15)),  # 15:59 local
        (dt.datetime(2025, 1, 15, 15, 0, tzinfo=UTC), dt.date(2025, 1, 16)),  # 16:00 local
        # Summer time starts 30 March 2025 (CEST, UTC+2): 14:00 UTC is 16:00 local.
        (dt.datetime(2025, 3, 30, 13, 59, tzinfo=UTC), dt.date(2025, 3, 30)),
        (dt.datetime(2025, 3, 30, 14, 0, tzinfo=UTC), dt.date(2025, 3, 31)),
        (dt.datetime(2025, 3, 29, 14, 30, tzinfo=UTC), dt.date(2025, 3, 29)),  # 15:30 CET
        (dt.datetime(2025, 3, 30, 0, 30, tzinfo=UTC), dt.date(2025, 3, 30)),  # 01:30 CET
        # Summer time ends 26 October 2025: 15:00 UTC is 16:00 CET again.
        (dt.datetime(2025, 10, 26, 14, 59, tzinfo=UTC), dt.date(2025, 10, 26)),
        (dt.datetime(2025, 10, 26, 15, 0, tzinfo=UTC), dt.date(2025, 10, 27)),
        (dt.datetime(2025, 10, 25, 14, 0, tzinfo=UTC), dt.date(2025, 10, 26)),  # 16:00 CEST
        (dt.datetime(2025, 12, 31, 15, 30, tzinfo=UTC), dt.date(2026, 1, 1)),  # year rollover
    ],
)
def test_safety_assessment_is_due_the_same_day_or_the_next_when_received_at_or_after_16(
    caseworker, make_report, received_at, due
):
    assert _safety_due(received_at, make_report, caseworker) == due


def test_pre_assessment_is_due_14_calendar_days_after_the_local_receipt_date(
    caseworker, make_report
):
    # 23:30 UTC on 17 Dec is 00:30 on 18 Dec in Stockholm: the count starts on the 18th.
    report = make_report(caseworker, received_at=dt.datetime(2024, 12, 17, 23, 30, tzinfo=UTC))
    assert _due(report, DeadlineKind.PRE_ASSESSMENT) == dt.date(2025, 1, 1)
    deadline = report.case.deadlines.get(kind=DeadlineKind.PRE_ASSESSMENT)
    assert deadline.starts_on == dt.date(2024, 12, 18)
    assert deadline.original_due == deadline.due


def test_pre_assessment_ignores_the_late_receipt_cutoff(caseworker, make_report):
    report = make_report(caseworker, received_at=dt.datetime(2025, 2, 1, 17, 0, tzinfo=STOCKHOLM))
    assert _due(report, DeadlineKind.PRE_ASSESSMENT) == dt.date(2025, 2, 15)


def _open(user, report, on: dt.date):
    pre_assessment_decide(
        user=user, case=report.case, decided_on=on, decision="open_investigation", reason="Oro."
    )
    report.case.refresh_from_db()
    return report.case.investigation.deadline


@pytest.mark.parametrize(
    ("opened_on", "due"),
    [
        (dt.date(2025, 10, 31), dt.date(2026, 2, 28)),
        (dt.date(2023, 10, 31), dt.date(2024, 2, 29)),  # leap year
        (dt.date(2025, 8, 31), dt.date(2025, 12, 31)),
        (dt.date(2024, 11, 30), dt.date(2025, 3, 30)),
        (dt.date(2024, 9, 15), dt.date(2025, 1, 15)),  # year rollover
    ],
)
def test_investigation_is_due_4_calendar_months_after_opening_clamped_to_the_month_end(
    caseworker, make_report, opened_on, due
):
    received = dt.datetime.combine(opened_on, dt.time(9, 0), tzinfo=STOCKHOLM)
    report = make_report(caseworker, received_at=received)
    deadline = _open(caseworker, report, opened_on)
    assert deadline.kind == DeadlineKind.INVESTIGATION
    assert deadline.starts_on == opened_on
    assert deadline.due == due


def test_investigation_counts_from_the_opening_date_not_the_receipt(caseworker, make_report):
    report = make_report(caseworker, received_at=dt.datetime(2025, 1, 2, 9, tzinfo=STOCKHOLM))
    assert _open(caseworker, report, dt.date(2025, 1, 10)).due == dt.date(2025, 5, 10)


@pytest.fixture
def investigation(caseworker, make_report):
    report = make_report(caseworker, received_at=dt.datetime(2025, 3, 3, 9, tzinfo=STOCKHOLM))
    _open(caseworker, report, dt.date(2025, 3, 3))
    return report.case


def test_a_manager_extends_the_investigation_recording_previous_due_and_reasons(
    manager, investigation
):
    deadline = investigation_extend(
        user=manager,
        case=investigation,
        new_due=dt.date(2025, 8, 31),
        reason="Väntar på BUP-utlåtande.",
    )
    deadline.refresh_from_db()
    assert deadline.due == dt.date(2025, 8, 31)
    assert deadline.original_due == dt.date(2025, 7, 3)
    extension = DeadlineExtension.objects.get(deadline=deadline)
    assert extension.previous_due == dt.date(2025, 7, 3)
    assert extension.new_due == dt.date(2025, 8, 31)
    assert extension.reason == "Väntar på BUP-utlåtande."
    assert extension.decided_by == manager


def test_a_second_extension_records_the_first_extended_date_as_previous(manager, investigation):
    investigation_extend(user=manager, case=investigation, new_due=dt.date(2025, 8, 1), reason="A")
    investigation_extend(user=manager, case=investigation, new_due=dt.date(2025, 9, 1), reason="B")
    previous = list(DeadlineExtension.objects.order_by("pk").values_list("previous_due", "new_due"))
    assert previous == [
        (dt.date(2025, 7, 3), dt.date(2025, 8, 1)),
        (dt.date(2025, 8, 1), dt.date(2025, 9, 1)),
    ]


@pytest.mark.parametrize("new_due", [dt.date(2025, 7, 3), dt.date(2025, 6, 1)])
def test_an_extension_not_later_than_the_current_due_date_is_refused(
    manager, investigation, new_due
):
    with pytest.raises(ValidationError) as error:
        investigation_extend(user=manager, case=investigation, new_due=new_due, reason="Skäl")
    assert "new_due" in error.value.message_dict
    assert not DeadlineExtension.objects.exists()


def test_an_extension_without_reasons_is_refused(manager, investigation):
    with pytest.raises(ValidationError) as error:
        investigation_extend(
            user=manager, case=investigation, new_due=dt.date(2025, 9, 1), reason=" "
        )
    assert "reason" in error.value.message_dict


def test_a_rule_that_is_not_extendable_refuses_extension(manager, investigation):
    DeadlineRule.objects.filter(kind=DeadlineKind.INVESTIGATION).update(extendable=False)
    investigation.refresh_from_db()
    with pytest.raises(ValidationError):
        investigation_extend(
            user=manager, case=investigation, new_due=dt.date(2025, 9, 1), reason="Skäl"
        )
    assert not DeadlineExtension.objects.exists()


def test_a_caseworker_has_no_delegation_to_extend(caseworker, investigation):
    with pytest.raises(PermissionDenied):
        investigation_extend(
            user=caseworker, case=investigation, new_due=dt.date(2025, 9, 1), reason="Skäl"
        )
    assert investigation.investigation.deadline.due == dt.date(2025, 7, 3)
    assert not DeadlineExtension.objects.exists()


def test_a_manager_of_another_unit_cannot_extend(investigation, db):
    from conftest import make_user

    other = make_user("chef.sodermalm", "manager", "sodermalm")
    with pytest.raises(PermissionDenied):
        investigation_extend(
            user=other, case=investigation, new_due=dt.date(2025, 9, 1), reason="Skäl"
        )
    assert not DeadlineExtension.objects.exists()


def test_extending_without_an_open_investigation_is_refused(manager, caseworker, make_report):
    report = make_report(caseworker)
    with pytest.raises(ValidationError):
        investigation_extend(
            user=manager, case=report.case, new_due=dt.date(2030, 1, 1), reason="Skäl"
        )


def test_changing_a_rule_row_changes_the_due_dates_of_new_cases_only(caseworker, make_report):
    received = dt.datetime(2025, 4, 1, 10, tzinfo=STOCKHOLM)
    before = make_report(caseworker, received_at=received)
    DeadlineRule.objects.filter(kind=DeadlineKind.PRE_ASSESSMENT).update(amount=10)
    DeadlineRule.objects.filter(kind=DeadlineKind.SAFETY_ASSESSMENT).update(
        late_receipt_cutoff=dt.time(9, 0)
    )
    after = make_report(caseworker, received_at=received)
    assert _due(before, DeadlineKind.PRE_ASSESSMENT) == dt.date(2025, 4, 15)
    assert _due(after, DeadlineKind.PRE_ASSESSMENT) == dt.date(2025, 4, 11)
    assert before.safety_deadline.due == dt.date(2025, 4, 1)
    assert after.safety_deadline.due == dt.date(2025, 4, 2)


def test_changing_the_investigation_rule_to_months_of_another_length_applies_to_new_openings(
    caseworker, make_report
):
    DeadlineRule.objects.filter(kind=DeadlineKind.INVESTIGATION).update(amount=2)
    report = make_report(caseworker, received_at=dt.datetime(2024, 12, 31, 9, tzinfo=STOCKHOLM))
    assert _open(caseworker, report, dt.date(2024, 12, 31)).due == dt.date(2025, 2, 28)


def test_each_rule_carries_its_legal_citation(db):
    rules = {rule.kind: rule for rule in DeadlineRule.objects.all()}
    assert {"safety_assessment", "pre_assessment", "investigation"} <= set(rules)
    assert all(rule.citation.strip() for rule in rules.values())
    assert all("SoL" in rules[kind].citation for kind in ("safety_assessment", "pre_assessment"))
    assert (rules["pre_assessment"].amount, rules["pre_assessment"].unit) == (14, "days")
    assert (rules["investigation"].amount, rules["investigation"].unit) == (4, "months")
    assert rules["investigation"].extendable
    assert rules["safety_assessment"].late_receipt_cutoff == dt.time(16, 0)


def test_the_safety_rule_agrees_with_the_stockholm_wall_clock_for_many_instants(db):
    """Property check over ten years of random instants, DST changes included: the due date is
    the Stockholm calendar day of receipt, or the next one from 16:00 local time."""
    import random

    rule = DeadlineRule.objects.get(kind=DeadlineKind.SAFETY_ASSESSMENT)
    rng = random.Random(16)
    start = dt.datetime(2020, 1, 1, tzinfo=UTC)
    for _ in range(5_000):
        instant = start + dt.timedelta(seconds=rng.randrange(10 * 365 * 24 * 3600))
        local = instant.astimezone(STOCKHOLM)
        expected = local.date() + dt.timedelta(days=1 if local.hour >= 16 else 0)
        assert rule.due_from(local.date(), received_time=local.time()) == expected, instant
