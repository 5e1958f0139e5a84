"""Writes on the case spine shared by every flow: deadlines, delegation, assignment, journal,
decisions, interventions. Each takes keyword arguments, runs in one transaction, and audits."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    CountsFrom,
    Deadline,
    DeadlineExtension,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    InterventionDeadline,
    InterventionType,
    JournalEntry,
)
from skyddsnat.cases.permissions import visible_cases
from skyddsnat.lib import validators
from skyddsnat.organisation.models import DecisionType, Delegation, Role, User


def deadline_start(
    *, case: Case, kind: DeadlineKind, start: dt.date, received_time: dt.time | None = None
) -> Deadline:
    rule = DeadlineRule.objects.get(kind=kind)
    due = rule.due_from(start, received_time=received_time)
    return Deadline.objects.create(
        case=case, rule=rule, kind=kind, starts_on=start, original_due=due, due=due
    )


def deadline_complete(*, deadline: Deadline, at: dt.datetime) -> None:
    if deadline.done_at is None:
        deadline.done_at = at
        deadline.save(update_fields=["done_at"])


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
    if deadline.done_at is not None:
        raise ValidationError({"deadline": _("The time limit is already done.")})
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
        audit_log(
            user=user,
            action="cases.deadline.done",
            person_id=case.person_id,
            case_id=case.pk,
            kind=deadline.kind,
            done_on=done_on.isoformat(),
            next_due=next_deadline.due.isoformat() if next_deadline else None,
        )
    return deadline


def delegation_for(
    *, user: User, decision_type: DecisionType, intervention_type: InterventionType | None = None
) -> Delegation:
    """The delegation line that lets this user take this decision, or PermissionDenied."""
    lines = Delegation.objects.filter(decision_type=decision_type, role=user.role)
    if intervention_type is not None:
        lines = lines.filter(
            Q(intervention_type__isnull=True) | Q(intervention_type=intervention_type)
        )
    # A line for this very intervention (e.g. LVU, recorded for the committee) wins over a
    # general one; NULLS LAST says so on every database (SQLite sorts NULL first).
    line = lines.order_by(F("intervention_type_id").asc(nulls_last=True), "code").first()
    if line is None:
        raise PermissionDenied(_("Your role has no delegation to take this decision."))
    return line


def validate_not_future(field: str, value: dt.date | dt.datetime) -> None:
    """Something that has happened: not in the future, not before 1900 (`lib.validators`)."""
    try:
        validators.validate_past(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def require_text(field: str, value: str, *, one_line: bool = False) -> str:
    """Required free text (or one line), stripped; control and text-direction characters and
    absurd lengths refused (`lib.validators`)."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")})
    try:
        (validators.validate_line if one_line else validators.validate_text)(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return value


def require_name(field: str, value: str) -> str:
    """A required first or last name with a letter in it (`lib.validators.validate_name`)."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")})
    try:
        validators.validate_name(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return value


def require_case_access(user: User, case: Case) -> None:
    """PermissionDenied unless the case is in the user's scope (unit, assignment)."""
    if not visible_cases(user).filter(pk=case.pk).exists():
        raise PermissionDenied


def case_assign(*, user: User, case: Case, assignee: User) -> Case:
    """A manager assigns a case of their unit to a caseworker of the same unit."""
    if user.role != Role.MANAGER or case.unit_id != user.unit_id:
        raise PermissionDenied(_("Only the unit's manager may assign its cases."))
    if assignee.unit_id != case.unit_id or not assignee.works_with_cases or not assignee.is_active:
        raise ValidationError({"assignee": _("Choose a caseworker of the case's unit.")})
    with transaction.atomic():
        case.assigned_to = assignee
        case.save(update_fields=["assigned_to"])
        audit_log(
            user=user,
            action="cases.case.assign",
            person_id=case.person_id,
            case_id=case.pk,
            assignee=assignee.get_username(),
        )
    return case


def journal_add(*, user: User, case: Case, text: str) -> JournalEntry:
    text = require_text("text", text)
    if not visible_cases(user).filter(pk=case.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        entry = JournalEntry.objects.create(case=case, author=user, text=text)
        audit_log(
            user=user, action="cases.journal.create", person_id=case.person_id, case_id=case.pk
        )
    return entry


def investigation_extend(*, user: User, case: Case, new_due: dt.date, reason: str) -> Deadline:
    """Extend the investigation for a set time, with the special reasons recorded."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    investigation = getattr(case, "investigation", None)
    if (
        investigation is None
        or investigation.closed_on is not None
        or investigation.deadline is None
    ):
        raise ValidationError({"new_due": _("The case has no open investigation to extend.")})
    deadline = investigation.deadline
    if not deadline.rule.extendable:
        raise ValidationError({"new_due": _("This time limit cannot be extended.")})
    if new_due <= deadline.due:
        raise ValidationError({"new_due": _("The new date must be later than the current one.")})
    delegation = delegation_for(user=user, decision_type=DecisionType.EXTEND_INVESTIGATION)
    latest = deadline.rule.latest_extended_due(deadline.original_due)
    if new_due > latest:
        raise ValidationError(
            {
                "new_due": _(
                    "The investigation can be extended to %(date)s at the latest (%(basis)s)."
                )
                % {"date": latest.isoformat(), "basis": deadline.rule.extension_citation or "-"}
            }
        )
    with transaction.atomic():
        DeadlineExtension.objects.create(
            deadline=deadline,
            previous_due=deadline.due,
            new_due=new_due,
            reason=reason,
            decided_by=user,
        )
        deadline.due = new_due
        deadline.save(update_fields=["due"])
        audit_log(
            user=user,
            action="cases.investigation.extend",
            person_id=case.person_id,
            case_id=case.pk,
            new_due=new_due.isoformat(),
            delegation=delegation.code,
        )
    return deadline


def case_decide(
    *,
    user: User,
    case: Case,
    decided_on: dt.date,
    outcome: str,
    intervention_type: InterventionType,
    reason: str,
) -> Decision:
    """Close the investigation with a decision to grant or refuse an intervention, or, without an
    open investigation, decide an intervention that may follow one ongoing on the case."""
    require_case_access(user, case)
    reason = require_text("reason", reason)
    validate_not_future("decided_on", decided_on)
    if outcome not in ("grant", "refuse"):
        raise ValidationError({"outcome": _("Choose grant or refuse.")})
    if case.kind != CaseKind.CHILDREN:
        # LSS decides per requested intervention, in its own flow (skyddsnat.lss.services).
        raise ValidationError({"outcome": _("Decisions on this case are taken in its own flow.")})
    if intervention_type.case_kind != case.kind:
        raise ValidationError({"intervention_type": _("This intervention does not fit the case.")})
    investigation = getattr(case, "investigation", None)
    if investigation is not None and investigation.closed_on is not None:
        investigation = None
    follows = None
    if investigation is None:
        # Without an open investigation, only an intervention that may follow an ongoing one is
        # decided (LVU: care under 2 § or 3 § after immediate custody), as catalogue data.
        follows = (
            case.interventions.filter(
                ended_on__isnull=True, intervention_type__in=intervention_type.may_follow.all()
            )
            .order_by("started_on", "pk")
            .first()
        )
        if follows is None:
            raise ValidationError(
                {"decided_on": _("The case has no open investigation to decide.")}
            )
        if decided_on < follows.started_on:
            raise ValidationError(
                {"decided_on": _("The decision cannot predate the intervention it follows.")}
            )
    elif decided_on < investigation.opened_on:
        raise ValidationError({"decided_on": _("The decision cannot predate the investigation.")})
    delegation = delegation_for(
        user=user, decision_type=DecisionType.INTERVENTION, intervention_type=intervention_type
    )
    with transaction.atomic():
        decision = Decision.objects.create(
            case=case,
            decision_type=DecisionType.INTERVENTION,
            decided_on=decided_on,
            outcome=outcome,
            intervention_type=intervention_type,
            reason=reason,
            decided_by=user,
            delegation=delegation,
        )
        if investigation is not None:
            investigation.closed_on = decided_on
            investigation.save(update_fields=["closed_on"])
            if investigation.deadline is not None:
                deadline_complete(deadline=investigation.deadline, at=timezone.now())
            case.status = CaseStatus.DECIDED if outcome == "grant" else CaseStatus.CLOSED
            if case.status == CaseStatus.CLOSED:
                case.closed_at = timezone.now()
            case.save(update_fields=["status", "closed_at"])
        # Following an ongoing intervention, the case stays "intervention ongoing": that one
        # goes on until the new one starts (or is ended).
        audit_log(
            user=user,
            action="cases.decision.create",
            person_id=case.person_id,
            case_id=case.pk,
            outcome=outcome,
            intervention_type=intervention_type.code,
            delegation=delegation.code,
            follows=follows.intervention_type.code if follows else None,
        )
    return decision


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
    case = decision.case
    if not visible_cases(user).filter(pk=case.pk).exists():
        raise PermissionDenied
    if decision.outcome != "grant" or decision.intervention_type is None:
        raise ValidationError({"decision": _("Only a granted intervention can start.")})
    if started_on < decision.decided_on:
        raise ValidationError(
            {"started_on": _("The intervention cannot start before the decision.")}
        )
    if cost_sek < 0:
        raise ValidationError({"cost_sek": _("The cost cannot be negative.")})
    if decision.interventions.exists():
        raise ValidationError({"started_on": _("The decision has already been implemented.")})
    itype = decision.intervention_type
    # The ongoing interventions this one follows end the day it starts (LVU: immediate custody
    # ends when care under 2 § or 3 § starts).
    followed = list(
        case.interventions.filter(
            ended_on__isnull=True, intervention_type__in=itype.may_follow.all()
        ).select_related("intervention_type")
    )
    if any(started_on < previous.started_on for previous in followed):
        raise ValidationError(
            {"started_on": _("The intervention cannot start before the one it follows.")}
        )
    with transaction.atomic():
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
        intervention = Intervention.objects.create(
            case=case,
            decision=decision,
            intervention_type=itype,
            started_on=started_on,
            cost_sek=cost_sek,
            provider=provider.strip(),
        )
        # Time limits this intervention starts, as rule data, counted from the decision or the
        # start as each line says (LVU: court within a week and the application for care within
        # four weeks of the decision on custody; care reconsidered every six months).
        started = InterventionDeadline.objects.filter(intervention_type=itype).select_related(
            "rule"
        )
        for line in started:
            start = decision.decided_on if line.counts_from == CountsFrom.DECISION else started_on
            due = line.rule.due_from(start)
            Deadline.objects.create(
                case=case,
                rule=line.rule,
                kind=line.rule.kind,
                starts_on=start,
                original_due=due,
                due=due,
            )
        case.status = CaseStatus.INTERVENTION
        case.save(update_fields=["status"])
        audit_log(
            user=user,
            action="cases.intervention.create",
            person_id=case.person_id,
            case_id=case.pk,
            intervention_type=itype.code,
            **(audit_detail or {}),
        )
    return intervention


def intervention_end(*, user: User, intervention: Intervention, ended_on: dt.date) -> Intervention:
    case = intervention.case
    if not visible_cases(user).filter(pk=case.pk).exists():
        raise PermissionDenied
    if intervention.ended_on is not None:
        raise ValidationError({"ended_on": _("The intervention has ended.")})
    if ended_on < intervention.started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    with transaction.atomic():
        intervention.ended_on = ended_on
        intervention.save(update_fields=["ended_on"])
        if not case.interventions.filter(ended_on__isnull=True).exists():
            case.status = CaseStatus.CLOSED
            case.closed_at = timezone.now()
            case.save(update_fields=["status", "closed_at"])
        audit_log(
            user=user,
            action="cases.intervention.end",
            person_id=case.person_id,
            case_id=case.pk,
        )
    return intervention
