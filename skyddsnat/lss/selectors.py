"""Reads for LSS, always scoped to the user: applications, the records behind them, and the queue.
Personal lists are audited one entry per person shown. The implementation limit (decisions to
implement, the IVO report) is in implementation.py; the aggregate LSS figures live in the
follow-up app (followup/lss.py), above this flow.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    Decision,
    Intervention,
)
from skyddsnat.cases.policy import as_id as _as_id
from skyddsnat.cases.policy import visible_cases
from skyddsnat.lib.paging import ordered, page_of
from skyddsnat.lss.models import (
    Appeal,
    Application,
    DecisionReferral,
    Facility,
    Interruption,
    Offer,
    QueueEntry,
    QueueStatus,
    RequestedIntervention,
    ResourceKind,
)
from skyddsnat.lss.services.places import with_free_places
from skyddsnat.organisation.models import User


def today() -> dt.date:
    return timezone.localdate()


def lss_cases(user: User) -> QuerySet[Case]:
    return visible_cases(user).filter(kind=CaseKind.LSS)


# --- Applications ------------------------------------------------------------------------------


def _application_qs() -> QuerySet[Application]:
    return Application.objects.select_related(
        "case__person", "case__district", "case__assigned_to", "case__unit", "eligibility"
    ).prefetch_related(
        Prefetch(
            "requests",
            queryset=RequestedIntervention.objects.select_related(
                "intervention_type__lss_rule",
                "decision__lss_terms",
                "decision__decided_by",
                "decision__delegation",
                "referral__sent_by",
            ).prefetch_related(
                "decision__lss_appeals",
                "decision__queue_entry__facility",
                Prefetch(
                    "decision__interventions",
                    queryset=Intervention.objects.select_related(
                        "lss_implementation"
                    ).prefetch_related("lss_interruptions"),
                ),
            ),
        )
    )


def applications_list(*, user: User) -> list[Application]:
    """The first page of `applications_page`."""
    return list(applications_page(user=user).object_list)


APPLICATION_ORDERS: dict[str, tuple[str, ...]] = {
    "newest": ("-received_on", "-pk"),
    "oldest": ("received_on", "pk"),
}


def applications_page(
    *,
    user: User,
    params: Mapping[str, Any] | None = None,
    status: str = "",
    intervention: str = "",
    sort: str = "newest",
) -> Page:
    """The unit's applications, latest first (or `sort` "oldest"), one page (`params["page"]`) at
    a time, narrowed to a case `status` or a requested `intervention` (a type id); unknown values
    filter nothing. The page's cases are logged as a list read."""
    qs = _application_qs().filter(case__in=lss_cases(user))
    if status in CaseStatus.values:
        qs = qs.filter(case__status=status)
    if intervention.isdigit():
        # One request per type and application (a constraint): the join adds no duplicates.
        qs = qs.filter(requests__intervention_type_id=int(intervention))
    page = page_of(ordered(qs, APPLICATION_ORDERS, sort), params or {})
    audit_log_many(
        user=user,
        action="lss.application.list",
        rows=[(a.case.person_id, a.case_id) for a in page.object_list],
    )
    return page


def application_detail(*, user: User, application_id: int) -> Application:
    """One application with its decisions and implementation; 404 when not visible; audited."""
    try:
        application = _application_qs().get(pk=application_id, case__in=lss_cases(user))
    except (Application.DoesNotExist, ValueError, TypeError):
        raise _refused(user, Application, application_id, "case") from None
    audit_log(
        user=user,
        action="lss.application.read",
        person_id=application.case.person_id,
        case_id=application.case_id,
    )
    return application


M = TypeVar("M", bound=Model)


def _refused(user: User, model: type[Model], pk: object, case_path: str) -> Http404:
    """Log a refused look at an LSS record like the spine's refused case (under the record's case
    and person when it exists, for the auditor's search by person; without them when it does
    not) and give the 404 to raise: the same answer for a hidden record as for a missing one."""
    number = _as_id(pk)
    found = (
        model._default_manager.filter(pk=number)
        .values_list(f"{case_path}__person_id", f"{case_path}__id")
        .first()
        if number
        else None
    )
    person_id, case_id = found or (None, None)
    audit_log(
        user=user,
        action="cases.case.refused",
        person_id=person_id,
        case_id=case_id,
        record=model._meta.label_lower,
        requested=str(pk)[:40],
    )
    return Http404()


def _get_visible(
    qs: QuerySet[M], user: User, pk: int, case_path: str, *, any_flow: bool = False
) -> M:
    """The record if its case is the user's LSS case (`any_flow`: any case the user sees, for the
    places and queues, which serve every flow), else the refusal (404, logged)."""
    cases = visible_cases(user) if any_flow else lss_cases(user)
    try:
        return qs.get(pk=pk, **{f"{case_path}__in": cases})
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise _refused(user, qs.model, pk, case_path) from None


def get_request_for_user(user: User, request_id: int) -> RequestedIntervention:
    return _get_visible(
        RequestedIntervention.objects.select_related(
            "application__case__person", "application__case__investigation", "intervention_type"
        ),
        user,
        request_id,
        "application__case",
    )


def get_decision_for_user(user: User, decision_id: int) -> Decision:
    return _get_visible(
        Decision.objects.select_related(
            "case__person",
            "case__unit",
            "case__district",
            "intervention_type",
            "decided_by",
            "delegation",
        ),
        user,
        decision_id,
        "case",
    )


def get_intervention_for_user(user: User, intervention_id: int) -> Intervention:
    return _get_visible(
        Intervention.objects.select_related("case__person"), user, intervention_id, "case"
    )


def get_appeal_for_user(user: User, appeal_id: int) -> Appeal:
    return _get_visible(
        Appeal.objects.select_related("decision__case"), user, appeal_id, "decision__case"
    )


def get_interruption_for_user(user: User, interruption_id: int) -> Interruption:
    return _get_visible(
        Interruption.objects.select_related("intervention__case"),
        user,
        interruption_id,
        "intervention__case",
    )


def get_queue_entry_for_user(user: User, entry_id: int) -> QueueEntry:
    return _get_visible(
        QueueEntry.objects.select_related("decision__case__person", "resource_kind"),
        user,
        entry_id,
        "decision__case",
        any_flow=True,
    )


def get_offer_for_user(user: User, offer_id: int) -> Offer:
    return _get_visible(
        Offer.objects.select_related("entry__decision__case__person", "facility"),
        user,
        offer_id,
        "entry__decision__case",
        any_flow=True,
    )


# --- Queue -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    entry: QueueEntry
    waiting_days: int


def waiting_days(entry: QueueEntry, on: dt.date) -> int:
    """Days from joining the queue to the place (or to `on` while still waiting)."""
    end = entry.placed_on if entry.placed_on is not None else on
    return (end - entry.queued_on).days


QUEUE_ORDERS: dict[str, tuple[str, ...]] = {
    "longest": ("queued_on", "pk"),
    "shortest": ("-queued_on", "-pk"),
}


def queue_list(
    *, user: User, resource_kind: ResourceKind | None = None, on: dt.date | None = None
) -> list[QueueRow]:
    """The first page of `queue_page`."""
    return list(queue_page(user=user, resource_kind=resource_kind, on=on).object_list)


def queue_page(
    *,
    user: User,
    params: Mapping[str, Any] | None = None,
    resource_kind: ResourceKind | int | str | None = None,
    sort: str = "longest",
    on: dt.date | None = None,
) -> Page:
    """Everyone waiting for a place in the user's scope, longest wait first (or `sort`
    "shortest"), one page at a time, of one `resource_kind` (a row or its id) if given; the
    page is audited."""
    on = on or today()
    qs = (
        QueueEntry.objects.filter(
            decision__case__in=visible_cases(user), status=QueueStatus.WAITING
        )
        .select_related("decision__case__person", "resource_kind", "district", "decision__case")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.select_related("facility")))
    )
    if isinstance(resource_kind, ResourceKind):
        qs = qs.filter(resource_kind=resource_kind)
    elif str(resource_kind or "").isdigit():
        qs = qs.filter(resource_kind_id=int(str(resource_kind)))
    page = page_of(ordered(qs, QUEUE_ORDERS, sort), params or {})
    rows = [QueueRow(entry=e, waiting_days=waiting_days(e, on)) for e in page.object_list]
    page.object_list = rows
    audit_log_many(
        user=user,
        action="lss.queue.list",
        rows=[(r.entry.decision.case.person_id, r.entry.decision.case_id) for r in rows],
    )
    return page


@dataclass(frozen=True)
class FacilityView:
    facility: Facility
    free: int


def facilities(*, resource_kind: ResourceKind | None = None) -> list[FacilityView]:
    """Facilities and their free places (no personal data)."""
    qs = Facility.objects.select_related("resource_kind", "district")
    if resource_kind is not None:
        qs = qs.filter(resource_kind=resource_kind)
    return [FacilityView(facility=f, free=f.free) for f in with_free_places(qs)]


def waiting_per_person(*, user: User, on: dt.date | None = None) -> list[QueueRow]:
    """Waiting time per person: personal data, so only for case staff (and audited)."""
    return queue_list(user=user, on=on)


# --- Decisions sent to the one who may take them ------------------------------------------------


def referrals_page(*, user: User, params: Mapping[str, Any]) -> Page:
    """ "Beslut att fatta": prepared decisions not yet taken, in cases the user sees, that wait for
    the user's role (a manager: the housing decisions the officers sent) or that the user sent;
    oldest first. The page shown is audited, one entry."""
    qs = (
        DecisionReferral.objects.filter(
            request__decision__isnull=True, request__application__case__in=lss_cases(user)
        )
        .filter(Q(sent_to_role=user.role) | Q(sent_by=user))
        .select_related(
            "request__intervention_type", "request__application__case__person", "sent_by"
        )
        .order_by("sent_at", "pk")
    )
    page = page_of(qs, params)
    audit_log_many(
        user=user,
        action="lss.referral.list",
        rows=[
            (r.request.application.case.person_id, r.request.application.case_id)
            for r in page.object_list
        ],
    )
    return page
