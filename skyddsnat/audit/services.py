"""Writing the audit log. Every read or change of personal data calls one of these."""

from collections.abc import Iterable
from typing import Any

from skyddsnat.audit import context
from skyddsnat.audit.models import AuditEntry
from skyddsnat.organisation.models import User


def _entry(
    user: User | None, action: str, person_id: int | None, case_id: int | None, detail: dict
) -> AuditEntry:
    origin = context.current()
    return AuditEntry(
        user_id=user.pk if user else None,
        username=user.get_username() if user else "",
        action=action,
        person_id=person_id,
        case_id=case_id,
        channel=origin.channel,
        ip_address=origin.ip_address,
        detail=detail,
    )


def audit_log(
    *,
    user: User | None,
    action: str,
    person_id: int | None = None,
    case_id: int | None = None,
    **detail: Any,
) -> None:
    _entry(user, action, person_id, case_id, detail).save()


def audit_log_many(
    *, user: User | None, action: str, rows: Iterable[tuple[int | None, int | None]], **detail: Any
) -> None:
    """One entry per (person_id, case_id) shown, in one query: lists and search results."""
    AuditEntry.objects.bulk_create(
        [_entry(user, action, person_id, case_id, detail) for person_id, case_id in rows]
    )
