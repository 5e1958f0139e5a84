"""Places and queues: facilities, the queue a granted decision joins for each kind of place its
intervention waits for, offers of a place and their answers, leaving a place. Which interventions
queue for which places is data (`ResourceKind.intervention_types`), so this serves any kind of
case."""

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import (
    CaseChange,
    Decision,
    Outcome,
)
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.lss.models import (
    Facility,
    Offer,
    OfferAnswer,
    ProviderKind,
    QueueEntry,
    QueueStatus,
    ResourceKind,
)
from skyddsnat.lss.services.rows import queue_entry_build
from skyddsnat.organisation.models import District, User

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def queue_for_decision(*, user: User, decision: Decision) -> list[QueueEntry]:
    """Put a granted decision in the queue of every kind of place its intervention waits for.

    Which interventions queue for which places is data (`ResourceKind.intervention_types`), so
    this serves any kind of case.
    """
    if decision.outcome != Outcome.GRANT or decision.intervention_type_id is None:
        return []
    kinds = ResourceKind.objects.filter(intervention_types=decision.intervention_type_id)
    entries = []
    for kind in kinds:
        entries.append(queue_join(user=user, decision=decision, resource_kind=kind))
    return entries


def queue_join(
    *, user: User, decision: Decision, resource_kind: ResourceKind, queued_on: dt.date | None = None
) -> QueueEntry:
    case = decision.case
    require_case_access(user, case)
    if decision.outcome != Outcome.GRANT:
        raise ValidationError({"decision": _("Only a granted decision can wait for a place.")})
    if (
        decision.intervention_type_id is None
        or not resource_kind.intervention_types.filter(pk=decision.intervention_type_id).exists()
    ):
        raise ValidationError(
            {"resource_kind": _("This kind of place does not serve the decision.")}
        )
    district = case.district or (case.unit.district if case.unit_id else None)
    if district is None:
        raise ValidationError({"decision": _("The case has no district.")})
    already = _("The decision is already in a queue.")
    with transaction.atomic():
        case = case_lock(case)
        if QueueEntry.objects.filter(decision=decision).exists():
            raise CaseConflict({"decision": already})
        with conflict_on_unique_violation(already):
            entry = queue_entry_build(
                decision=decision,
                resource_kind=resource_kind,
                district=district,
                queued_on=queued_on or decision.decided_on,
            )
            entry.save(force_insert=True)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.PLACE,
            action="lss.queue.join",
            resource_kind=resource_kind.code,
        )
    return entry


class FreePlaces(TypedDict):
    """What `with_free_places` annotates."""

    free: int


def with_free_places(
    facilities: QuerySet[Facility],
) -> "QuerySet[WithAnnotations[Facility, FreePlaces]]":
    """Annotates `free`: places not taken by a resident and not held by an offer awaiting its
    answer. One query for a whole list of facilities."""
    taken = Count("residents", filter=Q(residents__status=QueueStatus.PLACED), distinct=True)
    held = Count("offers", filter=Q(offers__answer=OfferAnswer.PENDING), distinct=True)
    return facilities.annotate(free=F("places") - taken - held)


def free_places(facility: Facility) -> int:
    """Places not taken by a resident and not held by an offer awaiting its answer."""
    return with_free_places(Facility.objects.filter(pk=facility.pk)).get().free


def offer_make(*, user: User, entry: QueueEntry, facility: Facility, offered_on: dt.date) -> Offer:
    case = entry.decision.case
    require_case_access(user, case)
    validate_not_future("offered_on", offered_on)
    if facility.resource_kind_id != entry.resource_kind_id:
        raise ValidationError({"facility": _("The facility offers another kind of place.")})
    if offered_on < entry.queued_on:
        raise ValidationError({"offered_on": _("The offer cannot predate the queue entry.")})
    with transaction.atomic():
        case = case_lock(case)
        # Lock the facility so two offers cannot take its last place at once.
        facility = Facility.objects.select_for_update().get(pk=facility.pk)
        entry.refresh_from_db()
        if entry.status != QueueStatus.WAITING:
            raise CaseConflict({"entry": _("The person is not waiting for a place.")})
        if entry.offers.filter(answer=OfferAnswer.PENDING).exists():
            raise CaseConflict({"entry": _("An offer is already awaiting an answer.")})
        if free_places(facility) <= 0:
            raise ValidationError({"facility": _("The facility has no free place.")})
        offer = Offer.objects.create(
            entry=entry, facility=facility, offered_on=offered_on, made_by=user
        )
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.PLACE,
            action="lss.offer.create",
            facility=facility.pk,
        )
    return offer


def offer_answer(
    *, user: User, offer: Offer, accepted: bool, answered_on: dt.date, refusal_reason: str = ""
) -> Offer:
    """Record the answer; an acceptance gives the person the place from that day."""
    entry = offer.entry
    case = entry.decision.case
    require_case_access(user, case)
    validate_not_future("answered_on", answered_on)
    if answered_on < offer.offered_on:
        raise ValidationError({"answered_on": _("The answer cannot predate the offer.")})
    if not accepted:
        refusal_reason = require_text("refusal_reason", refusal_reason)
    with transaction.atomic():
        case = case_lock(case)
        offer.refresh_from_db()
        if offer.answer != OfferAnswer.PENDING:
            raise CaseConflict({"answer": _("The offer has already been answered.")})
        offer.answer = OfferAnswer.ACCEPTED if accepted else OfferAnswer.REFUSED
        offer.answered_on = answered_on
        offer.refusal_reason = "" if accepted else refusal_reason
        offer.save(update_fields=["answer", "answered_on", "refusal_reason"])
        if accepted:
            entry.status = QueueStatus.PLACED
            entry.facility = offer.facility
            entry.placed_on = answered_on
            entry.save(update_fields=["status", "facility", "placed_on"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.PLACE,
            action="lss.offer.answer",
            accepted=accepted,
        )
    return offer


def place_leave(*, user: User, entry: QueueEntry, left_on: dt.date) -> QueueEntry:
    case = entry.decision.case
    require_case_access(user, case)
    validate_not_future("left_on", left_on)
    with transaction.atomic():
        case = case_lock(case)
        entry.refresh_from_db()
        if entry.status != QueueStatus.PLACED or entry.placed_on is None:
            raise CaseConflict({"left_on": _("The person has no place to leave.")})
        if left_on < entry.placed_on:
            raise ValidationError({"left_on": _("The move cannot predate the placement.")})
        entry.status = QueueStatus.LEFT
        entry.left_on = left_on
        entry.save(update_fields=["status", "left_on"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.PLACE,
            action="lss.queue.leave",
        )
    return entry


def facility_create(
    *,
    user: User,
    resource_kind: ResourceKind,
    name: str,
    places: int,
    district: District | None = None,
    provider_kind: str = ProviderKind.OWN,
) -> Facility:
    # Managers keep their unit's places; the administrator keeps the rule and resource data.
    if not (policy.is_manager(user) or policy.is_admin(user)):
        raise PermissionDenied
    name = require_text("name", name)
    if places < 1:
        raise ValidationError({"places": _("A facility has at least one place.")})
    with transaction.atomic():
        facility = Facility.objects.create(
            resource_kind=resource_kind,
            name=name,
            places=places,
            district=district,
            provider_kind=provider_kind,
        )
        audit_log(user=user, action="lss.facility.create", facility=facility.pk)
    return facility
