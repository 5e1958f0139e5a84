"""The audit log is append-only in PostgreSQL itself: a trigger refuses UPDATE, DELETE and
TRUNCATE, so neither the ORM nor raw SQL from the application can rewrite history."""

import pytest
from django.db import DatabaseError, connection, transaction

from skyddsnat.audit.models import AuditEntry
from skyddsnat.audit.services import audit_log

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL only"
)


@pytest.fixture
def entry(caseworker) -> AuditEntry:
    audit_log(user=caseworker, action="cases.case.read", person_id=1, case_id=2)
    return AuditEntry.objects.get(action="cases.case.read")


def _refused(sql: str, params: list | None = None) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return str(error.value)


def test_raw_sql_update_is_refused(entry):
    message = _refused("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    assert "append-only" in message and "UPDATE" in message
    entry.refresh_from_db()
    assert entry.action == "cases.case.read"


def test_raw_sql_delete_is_refused(entry):
    assert "DELETE" in _refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_truncate_is_refused(entry):
    assert "TRUNCATE" in _refused("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_orm_update_and_save_are_refused(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(username="someone.else")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.username = "someone.else"
        entry.save()
    entry.refresh_from_db()
    assert entry.username == "socsek.jarva"


def test_orm_delete_is_refused(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.get(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_refusals_are_programming_or_internal_errors(entry):
    from django.db.utils import InternalError, ProgrammingError

    with pytest.raises((ProgrammingError, InternalError)), transaction.atomic():
        AuditEntry.objects.all().update(action="x")


def test_appending_still_works(entry, caseworker):
    audit_log(user=caseworker, action="cases.case.list")
    assert AuditEntry.objects.count() == 2
