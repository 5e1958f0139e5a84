"""Interruptions of an LSS intervention: it stops for a while (a new 3-month implementation
deadline starts, LSS 28 f §) and resumes."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.cases.models import CaseChange, DeadlineKind, Intervention
from skyddsnat.cases.services import (
    CaseConflict,
    case_change_audited,
    case_lock,
    deadline_complete,
    deadline_start,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.lss.models import Interruption
from skyddsnat.lss.services.rows import interruption_build
from skyddsnat.organisation.models import User


def interruption_start(
    *, user: User, intervention: Intervention, starts_on: dt.date, reason: str
) -> Interruption:
    """The intervention stops for a while; 3 months of interruption is reported like a decision
    not implemented (LSS 28 f §)."""
    case = intervention.case
    require_case_access(user, case)
    reason = require_text("reason", reason)
    validate_not_future("starts_on", starts_on)
    if starts_on < intervention.started_on:
        raise ValidationError(
            {"starts_on": _("The interruption cannot start before the intervention.")}
        )
    with transaction.atomic():
        case = case_lock(case)
        intervention.refresh_from_db()
        if intervention.ended_on is not None:
            raise CaseConflict({"starts_on": _("The intervention has ended.")})
        if intervention.lss_interruptions.filter(ends_on__isnull=True).exists():
            raise CaseConflict({"starts_on": _("The intervention is already interrupted.")})
        if intervention.lss_interruptions.filter(ends_on__gt=starts_on).exists():
            raise ValidationError({"starts_on": _("The interruption overlaps an earlier one.")})
        deadline = deadline_start(case=case, kind=DeadlineKind.LSS_IMPLEMENTATION, start=starts_on)
        interruption = interruption_build(
            intervention=intervention, starts_on=starts_on, reason=reason, deadline=deadline
        )
        interruption.save(force_insert=True)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.INTERRUPTION,
            action="lss.interruption.create",
            starts_on=starts_on.isoformat(),
        )
    return interruption


def interruption_end(*, user: User, interruption: Interruption, ends_on: dt.date) -> Interruption:
    case = interruption.intervention.case
    require_case_access(user, case)
    validate_not_future("ends_on", ends_on)
    if ends_on < interruption.starts_on:
        raise ValidationError({"ends_on": _("The intervention cannot resume before it stopped.")})
    with transaction.atomic():
        case = case_lock(case)
        interruption.refresh_from_db()
        if interruption.ends_on is not None:
            raise CaseConflict({"ends_on": _("The interruption has already ended.")})
        interruption.ends_on = ends_on
        interruption.save(update_fields=["ends_on"])
        if interruption.deadline is not None:
            deadline_complete(
                deadline=interruption.deadline,
                at=timezone.make_aware(dt.datetime.combine(ends_on, dt.time(12, 0))),
            )
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.INTERRUPTION,
            action="lss.interruption.end",
            ends_on=ends_on.isoformat(),
        )
    return interruption
