"""Row builders of the spine: the unsaved rows a write adds, built from keyword arguments and
nothing else (no query, no lock, no audit).

The services build their rows here and then save, lock and audit; the demo generator builds the
very same rows here and bulk-inserts them. One definition of what a deadline, a decision or an
intervention row holds, so the two cannot drift apart. Times that the database stamps on save
(`recorded_at`, `written_at`, `decided_at`) are left to it unless a historical one is given.
"""

import datetime as dt
from collections.abc import Iterable

from skyddsnat.cases.models import (
    Case,
    CountsFrom,
    Deadline,
    DeadlineExtension,
    DeadlineRule,
    Decision,
    Intervention,
    InterventionDeadline,
    InterventionType,
    Investigation,
    JournalEntry,
)
from skyddsnat.organisation.models import DecisionType, Delegation, User


def deadline_build(
    *, case: Case, rule: DeadlineRule, start: dt.date, received_time: dt.time | None = None
) -> Deadline:
    """A time limit of the case under `rule`, counted from `start` (and, for limits counted in
    hours, the time the matter arrived); not extended, so `due` is the original due date."""
    due = rule.due_from(start, received_time=received_time)
    return Deadline(
        case=case, rule=rule, kind=rule.kind, starts_on=start, original_due=due, due=due
    )


def intervention_deadlines_build(
    *,
    case: Case,
    decision: Decision,
    lines: Iterable[InterventionDeadline],
    started_on: dt.date,
) -> list[Deadline]:
    """The time limits an intervention starts (its `InterventionDeadline` lines, with their
    rules), each counted from the decision or the start as its line says (LVU: court within a
    week and the application for care within four weeks of the decision on custody; care
    reconsidered every six months)."""
    return [
        deadline_build(
            case=case,
            rule=line.rule,
            start=decision.decided_on if line.counts_from == CountsFrom.DECISION else started_on,
        )
        for line in lines
    ]


def deadline_extension_build(
    *,
    deadline: Deadline,
    new_due: dt.date,
    reason: str,
    decided_by: User,
    decided_at: dt.datetime | None = None,
) -> DeadlineExtension:
    """The extension of a time limit to `new_due`; moves the (unsaved) deadline's `due` with it,
    so the deadline's due date is the last extension granted."""
    extension = DeadlineExtension(
        deadline=deadline,
        previous_due=deadline.due,
        new_due=new_due,
        reason=reason,
        decided_by=decided_by,
    )
    if decided_at is not None:
        extension.decided_at = decided_at
    deadline.due = new_due
    return extension


def decision_build(
    *,
    case: Case,
    decision_type: DecisionType | str,
    decided_on: dt.date,
    reason: str,
    decided_by: User,
    delegation: Delegation,
    outcome: str = "",
    intervention_type: InterventionType | None = None,
    recorded_at: dt.datetime | None = None,
) -> Decision:
    """A decision of the case taken by `decided_by` under the delegation line `delegation`."""
    decision = Decision(
        case=case,
        decision_type=decision_type,
        decided_on=decided_on,
        outcome=outcome,
        intervention_type=intervention_type,
        reason=reason,
        decided_by=decided_by,
        delegation=delegation,
    )
    if recorded_at is not None:
        decision.recorded_at = recorded_at
    return decision


def investigation_build(
    *, case: Case, opened_on: dt.date, deadline: Deadline | None = None
) -> Investigation:
    """An investigation opened on `opened_on`, with its time limit when the flow has one."""
    return Investigation(case=case, opened_on=opened_on, deadline=deadline)


def journal_entry_build(
    *, case: Case, author: User, text: str, written_at: dt.datetime | None = None
) -> JournalEntry:
    entry = JournalEntry(case=case, author=author, text=text)
    if written_at is not None:
        entry.written_at = written_at
    return entry


def intervention_build(
    *,
    case: Case,
    decision: Decision,
    started_on: dt.date,
    cost_sek: int = 0,
    provider: str = "",
    ended_on: dt.date | None = None,
) -> Intervention:
    """The intervention a granted decision starts, of the decision's intervention type."""
    return Intervention(
        case=case,
        decision=decision,
        intervention_type=decision.intervention_type,
        started_on=started_on,
        ended_on=ended_on,
        cost_sek=cost_sek,
        provider=provider.strip(),
    )
