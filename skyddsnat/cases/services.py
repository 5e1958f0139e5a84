"""Writes on the case spine shared by every flow: deadlines, delegation, assignment, journal,
decisions, interventions. Each takes keyword arguments, runs in one transaction, and audits."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import (
    Case,
    CaseChange,
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
    Investigation,
    JournalEntry,
)
from skyddsnat.cases.policy import visible_cases
from skyddsnat.lib import validators
from skyddsnat.organisation.models import DecisionType, Delegation, User

# ----- the one place a case changes state ---------------------------------------------------------


class CaseConflict(ValidationError):
    """The write no longer fits the case as it stands: a colleague (or the user's own second
    click) changed it first. Pages and the API answer 409 with the message."""


class CaseChanged(CaseConflict):
    """The write was based on an older view of the case (a stale page or a stale `If-Match`)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        super().__init__(stale_message(case))


def stale_message(case: Case) -> str:
    """What changed since the user's view, in words a caseworker acts on."""
    what = case.get_last_change_display() if case.last_change else _("the case was changed")
    if case.changed_at is not None:
        when = timezone.localtime(case.changed_at)
        by = case.changed_by
        who = (by.get_full_name() or by.get_username()) if by is not None else _("someone")
        return _(
            "The case has changed since you opened it: %(what)s (%(who)s, %(when)s). It is now "
            "%(status)s. Nothing was saved; read the case again before you go on."
        ) % {
            "what": what,
            "who": who,
            "when": f"{when:%Y-%m-%d %H:%M}",
            "status": case.get_status_display(),
        }
    return _(
        "The case has changed since you opened it. It is now %(status)s. Nothing was saved; "
        "read the case again before you go on."
    ) % {"status": case.get_status_display()}


def case_lock(case: Case | int, *, expected_version: int | None = None) -> Case:
    """The case row, read afresh and locked until the surrounding transaction ends. Every write of
    a case takes this lock first and checks its preconditions on what it returns, so two writes of
    one case run one after the other and the second sees what the first did."""
    if not connection.in_atomic_block:
        raise RuntimeError("case_lock needs a transaction")  # a lock outside one ends at once
    if isinstance(case, Case):
        # The caller's own object is brought up to date, so it sees what the write did.
        case.refresh_from_db(from_queryset=Case.objects.select_for_update())
        locked = case
    else:
        locked = Case.objects.select_for_update().get(pk=case)
    if expected_version is not None and locked.version != expected_version:
        raise CaseChanged(locked)
    return locked


@contextmanager
def case_write(case: Case | int, *, expected_version: int | None = None) -> Iterator[Case]:
    """One transaction around a write of a case (and whatever the caller builds from it, such as
    the answer to the request), with the case locked and, when the caller's view carried a
    version, refused if the case has changed since."""
    with transaction.atomic():
        yield case_lock(case, expected_version=expected_version)


def case_record_change(
    *, case: Case, user: User | None, change: CaseChange, status: CaseStatus | None = None
) -> Case:
    """Record that a locked case changed: raise its version (so older views are refused), say
    what changed and by whom, and move its status when `status` is given (closing stamps
    `closed_at`). Every flow changes a case's status here and nowhere else."""
    fields = ["version", "changed_at", "changed_by", "last_change"]
    if status is not None and status != case.status:
        case.status = status
        fields.append("status")
        if status == CaseStatus.CLOSED:
            case.closed_at = timezone.now()
            fields.append("closed_at")
    case.version += 1
    case.changed_at = timezone.now()
    case.changed_by = user
    case.last_change = change
    case.save(update_fields=fields)
    return case


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


def is_unique_violation(error: IntegrityError) -> bool:
    """A unique or exclusion constraint refused the row: a write raced another and lost."""
    code = getattr(getattr(error, "__cause__", None), "sqlstate", None)
    return code in ("23505", "23P01")


def intervention_decision_create(
    *,
    case: Case,
    user: User,
    intervention_type: InterventionType,
    decided_on: dt.date,
    outcome: str,
    reason: str,
    already: tuple[str, str],
) -> Decision:
    """The decision on one intervention of a locked case, under the user's delegation line (every
    flow decides interventions this way). A second decision on the same intervention of the case
    answers `already` (field, message) as a conflict, also when a race gets past the check and
    meets the database's constraint."""
    delegation = delegation_for(
        user=user, decision_type=DecisionType.INTERVENTION, intervention_type=intervention_type
    )
    field_name, message = already
    if case.decisions.filter(
        decision_type=DecisionType.INTERVENTION, intervention_type=intervention_type
    ).exists():
        raise CaseConflict({field_name: message})
    with conflict_on_unique_violation(message):
        return Decision.objects.create(
            case=case,
            decision_type=DecisionType.INTERVENTION,
            decided_on=decided_on,
            outcome=outcome,
            intervention_type=intervention_type,
            reason=reason,
            decided_by=user,
            delegation=delegation,
        )


@contextmanager
def conflict_on_unique_violation(message: str) -> Iterator[None]:
    """A rule the database enforces (one decision per intervention, ...) answers as a conflict
    with the current state, not as a server error, if a write got past the lock."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        raise CaseConflict(message) from error


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
        case_record_change(case=case, user=user, change=CaseChange.DEADLINE_DONE)
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
    """The delegation line that lets this user take this decision (`policy.delegation_line`),
    or PermissionDenied."""
    line = policy.delegation_line(user, decision_type, intervention_type)
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


def require_case_access(user: User, case: Case) -> None:
    """PermissionDenied unless the case is in the user's scope (unit, assignment)."""
    if not visible_cases(user).filter(pk=case.pk).exists():
        raise PermissionDenied


def case_assign(
    *, user: User, case: Case, assignee: User, only_if_unassigned: bool = False
) -> Case:
    """A manager assigns a case of their unit to a caseworker of the same unit. From the queue of
    unassigned cases (`only_if_unassigned`), a case a colleague assigned meanwhile is refused
    instead of silently re-assigned."""
    if not policy.may_assign(user, case):
        raise PermissionDenied(_("Only the unit's manager may assign its cases."))
    if assignee.unit_id != case.unit_id or not assignee.works_with_cases or not assignee.is_active:
        raise ValidationError({"assignee": _("Choose a caseworker of the case's unit.")})
    with transaction.atomic():
        case = case_lock(case)
        if case.assigned_to_id == assignee.pk:
            return case  # the same assignment again (a second click): nothing changes
        if only_if_unassigned and case.assigned_to_id is not None:
            current = case.assigned_to
            name = (current.get_full_name() or current.get_username()) if current else ""
            raise CaseConflict(
                {
                    "assignee": _(
                        "%(case)s was assigned to %(name)s meanwhile; nothing was changed."
                    )
                    % {"case": case.reference, "name": name}
                }
            )
        case.assigned_to = assignee
        case.save(update_fields=["assigned_to"])
        case_record_change(case=case, user=user, change=CaseChange.ASSIGNMENT)
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
        # A journal entry never conflicts with the state, but it is part of the record a
        # colleague decides on: it raises the version like any other write.
        case = case_lock(case)
        entry = JournalEntry.objects.create(case=case, author=user, text=text)
        case_record_change(case=case, user=user, change=CaseChange.JOURNAL)
        audit_log(
            user=user, action="cases.journal.create", person_id=case.person_id, case_id=case.pk
        )
    return entry


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
        with conflict_on_unique_violation(_("The investigation was extended at the same time.")):
            DeadlineExtension.objects.create(
                deadline=deadline,
                previous_due=deadline.due,
                new_due=new_due,
                reason=reason,
                decided_by=user,
            )
        deadline.due = new_due
        deadline.save(update_fields=["due"])
        case_record_change(case=case, user=user, change=CaseChange.EXTENSION)
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
    with transaction.atomic():
        case = case_lock(case)
        investigation = open_investigation(case) if case.is_open else None
        follows = None
        if investigation is None:
            # Without an open investigation, only an intervention that may follow an ongoing one
            # is decided (LVU: care under 2 § or 3 § after immediate custody), as catalogue data.
            follows = (
                case.interventions.filter(
                    ended_on__isnull=True, intervention_type__in=intervention_type.may_follow.all()
                )
                .select_related("intervention_type")
                .order_by("started_on", "pk")
                .first()
            )
            if follows is None:
                raise CaseConflict(
                    {"decided_on": _("The case has no open investigation to decide.")}
                )
            if decided_on < follows.started_on:
                raise ValidationError(
                    {"decided_on": _("The decision cannot predate the intervention it follows.")}
                )
        elif decided_on < investigation.opened_on:
            raise ValidationError(
                {"decided_on": _("The decision cannot predate the investigation.")}
            )
        decision = intervention_decision_create(
            case=case,
            user=user,
            intervention_type=intervention_type,
            decided_on=decided_on,
            outcome=outcome,
            reason=reason,
            already=(
                "intervention_type",
                _("This intervention has already been decided on the case."),
            ),
        )
        if investigation is not None:
            investigation_close(investigation=investigation, closed_on=decided_on)
            status = CaseStatus.DECIDED if outcome == "grant" else CaseStatus.CLOSED
            case_record_change(case=case, user=user, change=CaseChange.DECISION, status=status)
        else:
            # Following an ongoing intervention, the case stays "intervention ongoing": that one
            # goes on until the new one starts (or is ended).
            case_record_change(case=case, user=user, change=CaseChange.DECISION)
        audit_log(
            user=user,
            action="cases.decision.create",
            person_id=case.person_id,
            case_id=case.pk,
            outcome=outcome,
            intervention_type=intervention_type.code,
            delegation=decision.delegation.code,
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
        with conflict_on_unique_violation(already):
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
        case_record_change(
            case=case,
            user=user,
            change=CaseChange.INTERVENTION_START,
            status=CaseStatus.INTERVENTION,
        )
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
        case_record_change(
            case=case,
            user=user,
            change=CaseChange.INTERVENTION_END,
            status=None if ongoing else CaseStatus.CLOSED,
        )
        audit_log(
            user=user,
            action="cases.intervention.end",
            person_id=case.person_id,
            case_id=case.pk,
        )
    return intervention
