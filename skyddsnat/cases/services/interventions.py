"""Interventions on the spine: the start of what a decision granted, with the time limits it
starts as rule data and the ongoing interventions it follows ended, and the end."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import (
    CaseChange,
    CaseStatus,
    Decision,
    Intervention,
    InterventionDeadline,
)
from skyddsnat.cases.policy import visible_cases
from skyddsnat.cases.services.rows import intervention_build, intervention_deadlines_build
from skyddsnat.cases.services.state import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
)
from skyddsnat.organisation.models import User


def intervention_start(
    *,
    user: User,
    decision: Decision,
    started_on: dt.date,
    cost_sek: int = 0,
    provider: str = "",
    audit_detail: dict[str, str] | None = None,
) -> Intervention:
    """Start the intervention a decision granted. A flow that adds its own record to the start
    (LSS: the provider kind) passes its facts in `audit_detail`: one action, one audit entry."""
    if not visible_cases(user).filter(pk=decision.case_id).exists():
        raise PermissionDenied
    if decision.outcome != "grant" or decision.intervention_type is None:
        raise ValidationError({"decision": _("Only a granted intervention can start.")})
    if started_on < decision.decided_on:
        raise ValidationError(
            {"started_on": _("The intervention cannot start before the decision.")}
        )
    if cost_sek < 0:
        raise ValidationError({"cost_sek": _("The cost cannot be negative.")})
    itype = decision.intervention_type
    already = _("The decision has already been implemented.")
    with transaction.atomic():
        case = case_lock(decision.case_id)
        if Intervention.objects.filter(decision=decision).exists():
            raise CaseConflict({"started_on": already})
        # The ongoing interventions this one follows end the day it starts (LVU: immediate
        # custody ends when care under 2 § or 3 § starts).
        followed = list(
            case.interventions.filter(
                ended_on__isnull=True, intervention_type__in=itype.may_follow.all()
            ).select_related("intervention_type")
        )
        if any(started_on < previous.started_on for previous in followed):
            raise ValidationError(
                {"started_on": _("The intervention cannot start before the one it follows.")}
            )
        for previous in followed:
            previous.ended_on = started_on
            previous.save(update_fields=["ended_on"])
            audit_log(
                user=user,
                action="cases.intervention.end",
                person_id=case.person_id,
                case_id=case.pk,
                intervention_type=previous.intervention_type.code,
                followed_by=itype.code,
            )
        intervention = intervention_build(
            case=case,
            decision=decision,
            started_on=started_on,
            cost_sek=cost_sek,
            provider=provider,
        )
        with conflict_on_unique_violation(already):
            intervention.save(force_insert=True)
        # The time limits this intervention starts, as rule data (`intervention_deadlines_build`).
        lines = InterventionDeadline.objects.filter(intervention_type=itype).select_related("rule")
        for deadline in intervention_deadlines_build(
            case=case, decision=decision, lines=lines, started_on=started_on
        ):
            deadline.save(force_insert=True)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.INTERVENTION_START,
            status=CaseStatus.INTERVENTION,
            action="cases.intervention.create",
            intervention_type=itype.code,
            **(audit_detail or {}),
        )
    return intervention


def intervention_end(*, user: User, intervention: Intervention, ended_on: dt.date) -> Intervention:
    if not visible_cases(user).filter(pk=intervention.case_id).exists():
        raise PermissionDenied
    if ended_on < intervention.started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    with transaction.atomic():
        case = case_lock(intervention.case_id)
        intervention.refresh_from_db()
        if intervention.ended_on is not None:
            raise CaseConflict({"ended_on": _("The intervention has ended.")})
        intervention.ended_on = ended_on
        intervention.save(update_fields=["ended_on"])
        ongoing = case.interventions.filter(ended_on__isnull=True).exists()
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.INTERVENTION_END,
            status=None if ongoing else CaseStatus.CLOSED,
            action="cases.intervention.end",
        )
    return intervention
