"""Time limits on the spine: started from rule data, completed by their step or by hand, and the
investigation's limit extended under delegation."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.cases.models import (
    Case,
    CaseChange,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    InterventionDeadline,
    Investigation,
)
from skyddsnat.cases.services.checks import (
    delegation_for,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.cases.services.rows import deadline_build, deadline_extension_build
from skyddsnat.cases.services.state import (
    CaseConflict,
    case_change_audited,
    case_lock,
    conflict_on_unique_violation,
)
from skyddsnat.organisation.models import DecisionType, User


def deadline_start(
    *, case: Case, kind: DeadlineKind, start: dt.date, received_time: dt.time | None = None
) -> Deadline:
    rule = DeadlineRule.objects.get(kind=kind)
    deadline = deadline_build(case=case, rule=rule, start=start, received_time=received_time)
    deadline.save(force_insert=True)
    return deadline


def deadline_complete(*, deadline: Deadline, at: dt.datetime) -> None:
    if deadline.done_at is None:
        deadline.done_at = at
        deadline.save(update_fields=["done_at"])


def investigation_close(*, investigation: Investigation, closed_on: dt.date) -> None:
    """Close an investigation on the day of its decision and complete its time limit."""
    investigation.closed_on = closed_on
    investigation.save(update_fields=["closed_on"])
    if investigation.deadline_id is not None:
        deadline = Deadline.objects.get(pk=investigation.deadline_id)
        deadline_complete(deadline=deadline, at=timezone.now())


def open_investigation(case: Case) -> Investigation | None:
    """The case's open investigation, read afresh (not a relation cached on an older view)."""
    return (
        Investigation.objects.select_related("deadline__rule")
        .filter(case_id=case.pk, closed_on__isnull=True)
        .first()
    )


def deadline_record_done(
    *, user: User, case: Case, deadline: Deadline, done_on: dt.date, note: str = ""
) -> Deadline:
    """Mark a time limit done that staff complete by hand (LVU: submitted to the court, care
    applied for, care reconsidered). A limit whose rule restarts when done (reconsideration every
    six months) starts its next period from `done_on` while an intervention that starts it goes on.
    Returns the deadline marked done."""
    require_case_access(user, case)
    if deadline.case_id != case.pk:
        raise ValidationError({"deadline": _("The time limit does not belong to this case.")})
    rule = deadline.rule
    if not rule.completed_by_hand:
        raise ValidationError(
            {
                "deadline": _(
                    "This time limit is completed by its own step in the case, not by hand."
                )
            }
        )
    validate_not_future("done_on", done_on)
    if done_on < deadline.starts_on:
        raise ValidationError({"done_on": _("The date cannot be before the time limit started.")})
    note = (note or "").strip()
    # Only a date is given: today's is recorded as now, an earlier day at noon (local time).
    if done_on == timezone.localdate():
        done_at = timezone.now()
    else:
        done_at = timezone.make_aware(dt.datetime.combine(done_on, dt.time(12, 0)))
    with transaction.atomic():
        case = case_lock(case)
        deadline.refresh_from_db()
        if deadline.done_at is not None:
            raise CaseConflict({"deadline": _("The time limit is already done.")})
        deadline.done_at = done_at
        deadline.done_note = note
        deadline.save(update_fields=["done_at", "done_note"])
        next_deadline = None
        if (
            rule.restarts_when_done
            and InterventionDeadline.objects.filter(
                rule=rule,
                intervention_type__in=case.interventions.filter(ended_on__isnull=True).values(
                    "intervention_type"
                ),
            ).exists()
        ):
            next_deadline = deadline_start(case=case, kind=DeadlineKind(rule.kind), start=done_on)
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.DEADLINE_DONE,
            action="cases.deadline.done",
            kind=deadline.kind,
            done_on=done_on.isoformat(),
            next_due=next_deadline.due.isoformat() if next_deadline else None,
        )
    return deadline


def investigation_extend(*, user: User, case: Case, new_due: dt.date, reason: str) -> Deadline:
    """Extend the investigation for a set time, with the special reasons recorded. Extensions
    form one line (the database refuses a fork), so the due date is the last one granted."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation(case)
        if investigation is None or investigation.deadline is None:
            raise CaseConflict({"new_due": _("The case has no open investigation to extend.")})
        deadline = investigation.deadline
        if not deadline.rule.extendable:
            raise ValidationError({"new_due": _("This time limit cannot be extended.")})
        if new_due <= deadline.due:
            raise ValidationError(
                {"new_due": _("The new date must be later than the current one.")}
            )
        delegation = delegation_for(user=user, decision_type=DecisionType.EXTEND_INVESTIGATION)
        latest = deadline.rule.latest_extended_due(deadline.original_due)
        if new_due > latest:
            raise ValidationError(
                {
                    "new_due": _(
                        "The investigation can be extended to %(date)s at the latest (%(basis)s)."
                    )
                    % {
                        "date": latest.isoformat(),
                        "basis": deadline.rule.extension_citation or "-",
                    }
                }
            )
        extension = deadline_extension_build(
            deadline=deadline, new_due=new_due, reason=reason, decided_by=user
        )
        with conflict_on_unique_violation(_("The investigation was extended at the same time.")):
            extension.save(force_insert=True)
        deadline.save(update_fields=["due"])
        case_change_audited(
            case=case,
            user=user,
            change=CaseChange.EXTENSION,
            action="cases.investigation.extend",
            new_due=new_due.isoformat(),
            delegation=delegation.code,
        )
    return deadline
