"""Placements of a child as records of their own: created under the legal basis that grants them
(SoL, or the LVU section), moved (one ends and the next starts in one transaction), ended with a
reason; the care plan and implementation plan; visits and conversations with the child; the SoL
placement reconsidered every six months and a custody transfer considered after two years in the
same family home, then yearly. The database keeps one active placement per child.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skyddsnat.care.models import (
    FAMILY_HOMES,
    LvuSection,
    Placement,
    PlacementBasis,
    PlacementDeadline,
    PlacementEnd,
    PlacementForm,
    PlacementPlan,
    PlacementReview,
    PlacementReviewKind,
    PlacementVisit,
    PlanKind,
    VisitKind,
)
from skyddsnat.care.services.common import deadline_settle
from skyddsnat.care.services.lvu import CARE_CODES, CUSTODY_CODE
from skyddsnat.cases.models import Case, CaseChange, CaseKind, Deadline, DeadlineKind
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
    deadline_start,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.lib.validators import validate_born_before
from skyddsnat.organisation.models import User

__all__ = [
    "placement_create",
    "placement_end",
    "placement_move",
    "placement_plan_record",
    "placement_review_record",
    "placement_social_worker_assign",
    "placement_visit_record",
]

# The intervention that must be ongoing on the case for a placement under each basis.
BASIS_INTERVENTION = {
    PlacementBasis.LVU_6: CUSTODY_CODE,
    PlacementBasis.LVU_2: CARE_CODES[LvuSection.HOME],
    PlacementBasis.LVU_3: CARE_CODES[LvuSection.BEHAVIOUR],
}
CUSTODY_TRANSFER_KINDS = (DeadlineKind.CUSTODY_TRANSFER, DeadlineKind.CUSTODY_TRANSFER_YEARLY)
ALREADY_PLACED = gettext_lazy("The child already has an active placement: move or end it first.")


def _choice(field: str, value: str, choices: type[models.TextChoices], message: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: message})
    return value


def _social_worker(case: Case, user: User | None) -> User | None:
    """The child's social worker: an active caseworker or manager of the case's unit."""
    if user is None:
        return None
    if user.unit_id != case.unit_id or not user.works_with_cases or not user.is_active:
        raise ValidationError({"social_worker": _("Choose a social worker of the case's unit.")})
    return user


def _start_limit(placement: Placement, kind: DeadlineKind, start: dt.date) -> Deadline:
    deadline = deadline_start(case=placement.case, kind=kind, start=start)
    PlacementDeadline.objects.create(placement=placement, deadline=deadline)
    return deadline


def _pending(placement: Placement, *kinds: DeadlineKind) -> list[Deadline]:
    return list(
        Deadline.objects.filter(
            placement__placement=placement, kind__in=kinds, done_at__isnull=True
        ).order_by("due", "pk")
    )


def _locked(placement: Placement) -> Placement:
    """The placement afresh, its case locked (the caller's transaction)."""
    case_lock(placement.case_id)
    return Placement.objects.select_related("case__person").get(pk=placement.pk)


def _check_started_on(field: str, started_on: dt.date, case: Case) -> None:
    validate_not_future(field, started_on)
    validate_born_before(born=case.person.date_of_birth, event=started_on, field=field)


def placement_create(
    *,
    user: User,
    case: Case,
    form: str,
    provider: str,
    basis: str,
    started_on: dt.date,
    social_worker: User | None = None,
) -> Placement:
    """Place the child: the form, the provider and the legal basis. A placement under LVU needs
    that LVU intervention ongoing on the case (custody carried out, or care decided). Starts the
    visit limit, for SoL the six-monthly reconsideration, in a family home the two-year
    consideration of a custody transfer."""
    require_case_access(user, case)
    _choice("form", form, PlacementForm, _("Choose the form of the placement."))
    _choice("basis", basis, PlacementBasis, _("Choose the legal basis."))
    provider = require_text("provider", provider, one_line=True)
    if case.kind != CaseKind.CHILDREN:
        raise ValidationError({"basis": _("Placements are for children and young people.")})
    with transaction.atomic():
        case = case_lock(case)
        _check_started_on("started_on", started_on, case)
        if not case.is_open:
            raise CaseConflict({"started_on": _("The case is closed.")})
        social_worker = _social_worker(case, social_worker)
        code = BASIS_INTERVENTION.get(PlacementBasis(basis))
        if (
            code is not None
            and not case.interventions.filter(
                intervention_type__code=code, ended_on__isnull=True
            ).exists()
        ):
            raise ValidationError({"basis": _("No such LVU intervention is ongoing on the case.")})
        if Placement.objects.filter(child_id=case.person_id, ended_on__isnull=True).exists():
            raise CaseConflict({"started_on": str(ALREADY_PLACED)})
        placement = Placement(
            case=case,
            child_id=case.person_id,
            form=form,
            provider=provider,
            basis=basis,
            started_on=started_on,
            social_worker=social_worker,
            created_by=user,
        )
        # Two cases of one child lock different rows: the constraint decides that race.
        with conflict_on_unique_violation(str(ALREADY_PLACED)):
            placement.save(force_insert=True)
        _start_limits(placement, started_on)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.PLACEMENT,
            action="care.placement.create",
            form=form,
            basis=basis,
        )
    return placement


def _start_limits(placement: Placement, started_on: dt.date) -> None:
    _start_limit(placement, DeadlineKind.PLACEMENT_VISIT, started_on)
    if placement.basis == PlacementBasis.SOL:
        _start_limit(placement, DeadlineKind.PLACEMENT_RECONSIDERATION, started_on)
    if placement.form in FAMILY_HOMES:
        _start_limit(placement, DeadlineKind.CUSTODY_TRANSFER, started_on)


def placement_move(
    *,
    user: User,
    placement: Placement,
    moved_on: dt.date,
    form: str,
    provider: str,
    basis: str = "",
) -> Placement:
    """Move the child: the placement ends (moved) and the next starts the same day, atomically.
    The visit limit and the SoL reconsideration go on; the two years in the same family home
    start again in the new one."""
    require_case_access(user, placement.case)
    _choice("form", form, PlacementForm, _("Choose the form of the placement."))
    provider = require_text("provider", provider, one_line=True)
    with transaction.atomic():
        current = _locked(placement)
        case = current.case
        validate_not_future("moved_on", moved_on)
        basis = basis or current.basis
        _choice("basis", basis, PlacementBasis, _("Choose the legal basis."))
        if current.ended_on is not None:
            raise CaseConflict({"moved_on": _("The placement has ended.")})
        if moved_on < current.started_on:
            raise ValidationError(
                {"moved_on": _("The move cannot be before the placement started.")}
            )
        current.ended_on = moved_on
        current.end_reason = PlacementEnd.MOVED
        current.save(update_fields=["ended_on", "end_reason"])
        nxt = Placement(
            case=case,
            child_id=current.child_id,
            form=form,
            provider=provider,
            basis=basis,
            started_on=moved_on,
            moved_from=current,
            social_worker=current.social_worker,
            created_by=user,
        )
        with conflict_on_unique_violation(_("The placement was moved at the same time.")):
            nxt.save(force_insert=True)
        # The limits of the child's care go on in the new placement.
        PlacementDeadline.objects.filter(
            placement=current,
            deadline__done_at__isnull=True,
            deadline__kind__in=[
                DeadlineKind.PLACEMENT_VISIT,
                DeadlineKind.PLACEMENT_RECONSIDERATION,
            ],
        ).update(placement=nxt)
        if basis != PlacementBasis.SOL:
            for deadline in _pending(nxt, DeadlineKind.PLACEMENT_RECONSIDERATION):
                deadline_settle(deadline, day=moved_on, note=_("The placement is under LVU."))
        elif not _pending(nxt, DeadlineKind.PLACEMENT_RECONSIDERATION):
            _start_limit(nxt, DeadlineKind.PLACEMENT_RECONSIDERATION, moved_on)
        for deadline in _pending(current, *CUSTODY_TRANSFER_KINDS):
            deadline_settle(deadline, day=moved_on, note=_("The child moved from the home."))
        if nxt.form in FAMILY_HOMES:
            _start_limit(nxt, DeadlineKind.CUSTODY_TRANSFER, moved_on)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.PLACEMENT,
            action="care.placement.move",
            moved_from=current.pk,
            form=form,
            basis=basis,
        )
    return nxt


def placement_end(*, user: User, placement: Placement, ended_on: dt.date, reason: str) -> Placement:
    """End the placement with its reason (a move is `placement_move`); its limits end with it."""
    require_case_access(user, placement.case)
    _choice("reason", reason, PlacementEnd, _("Choose the reason."))
    if reason == PlacementEnd.MOVED:
        raise ValidationError({"reason": _("A move is recorded as a move.")})
    validate_not_future("ended_on", ended_on)
    with transaction.atomic():
        placement = _locked(placement)
        if placement.ended_on is not None:
            raise CaseConflict({"ended_on": _("The placement has ended.")})
        if ended_on < placement.started_on:
            raise ValidationError({"ended_on": _("The end cannot be before the start.")})
        placement.ended_on = ended_on
        placement.end_reason = reason
        placement.save(update_fields=["ended_on", "end_reason"])
        for deadline in _pending(placement, *DeadlineKind):
            deadline_settle(deadline, day=ended_on, note=_("The placement ended."))
        case_change_audited(
            case=placement.case,
            user=user,
            change=CaseChange.PLACEMENT,
            action="care.placement.end",
            placement=placement.pk,
            reason=reason,
        )
    return placement


def placement_plan_record(
    *, user: User, placement: Placement, kind: str, drawn_up_on: dt.date, text: str
) -> PlacementPlan:
    """A care plan or an implementation plan (a new version is a new row)."""
    require_case_access(user, placement.case)
    _choice("kind", kind, PlanKind, _("Choose the kind of plan."))
    text = require_text("text", text)
    validate_not_future("drawn_up_on", drawn_up_on)
    with transaction.atomic():
        placement = _locked(placement)
        validate_born_before(
            born=placement.case.person.date_of_birth, event=drawn_up_on, field="drawn_up_on"
        )
        plan = PlacementPlan(
            placement=placement, kind=kind, drawn_up_on=drawn_up_on, text=text, author=user
        )
        plan.save(force_insert=True)
        case_change_audited(
            case=placement.case,
            user=user,
            change=CaseChange.PLACEMENT,
            action="care.plan.create",
            placement=placement.pk,
            kind=kind,
        )
    return plan


def placement_visit_record(
    *,
    user: User,
    placement: Placement,
    kind: str,
    visited_on: dt.date,
    note: str,
    child_alone: bool = False,
) -> PlacementVisit:
    """A visit to the child or a conversation with the child. It completes the pending visit
    limit when it is the latest, and the next is counted from it (rule `placement_visit`)."""
    require_case_access(user, placement.case)
    _choice("kind", kind, VisitKind, _("Choose visit or conversation."))
    note = require_text("note", note)
    validate_not_future("visited_on", visited_on)
    with transaction.atomic():
        placement = _locked(placement)
        if visited_on < placement.started_on:
            raise ValidationError(
                {"visited_on": _("The visit cannot be before the placement started.")}
            )
        if placement.ended_on is not None and visited_on > placement.ended_on:
            raise ValidationError({"visited_on": _("The placement had ended by then.")})
        visit = PlacementVisit(
            placement=placement,
            kind=kind,
            visited_on=visited_on,
            child_alone=child_alone,
            note=note,
            by=user,
        )
        visit.save(force_insert=True)
        pending = _pending(placement, DeadlineKind.PLACEMENT_VISIT)
        next_due = None
        for deadline in pending:
            if visited_on >= deadline.starts_on:
                deadline_settle(deadline, day=visited_on, note=str(VisitKind(kind).label))
                if placement.ended_on is None:
                    next_due = _start_limit(placement, DeadlineKind.PLACEMENT_VISIT, visited_on).due
        case_change_audited(
            case=placement.case,
            user=user,
            change=CaseChange.PLACEMENT,
            action="care.visit.create",
            placement=placement.pk,
            kind=kind,
            next_due=next_due.isoformat() if next_due else None,
        )
    return visit


def placement_review_record(
    *, user: User, placement: Placement, kind: str, decided_on: dt.date, reason: str
) -> PlacementReview:
    """The SoL placement reconsidered (at least every six months), or a transfer of custody
    considered (after two years in the same family home, then yearly), with its reasons. It
    completes the pending limit and starts the next from this decision."""
    require_case_access(user, placement.case)
    _choice("kind", kind, PlacementReviewKind, _("Choose the kind of review."))
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    with transaction.atomic():
        placement = _locked(placement)
        if placement.ended_on is not None:
            raise CaseConflict({"decided_on": _("The placement has ended.")})
        if decided_on < placement.started_on:
            raise ValidationError({"decided_on": _("The decision cannot predate the placement.")})
        if kind == PlacementReviewKind.RECONSIDERATION:
            if placement.basis != PlacementBasis.SOL:
                raise ValidationError(
                    {"kind": _("A placement under LVU is reviewed as care under LVU.")}
                )
            kinds: tuple[DeadlineKind, ...] = (DeadlineKind.PLACEMENT_RECONSIDERATION,)
            next_kind = DeadlineKind.PLACEMENT_RECONSIDERATION
        else:
            if placement.form not in FAMILY_HOMES:
                raise ValidationError(
                    {"kind": _("A transfer of custody is considered for a family home.")}
                )
            kinds = CUSTODY_TRANSFER_KINDS
            next_kind = DeadlineKind.CUSTODY_TRANSFER_YEARLY
        pending = _pending(placement, *kinds)
        review = PlacementReview(
            placement=placement,
            kind=kind,
            decided_on=decided_on,
            reason=reason,
            deadline=pending[0] if pending else None,
            decided_by=user,
        )
        review.save(force_insert=True)
        for deadline in pending:
            deadline_settle(deadline, day=decided_on, note=str(PlacementReviewKind(kind).label))
        next_deadline = _start_limit(placement, next_kind, decided_on)
        case_change_audited(
            case=placement.case,
            user=user,
            change=CaseChange.PLACEMENT,
            action="care.placement_review.create",
            placement=placement.pk,
            kind=kind,
            next_due=next_deadline.due.isoformat(),
        )
    return review


def placement_social_worker_assign(
    *, user: User, placement: Placement, social_worker: User
) -> Placement:
    """Designate the child's own social worker (barnets socialsekreterare)."""
    require_case_access(user, placement.case)
    with transaction.atomic():
        placement = _locked(placement)
        if placement.ended_on is not None:
            raise CaseConflict({"social_worker": _("The placement has ended.")})
        placement.social_worker = _social_worker(placement.case, social_worker)
        placement.save(update_fields=["social_worker"])
        case_change_audited(
            case=placement.case,
            user=user,
            change=CaseChange.PLACEMENT,
            action="care.placement.social_worker",
            placement=placement.pk,
            social_worker=social_worker.get_username(),
        )
    return placement
