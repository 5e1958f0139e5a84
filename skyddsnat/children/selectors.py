"""Reads of early help, scoped to the user: the children and youth unit's caseworkers and manager
see the unit's early help. Every list shown is audited, one entry per row."""

from collections.abc import Mapping
from typing import Any

from django.core.paginator import Page
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from skyddsnat.audit.services import audit_log_many
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case
from skyddsnat.cases.policy import visible_cases
from skyddsnat.children.models import EarlyHelp
from skyddsnat.lib.paging import ordered, page_of
from skyddsnat.organisation.models import UnitKind, User
from skyddsnat.people.models import Person


def visible_early_help(user: User) -> QuerySet[EarlyHelp]:
    if not policy.gives_early_help(user) or user.unit_id is None:
        return EarlyHelp.objects.none()
    return EarlyHelp.objects.filter(unit_id=user.unit_id, unit__kind=UnitKind.CHILDREN)


def with_person_visibility(user: User, qs: QuerySet[EarlyHelp]) -> QuerySet[EarlyHelp]:
    """Rows marked `person_visible`: may the user open the child's record (through a case)?"""
    return qs.annotate(
        person_visible=Exists(visible_cases(user).filter(person_id=OuterRef("person_id")))
    )


def early_help_list(*, user: User, ongoing: bool = True) -> list[EarlyHelp]:
    """The first page of `early_help_page`."""
    return list(early_help_page(user=user, ongoing=ongoing).object_list)


EARLY_HELP_ORDERS: dict[str, tuple[str, ...]] = {
    "newest": ("-started_on", "-pk"),
    "oldest": ("started_on", "pk"),
}


def early_help_page(
    *,
    user: User,
    params: Mapping[str, Any] | None = None,
    ongoing: bool = True,
    state: str = "",
    intervention: str = "",
    sort: str = "newest",
) -> Page:
    """The unit's early help, ongoing only by default (`state` "ended" or "all" otherwise),
    newest first unless `sort` says "oldest", one page at a time; the page is audited. A child
    whose record the user may not see is shown by the names the unit registered, without a link.
    Unknown filter values filter nothing."""
    qs = with_person_visibility(
        user, visible_early_help(user).select_related("person", "intervention_type", "case")
    )
    if state == "ended":
        qs = qs.filter(ended_on__isnull=False)
    elif state != "all" and ongoing:
        qs = qs.filter(ended_on__isnull=True)
    if intervention.isdigit():
        qs = qs.filter(intervention_type_id=int(intervention))
    page = page_of(ordered(qs, EARLY_HELP_ORDERS, sort), params or {})
    audit_log_many(
        user=user,
        action="children.early_help.list",
        rows=[(row.person_id, row.case_id) for row in page.object_list],
    )
    return page


def _audited_rows(user: User, qs: QuerySet[EarlyHelp]) -> list[EarlyHelp]:
    """The rows newest first, each read logged (`.read`, so the log review covers them)."""
    rows = list(qs.select_related("intervention_type", "case").order_by("-started_on", "-pk"))
    audit_log_many(
        user=user,
        action="children.early_help.read",
        rows=[(row.person_id, row.case_id) for row in rows],
    )
    return rows


def early_help_for_person(*, user: User, person: Person) -> list[EarlyHelp]:
    """A person's early help in the user's unit (the person page), audited."""
    return _audited_rows(user, visible_early_help(user).filter(person=person))


def early_help_for_case(*, user: User, case: Case) -> list[EarlyHelp]:
    """The early help started from a case (the case page), in the user's unit, audited."""
    return _audited_rows(user, visible_early_help(user).filter(case=case))


def get_early_help_for_user(user: User, early_help_id: int) -> EarlyHelp:
    try:
        return (
            visible_early_help(user)
            .select_related("person", "intervention_type")
            .get(pk=early_help_id)
        )
    except (EarlyHelp.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
