"""The actions of retention: propose (the dry run), approve or cancel, carry out; record a hold.

Each state change locks the run and checks its status again, so two archivists approving and
cancelling at once, or two workers carrying out one run, do one thing once. Carrying out judges
every listed person again on the day it runs and removes only those still due and needed by no
file that stays; the rest are recorded as no longer due.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log, audit_log_ids
from skyddsnat.cases.models import Case
from skyddsnat.cases.policy import is_archivist, require
from skyddsnat.cases.services import CaseConflict
from skyddsnat.followup.equality import facts_archive, refresh_facts
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Person
from skyddsnat.retention import purge, rules
from skyddsnat.retention.models import (
    ItemOutcome,
    RecordCategory,
    RetentionHold,
    RetentionItem,
    RetentionRun,
    RunStatus,
    Verdict,
)


class RunConflict(CaseConflict):
    """The run is not in the state the action needs, or another proposal is open: a colleague
    (or a second click) came first. Pages show the message; the API answers 409."""


def run_propose(*, user: User | None, as_of: dt.date | None = None) -> RetentionRun:
    """The dry run: every person whose file is due on `as_of` (default today), with the verdict
    (removed, or kept and by which exception or file). Stores nothing but the proposal."""
    if user is not None:
        require(is_archivist(user))
    as_of = as_of or timezone.localdate()
    verdicts = rules.verdicts(as_of)
    due = {v.person_id for v in verdicts if v.due}
    needed = purge.still_needed(due)
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(as_of=as_of, proposed_by=user)
    except IntegrityError as error:
        raise RunConflict(_("A proposal is already open: approve or cancel it first.")) from error
    RetentionItem.objects.bulk_create(
        RetentionItem(
            run=run,
            person_id=v.person_id,
            last_entry=v.last_entry,
            due_on=v.due_on,
            complete_by=v.complete_by,
            verdict=Verdict.REMOVE if v.due and v.person_id not in needed else Verdict.KEEP,
            kept_by=v.kept_by,
            kept_until=v.kept_until,
            kept_reason=("needed_by_other_file" if v.due and v.person_id in needed else ""),
        )
        for v in verdicts
    )
    audit_log_ids(
        user=user,
        action="retention.run.propose",
        person_ids=[v.person_id for v in verdicts],
        run=run.pk,
        as_of=as_of.isoformat(),
    )
    return run


def _locked(run_id: int, status: str) -> RetentionRun:
    run = RetentionRun.objects.select_for_update().get(pk=run_id)
    if run.status != status:
        raise RunConflict(
            _("The run can no longer be changed that way (status: %(status)s).")
            % {"status": run.get_status_display()}
        )
    return run


@transaction.atomic
def run_decide(*, user: User, run_id: int, approve: bool) -> RetentionRun:
    """Approve the proposal (the queue then carries it out) or cancel it."""
    require(is_archivist(user))
    run = _locked(run_id, RunStatus.PROPOSED)
    run.status = RunStatus.APPROVED if approve else RunStatus.CANCELLED
    run.decided_by = user
    run.decided_at = timezone.now()
    run.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log(
        user=user,
        action="retention.run.approve" if approve else "retention.run.cancel",
        run=run.pk,
    )
    return run


@transaction.atomic
def run_execute(*, run_id: int, today: dt.date | None = None) -> RetentionRun:
    """Carry out an approved run: judge each listed person again today, remove the files still
    due, keep the follow-up facts of their cases, and write one audit entry per removed person.
    One transaction: all of it or nothing."""
    run = _locked(run_id, RunStatus.APPROVED)
    today = today or timezone.localdate()
    items = {i.person_id: i for i in run.items.filter(verdict=Verdict.REMOVE)}
    # Lock the persons: a write to a file being removed waits, and is judged below after it.
    list(Person.objects.select_for_update().filter(pk__in=list(items)).values_list("pk"))
    still_due = {v.person_id for v in rules.verdicts(today, items) if v.due}
    remove = still_due - set(purge.still_needed(still_due))
    rows = purge.file_rows(remove)
    case_ids = sorted(rows.get(Case, set()))
    refresh_facts()  # the facts of the cases as they stand, before their records go
    purge.remove_rows(rows)
    facts_archive(case_ids, today)
    for person_id, item in items.items():
        item.outcome = ItemOutcome.REMOVED if person_id in remove else ItemOutcome.SKIPPED
    RetentionItem.objects.bulk_update(items.values(), ["outcome"])
    for person_id in sorted(remove):
        last_entry = items[person_id].last_entry
        audit_log(
            user=None,
            action="retention.person.removed",
            person_id=person_id,
            run=run.pk,
            last_entry=last_entry.isoformat() if last_entry else None,
        )
    run.status = RunStatus.DONE
    run.done_at = timezone.now()
    run.removed = len(remove)
    run.skipped = len(items) - len(remove)
    run.save(update_fields=["status", "done_at", "removed", "skipped"])
    return run


def hold_record(
    *,
    user: User,
    person: Person,
    category: str,
    recorded_on: dt.date,
    child: Person | None = None,
    note: str = "",
) -> RetentionHold:
    """Mark that the person's file holds a record an exception keeps (a paternity or adoption
    investigation, an approved agreement on custody, residence or contact)."""
    require(is_archivist(user))
    if category not in {c.value for c in RecordCategory} or category in {
        RecordCategory.PERSONAL_FILE,
        RecordCategory.PLACEMENT,
    }:
        raise ValueError(category)
    hold = RetentionHold.objects.create(
        person=person,
        category=category,
        child=child,
        recorded_on=recorded_on,
        note=note,
        recorded_by=user,
    )
    audit_log(user=user, action="retention.hold.create", person_id=person.pk, category=category)
    return hold
