"""Placements as records of their own: form, provider, basis, moves, end; plans, visits against the
rule's frequency, the SoL reconsideration, and the custody transfer considered after two years in
the same family home, then yearly. One active placement per child, held by the database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.care.models import Placement, PlacementPlan
from skyddsnat.care.selectors import care_state
from skyddsnat.care.services import (
    placement_create,
    placement_end,
    placement_move,
    placement_plan_record,
    placement_review_record,
    placement_social_worker_assign,
    placement_visit_record,
)
from skyddsnat.cases.models import Case, Deadline, DeadlineKind
from skyddsnat.cases.selectors import my_deadlines, overdue_cases
from skyddsnat.cases.services import CaseConflict


def _place(user, case, *, on=dt.date(2025, 2, 1), form="family_home", basis="sol"):
    return placement_create(
        user=user, case=case, form=form, provider="Familjen Berg", basis=basis, started_on=on
    )


def _pending(placement, kind):
    return Deadline.objects.filter(
        placement__placement=placement, kind=kind, done_at__isnull=True
    ).get()


def test_a_placement_starts_its_limits(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    placement = _place(caseworker, case)
    assert _pending(placement, DeadlineKind.PLACEMENT_VISIT).due == dt.date(2025, 5, 1)
    assert _pending(placement, DeadlineKind.PLACEMENT_RECONSIDERATION).due == dt.date(2025, 8, 1)
    assert _pending(placement, DeadlineKind.CUSTODY_TRANSFER).due == dt.date(2027, 2, 1)
    assert AuditEntry.objects.filter(action="care.placement.create", case_id=case.pk).exists()


def test_two_years_in_a_family_home_from_a_leap_day_then_yearly(caseworker, reported):
    case = reported(dt.date(2024, 2, 20))
    placement = _place(caseworker, case, on=dt.date(2024, 2, 29))
    first = _pending(placement, DeadlineKind.CUSTODY_TRANSFER)
    assert first.due == dt.date(2026, 2, 28)  # no 29 February in 2026
    placement_review_record(
        user=caseworker,
        placement=placement,
        kind="custody_transfer",
        decided_on=dt.date(2026, 2, 20),
        reason="Barnet har starka band till familjehemmet; vårdnadshavarna motsätter sig.",
    )
    yearly = _pending(placement, DeadlineKind.CUSTODY_TRANSFER_YEARLY)
    assert (yearly.starts_on, yearly.due) == (dt.date(2026, 2, 20), dt.date(2027, 2, 20))


def test_an_hvb_placement_under_lvu_has_no_sol_reconsideration_nor_custody_transfer(
    manager, in_care
):
    case = in_care("3", dt.date(2025, 3, 1))
    placement = _place(manager, case, on=dt.date(2025, 3, 1), form="hvb", basis="lvu_3")
    kinds = set(
        Deadline.objects.filter(placement__placement=placement).values_list("kind", flat=True)
    )
    assert kinds == {DeadlineKind.PLACEMENT_VISIT}


def test_a_placement_under_lvu_needs_that_lvu_intervention(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    with pytest.raises(ValidationError) as error:
        _place(caseworker, case, basis="lvu_2")
    assert "basis" in error.value.message_dict
    assert not Placement.objects.exists()


def test_a_move_ends_one_and_starts_the_next_atomically(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    first = _place(caseworker, case, form="emergency_home")
    placement_visit_record(
        user=caseworker,
        placement=first,
        kind="visit",
        visited_on=dt.date(2025, 2, 15),
        note="Barnet trivs.",
        child_alone=True,
    )
    second = placement_move(
        user=caseworker,
        placement=first,
        moved_on=dt.date(2025, 3, 1),
        form="family_home",
        provider="Familjen Ek",
    )
    first.refresh_from_db()
    assert (first.ended_on, first.end_reason) == (dt.date(2025, 3, 1), "moved")
    assert second.moved_from_id == first.pk and second.is_active
    # The visit limit goes on from the last visit; two years start in the new family home.
    assert _pending(second, DeadlineKind.PLACEMENT_VISIT).due == dt.date(2025, 5, 15)
    assert _pending(second, DeadlineKind.CUSTODY_TRANSFER).due == dt.date(2027, 3, 1)
    assert Placement.objects.filter(child=case.person, ended_on__isnull=True).count() == 1


def test_a_move_of_an_ended_placement_is_a_conflict(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    placement = _place(caseworker, case)
    placement_end(user=caseworker, placement=placement, ended_on=dt.date(2025, 4, 1), reason="home")
    with pytest.raises(CaseConflict):
        placement_move(
            user=caseworker,
            placement=placement,
            moved_on=dt.date(2025, 4, 2),
            form="hvb",
            provider="HVB Tallen",
        )
    assert not Deadline.objects.filter(placement__placement=placement, done_at=None).exists()


def test_an_overdue_visit_shows_on_the_case_and_the_caseworkers_list(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    placement = _place(caseworker, case)
    state = care_state(case, today=dt.date(2025, 5, 2))
    assert [d.kind for d in state.overdue_visits()] == [DeadlineKind.PLACEMENT_VISIT]
    on = dt.date(2025, 5, 2)
    rows = [(c.pk, v.kind, v.overdue) for c, v in my_deadlines(user=caseworker, on=on)]
    assert (case.pk, DeadlineKind.PLACEMENT_VISIT, True) in rows
    assert case in overdue_cases(user=caseworker, on=on)
    placement_visit_record(
        user=caseworker,
        placement=placement,
        kind="conversation",
        visited_on=dt.date(2025, 4, 30),
        note="Samtal enskilt med barnet.",
    )
    assert care_state(case, today=dt.date(2025, 5, 2)).overdue_visits() == []


def test_plans_and_the_childs_social_worker(caseworker, colleague, reported):
    case = reported(dt.date(2025, 1, 10))
    placement = _place(caseworker, case)
    placement_plan_record(
        user=caseworker,
        placement=placement,
        kind="care_plan",
        drawn_up_on=dt.date(2025, 2, 1),
        text="Målet är att barnet ska kunna återförenas med föräldrarna.",
    )
    placement_plan_record(
        user=caseworker,
        placement=placement,
        kind="implementation_plan",
        drawn_up_on=dt.date(2025, 2, 20),
        text="Skolgång, umgänge varannan helg.",
    )
    assert set(PlacementPlan.objects.values_list("kind", flat=True)) == {
        "care_plan",
        "implementation_plan",
    }
    placement_social_worker_assign(user=caseworker, placement=placement, social_worker=colleague)
    placement.refresh_from_db()
    assert placement.social_worker == colleague


@pytest.mark.parametrize("text", ["\x00", "a\u202eb", "x" * 20_001, "   "])
def test_odd_text_is_refused_and_nothing_is_stored(caseworker, reported, text):
    case = reported(dt.date(2025, 1, 10))
    placement = _place(caseworker, case)
    with pytest.raises(ValidationError):
        placement_plan_record(
            user=caseworker,
            placement=placement,
            kind="care_plan",
            drawn_up_on=dt.date(2025, 2, 1),
            text=text,
        )
    assert not PlacementPlan.objects.exists()


def test_the_sol_reconsideration_restarts_from_its_decision(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    placement = _place(caseworker, case, form="hvb")
    placement_review_record(
        user=caseworker,
        placement=placement,
        kind="reconsideration",
        decided_on=dt.date(2025, 7, 15),
        reason="Vården behövs fortfarande.",
    )
    nxt = _pending(placement, DeadlineKind.PLACEMENT_RECONSIDERATION)
    assert nxt.due == dt.date(2026, 1, 15)
    with pytest.raises(ValidationError):
        placement_review_record(
            user=caseworker,
            placement=placement,
            kind="custody_transfer",
            decided_on=dt.date(2025, 7, 15),
            reason="Inte ett familjehem.",
        )


def test_the_database_holds_one_active_placement_per_child(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    _place(caseworker, case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            case=case,
            child=case.person,
            form="hvb",
            provider="HVB",
            basis="sol",
            started_on=dt.date(2025, 3, 1),
            created_by=caseworker,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_placements_of_one_child_on_two_cases_place_it_once(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    # A second case of the same child: the two writes lock different case rows, so only the
    # database's constraint can keep the child in one placement.
    other = Case.objects.create(
        kind=case.kind,
        person=case.person,
        district=case.district,
        unit=case.unit,
        status=case.status,
        assigned_to=case.assigned_to,
        opened_at=case.opened_at,
    )
    cases = [case, other] * 4

    def attempt(i: int):
        return _place(caseworker, Case.objects.get(pk=cases[i].pk))

    results = race(8, attempt)
    placed = [r for r in results if isinstance(r, Placement)]
    refused = [r for r in results if isinstance(r, CaseConflict)]
    assert len(placed) == 1 and len(refused) == 7, results
    assert Placement.objects.filter(child=case.person, ended_on__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moves_of_one_placement_move_it_once(caseworker, reported):
    case = reported(dt.date(2025, 1, 10))
    first = _place(caseworker, case)

    def attempt(i: int):
        return placement_move(
            user=caseworker,
            placement=Placement.objects.get(pk=first.pk),
            moved_on=dt.date(2025, 3, 1),
            form="hvb",
            provider=f"HVB {i}",
        )

    results = race(6, attempt)
    moved = [r for r in results if isinstance(r, Placement)]
    assert len(moved) == 1, results
    assert all(isinstance(r, CaseConflict) for r in results if r not in moved)
    active = Placement.objects.filter(child=case.person, ended_on__isnull=True)
    assert list(active) == moved
    assert Placement.objects.filter(child=case.person).count() == 2
