"""Writing the audit log. Every read or change of personal data calls one of these."""

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

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


def audit_log_query(
    *, user: User | None, action: str, rows: QuerySet[Any, Any], **detail: Any
) -> None:
    """One entry per (person_id, case_id) row of `rows` (a two-column values_list queryset),
    written by the database itself in one INSERT … SELECT: files with tens of thousands of
    people. Elsewhere than on PostgreSQL the rows go through audit_log_many."""
    if connection.vendor != "postgresql":
        audit_log_many(user=user, action=action, rows=list(rows), **detail)
        return
    origin = context.current()
    select, select_params = rows.query.sql_with_params()
    # The table's own name and a select Django compiled, with their parameters kept apart.
    sql = (
        f"INSERT INTO {AuditEntry._meta.db_table} (at, user_id, username, action, channel, "  # noqa: S608
        "ip_address, detail, person_id, case_id) "
        f"SELECT %s, %s, %s, %s, %s, %s::inet, %s::jsonb, s.person_id, s.case_id "
        f"FROM ({select}) AS s(person_id, case_id)"
    )
    params = (
        timezone.now(),
        user.pk if user else None,
        user.get_username() if user else "",
        action,
        origin.channel,
        origin.ip_address,
        json.dumps(detail, cls=DjangoJSONEncoder),
        *select_params,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
