"""Reads on the case spine, always scoped to the user."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases.models import OPEN_STATUSES, Case, Deadline
from skyddsnat.cases.permissions import get_case_for_user, visible_cases
from skyddsnat.lib.dates import days_left
from skyddsnat.organisation.models import Role, User

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class NextDue(TypedDict):
    """What `my_cases` and `unassigned_cases` annotate: the nearest pending due date, if any."""

    next_due: dt.date | None


def today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class DeadlineView:
    kind: str
    label: str
    due: dt.date
    done: bool
    overdue: bool
    days_left: int | None
    citation: str
    id: int = 0
    # Staff mark it done by hand (LVU), rather than a step of the case completing it.
    completed_by_hand: bool = False
    done_note: str = ""


def deadline_views(case: Case, *, on: dt.date | None = None) -> list[DeadlineView]:
    """The case's deadlines, earliest first; needs `deadlines__rule` prefetched to stay cheap."""
    on = on or today()
    return [
        DeadlineView(
            kind=d.kind,
            label=str(d.get_kind_display()),
            due=d.due,
            done=d.done,
            overdue=d.is_overdue(on),
            days_left=None if d.done else days_left(d.due, on),
            citation=d.rule.citation,
            id=d.pk,
            completed_by_hand=d.rule.completed_by_hand,
            done_note=d.done_note,
        )
        for d in sorted(case.deadlines.all(), key=lambda d: (d.due, d.pk))
    ]


def _with_deadlines(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("person", "district", "assigned_to").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.select_related("rule"))
    )


def _with_next_due(qs: QuerySet[Case]) -> "QuerySet[WithAnnotations[Case, NextDue]]":
    return qs.annotate(next_due=Min("deadlines__due", filter=Q(deadlines__done_at__isnull=True)))


def my_cases(*, user: User) -> list["WithAnnotations[Case, NextDue]"]:
    """'Mina ärenden': open cases the user works on, nearest open deadline first.

    A caseworker sees cases assigned to them; a manager the open cases of their unit. Each case
    carries `next_due` (None when nothing is pending). Logged as one read per case shown.
    """
    qs = visible_cases(user).filter(status__in=OPEN_STATUSES)
    if user.role != Role.MANAGER:
        qs = qs.filter(assigned_to=user)
    cases = list(_with_next_due(_with_deadlines(qs)).order_by("next_due", "opened_at"))
    # Cases with nothing pending go last, not first (NULLs sort first in some databases).
    cases.sort(key=lambda c: (c.next_due is None, c.next_due or dt.date.max, c.opened_at))
    audit_log_many(user=user, action="cases.case.list", rows=[(c.person_id, c.pk) for c in cases])
    return cases


def my_deadlines(*, user: User, on: dt.date | None = None) -> list[tuple[Case, DeadlineView]]:
    """Every pending deadline of 'Mina ärenden', nearest first."""
    pending = [
        (case, view)
        for case in my_cases(user=user)
        for view in deadline_views(case, on=on)
        if not view.done
    ]
    return sorted(pending, key=lambda pair: (pair[1].due, pair[0].pk))


def overdue_cases(*, user: User, on: dt.date | None = None) -> QuerySet[Case]:
    """Open cases in the user's scope with an overdue deadline, for caseworker and manager."""
    on = on or today()
    return (
        visible_cases(user)
        .filter(status__in=OPEN_STATUSES, deadlines__done_at__isnull=True, deadlines__due__lt=on)
        .distinct()
    )


def unassigned_cases(*, user: User) -> list["WithAnnotations[Case, NextDue]"]:
    """The manager's queue: open cases of the unit nobody has been assigned yet."""
    if user.role != Role.MANAGER:
        return []
    qs = visible_cases(user).filter(status__in=OPEN_STATUSES, assigned_to__isnull=True)
    cases = list(_with_next_due(_with_deadlines(qs)).order_by("next_due", "opened_at"))
    audit_log_many(user=user, action="cases.queue.list", rows=[(c.person_id, c.pk) for c in cases])
    return cases


def case_detail(*, user: User, case_id: int) -> Case:
    """One case with everything its page and the API show; raises 404 if not visible; audited."""
    case = get_case_for_user(user, case_id)
    case = (
        _with_deadlines(Case.objects.filter(pk=case.pk))
        .prefetch_related(
            "reports__safety_assessment",
            "reports__registered_by",
            "decisions__intervention_type",
            "decisions__decided_by",
            "decisions__delegation",
            "interventions__intervention_type",
            "journal__author",
            "deadlines__extensions__decided_by",
        )
        .select_related("investigation", "unit")
        .get()
    )
    audit_log(user=user, action="cases.case.read", person_id=case.person_id, case_id=case.pk)
    return case
