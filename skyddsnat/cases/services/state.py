"""The one place a case changes state: the row lock every write takes, the conflicts a write meets
(a colleague was first, a stale view), and the record of the change with its audit entry."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.models import Case, CaseChange, CaseStatus
from skyddsnat.organisation.models import User


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


def case_change_audited(
    *,
    case: Case,
    user: User,
    change: CaseChange,
    action: str,
    status: CaseStatus | None = None,
    **detail: Any,
) -> Case:
    """How a write of a locked case ends in every flow: the change recorded on the case
    (`case_record_change`) and the user's action written to the audit log, one entry naming the
    case and its person with `detail`."""
    case_record_change(case=case, user=user, change=change, status=status)
    audit_log(user=user, action=action, person_id=case.person_id, case_id=case.pk, **detail)
    return case


def is_unique_violation(error: IntegrityError) -> bool:
    """A unique or exclusion constraint refused the row: a write raced another and lost."""
    code = getattr(getattr(error, "__cause__", None), "sqlstate", None)
    return code in ("23505", "23P01")


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
