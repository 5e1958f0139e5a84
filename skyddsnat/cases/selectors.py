"""Reads on the case spine, always scoped to the user."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.paginator import Page
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases import policy, registry
from skyddsnat.cases.models import (
    OPEN_STATUSES,
    Case,
    Deadline,
    DeadlineKind,
    Referral,
    ReferralStatus,
)
from skyddsnat.cases.policy import get_case_for_user, visible_cases
from skyddsnat.lib.dates import days_left
from skyddsnat.lib.paging import ordered, page_of
from skyddsnat.organisation.models import User

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
    # Done after its due date: by how many days ("Klar, 3 dagar sen"); 0 when done in time.
    days_late: int = 0


# `get_kind_display()` rebuilds a dict of every choice on each call (hundreds per list page); the
# labels stay lazy here and are translated once per deadline shown.
_KIND_LABELS = dict(DeadlineKind.choices)


def _deadline_view(d: Deadline, on: dt.date) -> DeadlineView:
    return DeadlineView(
        kind=d.kind,
        label=str(_KIND_LABELS.get(d.kind, d.kind)),
        due=d.due,
        done=d.done,
        overdue=d.is_overdue(on),
        days_left=None if d.done else days_left(d.due, on),
        citation=d.rule.citation,
        id=d.pk,
        completed_by_hand=d.rule.completed_by_hand,
        done_note=d.done_note,
        days_late=days_late(d),
    )


def days_late(d: Deadline) -> int:
    """How many days after its due date a done limit was done (its local day); 0 in time."""
    if d.done_at is None:
        return 0
    return max(0, (timezone.localtime(d.done_at).date() - d.due).days)


def deadline_views(case: Case, *, on: dt.date | None = None) -> list[DeadlineView]:
    """The case's deadlines, earliest first; needs `deadlines__rule` prefetched to stay cheap."""
    on = on or today()
    return [
        _deadline_view(d, on) for d in sorted(case.deadlines.all(), key=lambda d: (d.due, d.pk))
    ]


def _with_deadlines(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("person", "district", "assigned_to").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.select_related("rule"))
    )


def _list_with_deadlines(qs: QuerySet[Case]) -> QuerySet[Case]:
    """For a page of a list: the persons are fetched for the page's rows only. Joined into the
    sorted query, PostgreSQL hashes the whole person table (184,000 rows at Stockholm's scale)
    before it can cut the first 50: 400 ms instead of 40."""
    return qs.select_related("district", "assigned_to").prefetch_related(
        "person", Prefetch("deadlines", queryset=Deadline.objects.select_related("rule"))
    )


def _with_next_due(qs: QuerySet[Case]) -> "QuerySet[WithAnnotations[Case, NextDue]]":
    # A correlated subquery rather than a join with GROUP BY: it filters and sorts in WHERE and
    # ORDER BY, and the page's count stays a plain count (index deadline_case_pending_idx).
    nearest = (
        Deadline.objects.filter(case=OuterRef("pk"), done_at__isnull=True)
        .order_by("due")
        .values("due")[:1]
    )
    return qs.annotate(next_due=Subquery(nearest))


# The orders "Mina ärenden" offers; the primary key last so that pages never overlap.
CASE_LIST_ORDERS: dict[str, tuple] = {
    "due": (F("next_due").asc(nulls_last=True), "opened_at", "pk"),
    "newest": ("-opened_at", "-pk"),
    "oldest": ("opened_at", "pk"),
    "reference": ("reference", "pk"),
}


def my_cases_queryset(
    *,
    user: User,
    status: str = "",
    deadline: str = "",
    assignee: str = "",
    sort: str = "due",
    on: dt.date | None = None,
) -> "QuerySet[WithAnnotations[Case, NextDue]]":
    """'Mina ärenden', filtered and sorted, not yet read (so a page of it costs one page of rows).

    A caseworker sees cases assigned to them; a manager the open cases of their unit, and may
    narrow them to one caseworker (`assignee` a user id) or to those nobody has (`"none"`).
    `deadline` is `overdue`, `week` (the nearest pending limit within 7 days) or `none`. Each case
    carries `next_due` (None when nothing is pending). Unknown values filter nothing.
    """
    on = on or today()
    qs = visible_cases(user).filter(status__in=OPEN_STATUSES)
    # A manager sees the whole unit; everyone else the cases assigned to them.
    if not policy.is_manager(user):
        qs = qs.filter(assigned_to=user)
    elif assignee == "none":
        qs = qs.filter(assigned_to__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assigned_to_id=int(assignee))
    if status in OPEN_STATUSES:
        qs = qs.filter(status=status)
    annotated = _with_next_due(_list_with_deadlines(qs))
    if deadline == "overdue":
        annotated = annotated.filter(next_due__lt=on)
    elif deadline == "week":
        annotated = annotated.filter(next_due__gte=on, next_due__lte=on + dt.timedelta(days=7))
    elif deadline == "none":
        annotated = annotated.filter(next_due=None)
    return ordered(annotated, CASE_LIST_ORDERS, sort)


def my_cases(
    *, user: User, status: str = "", deadline: str = "", assignee: str = "", sort: str = "due"
) -> list["WithAnnotations[Case, NextDue]"]:
    """The first page of `my_cases_page`."""
    page = my_cases_page(user=user, status=status, deadline=deadline, assignee=assignee, sort=sort)
    return list(page.object_list)


def my_cases_page(
    *,
    user: User,
    params: Mapping[str, Any] | None = None,
    status: str = "",
    deadline: str = "",
    assignee: str = "",
    sort: str = "due",
) -> Page:
    """One page (`params["page"]`, 50 rows) of 'Mina ärenden' with the filters given; logged as
    a list read of the cases on that page (not of every case the filters match)."""
    cases = my_cases_queryset(
        user=user, status=status, deadline=deadline, assignee=assignee, sort=sort
    )
    page = page_of(cases, params or {})
    audit_log_many(
        user=user, action="cases.case.list", rows=[(c.person_id, c.pk) for c in page.object_list]
    )
    return page


def my_deadlines(*, user: User, on: dt.date | None = None) -> list[tuple[Case, DeadlineView]]:
    """The first page of `my_deadlines_page`."""
    return my_deadlines_page(user=user, on=on)[1]


def my_deadlines_page(
    *, user: User, params: Mapping[str, Any] | None = None, on: dt.date | None = None
) -> tuple[Page, list[tuple[Case, DeadlineView]]]:
    """Every pending deadline of 'Mina ärenden', nearest first, one page at a time; logged as a
    list read of the cases on the page."""
    on = on or today()
    scope = visible_cases(user).filter(status__in=OPEN_STATUSES)
    if not policy.is_manager(user):
        scope = scope.filter(assigned_to=user)
    pending = (
        Deadline.objects.filter(case__in=scope, done_at__isnull=True)
        .select_related("rule", "case__person")
        .order_by("due", "case_id", "pk")
    )
    page = page_of(pending, params or {})
    rows = [(d.case, _deadline_view(d, on)) for d in page.object_list]
    audit_log_many(
        user=user,
        action="cases.case.list",
        rows=list(dict.fromkeys((case.person_id, case.pk) for case, _ in rows)),
    )
    return page, rows


def overdue_cases(*, user: User, on: dt.date | None = None) -> QuerySet[Case]:
    """Open cases in the user's scope with an overdue deadline, for caseworker and manager."""
    on = on or today()
    # The nearest pending limit is past exactly when some pending limit is: no join, no DISTINCT.
    return _with_next_due(visible_cases(user).filter(status__in=OPEN_STATUSES)).filter(
        next_due__lt=on
    )


def unassigned_cases(*, user: User) -> list["WithAnnotations[Case, NextDue]"]:
    """The first page of `unassigned_cases_page` (none for anyone but a manager)."""
    page = unassigned_cases_page(user=user)
    return list(page.object_list) if page is not None else []


def unassigned_cases_page(
    *,
    user: User,
    params: Mapping[str, Any] | None = None,
    status: str = "",
    deadline: str = "",
    sort: str = "due",
) -> Page | None:
    """The manager's queue, one page: open cases of the unit nobody has been assigned yet,
    filtered and sorted as "Mina ärenden" (nearest time limit first by default). None for anyone
    but a manager."""
    if not policy.is_manager(user):
        return None
    qs = my_cases_queryset(user=user, status=status, deadline=deadline, assignee="none", sort=sort)
    page = page_of(qs, params or {})
    audit_log_many(
        user=user,
        action="cases.queue.list",
        rows=[(c.person_id, c.pk) for c in page.object_list],
    )
    return page


def case_detail(*, user: User, case_id: int, action: str = "cases.case.read") -> Case:
    """One case with everything its page and the API show; raises 404 if not visible; audited
    as `action` (the print view: "cases.case.print", one entry naming the print)."""
    case = get_case_for_user(user, case_id)
    case = (
        _with_deadlines(Case.objects.filter(pk=case.pk))
        .prefetch_related(
            "decisions__intervention_type",
            "decisions__decided_by",
            "decisions__delegation",
            "interventions__intervention_type",
            "journal__author",
            "deadlines__extensions__decided_by",
            "referrals__intervention_type",
            "referrals__sent_by",
            "referrals__decided_by",
            # The flow's own records of the case (children: its reports).
            *registry.case_prefetch(case.kind),
        )
        .select_related("investigation", "unit")
        .get()
    )
    audit_log(user=user, action=action, person_id=case.person_id, case_id=case.pk)
    return case


# --- Decisions sent to the one who may take them ("Beslut att fatta", issue 9 point 7) -------


def referral_queue(*, user: User) -> list[Referral]:
    """The waiting referrals sent to the user's role, in the cases the user sees, oldest first;
    audited (one entry per case). Empty for anyone who does not decide referrals."""
    if not policy.may_decide_referrals(user):
        return []
    referrals = list(
        Referral.objects.filter(
            case__in=visible_cases(user),
            sent_to_role=user.role,
            status=ReferralStatus.PENDING,
        )
        .select_related(
            "case__person",
            "case__investigation__deadline",
            "intervention_type",
            "sent_by",
        )
        .order_by("sent_at", "pk")
    )
    audit_log_many(
        user=user,
        action="cases.referral.list",
        rows=[(r.case.person_id, r.case_id) for r in referrals],
    )
    return referrals


def get_referral_for_user(user: User, referral_id: int) -> Referral:
    """A referral of a case the user sees; otherwise 404 like a case they may not see."""
    number = policy.as_id(referral_id)
    case_id = (
        Referral.objects.filter(pk=number).values_list("case_id", flat=True).first()
        if number
        else None
    )
    case = get_case_for_user(user, case_id if case_id is not None else 0)
    return Referral.objects.select_related("case", "intervention_type", "sent_by").get(
        pk=number or 0, case=case
    )
