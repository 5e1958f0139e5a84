"""The audit log is tamper-evident: the database stamps time and user, chains every entry at
commit, and `audit_verify` finds a changed, removed or inserted entry, even one made by a superuser
around the triggers, and names where; a chain rewritten as a whole is caught against the heads
exported earlier.

The chain is written at commit. Most tests here run inside one rolled-back test transaction, so
they ask PostgreSQL to run the deferred trigger at once (`SET CONSTRAINTS ALL IMMEDIATE`); the
concurrency test commits for real."""

import datetime as dt
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from skyddsnat.audit import chain
from skyddsnat.audit.models import AuditEntry, ChainLink
from skyddsnat.audit.services import audit_log, audit_log_many
from skyddsnat.organisation.models import User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the chain triggers are PostgreSQL only"
)


@pytest.fixture(autouse=True)
def chain_at_once(request, db):
    if "transactional_db" not in request.fixturenames:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def heads(tmp_path, settings) -> Path:
    settings.SKYDDSNAT_AUDIT_KEY = "a key the database never sees"
    settings.SKYDDSNAT_AUDIT_HEAD_FILE = tmp_path / "heads.jsonl"
    return settings.SKYDDSNAT_AUDIT_HEAD_FILE


@pytest.fixture
def log(caseworker) -> list[AuditEntry]:
    """Five committed entries, one of them a list."""
    for n in range(4):
        audit_log(user=caseworker, action="cases.case.read", person_id=n + 1, case_id=n + 10)
    audit_log_many(user=caseworker, action="cases.case.list", rows=[(1, 10), (2, 11)])
    return list(AuditEntry.objects.order_by("pk"))


def as_superuser(sql: str, params: list | None = None) -> None:
    """What a superuser (or the table's owner) can do: switch the triggers off and write."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def seq_of(entry: AuditEntry) -> int:
    return ChainLink.objects.get(entry_id=entry.pk).seq


def problems(heads: list[chain.Head] | None = None) -> list[tuple[str, int | None, int | None]]:
    _checked, found = chain.verify(heads)
    return [(p.kind, p.seq, p.entry_id) for p in found]


def test_an_untouched_log_verifies(log, heads):
    call_command("audit_export_head")
    checked, found = chain.verify(chain.read_heads(heads)[0])
    assert (checked, found) == (5, [])
    assert list(ChainLink.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    call_command("audit_verify")  # raises CommandError on any problem


def test_the_database_sets_the_time_and_the_username(caseworker):
    """Even raw SQL from the application's own role cannot back-date or sign as someone else."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, user_id, username, action, channel, detail, "
            "content_hash) VALUES ('2001-01-01 00:00+00', %s, 'someone.else', 'x.y.read', "
            "'web', '{}', '')",
            [caseworker.pk],
        )
    entry = AuditEntry.objects.get(action="x.y.read")
    assert entry.username == caseworker.username
    assert timezone.now() - entry.at < dt.timedelta(minutes=5)
    # The entry is chained, and the forged content hash shows as a changed entry.
    assert problems() == [("changed", seq_of(entry), entry.pk)]


def test_an_entry_for_an_unknown_user_is_refused():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (user_id, username, action, channel, detail, "
            "content_hash) VALUES (999999, 'ghost', 'x.y.read', 'web', '{}', '')"
        )


def test_a_changed_entry_is_found_where_it_is(log):
    target = log[2]
    as_superuser("UPDATE audit_auditentry SET person_id = 99 WHERE id = %s", [target.pk])
    assert problems() == [("changed", seq_of(target), target.pk)]
    with pytest.raises(CommandError):
        call_command("audit_verify", "--no-heads")


def test_a_changed_time_is_found(log):
    target = log[1]
    as_superuser(
        "UPDATE audit_auditentry SET at = at - interval '1 day' WHERE id = %s", [target.pk]
    )
    assert problems() == [("changed", seq_of(target), target.pk)]


def test_a_changed_list_entry_is_found(log):
    target = log[4]
    as_superuser("UPDATE audit_auditentry SET person_ids = '{1}' WHERE id = %s", [target.pk])
    assert problems() == [("changed", seq_of(target), target.pk)]


def test_a_change_with_a_recomputed_content_hash_breaks_the_link(log):
    target = log[0]
    entry = AuditEntry.objects.get(pk=target.pk)
    entry.username = "someone.else"
    forged = chain.entry_content_hash(entry)
    as_superuser(
        "UPDATE audit_auditentry SET username = 'someone.else', content_hash = %s WHERE id = %s",
        [forged, target.pk],
    )
    assert problems() == [("changed", seq_of(target), target.pk)]


def test_a_removed_entry_is_found(log):
    target = log[3]
    seq = seq_of(target)
    as_superuser("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    assert problems() == [("missing_entry", seq, target.pk)]


def test_a_removed_entry_and_its_link_leave_a_gap(log):
    target = log[1]
    seq = seq_of(target)
    as_superuser("DELETE FROM audit_chainlink WHERE seq = %s", [seq])
    as_superuser("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    following = ChainLink.objects.get(seq=seq + 1)
    assert problems() == [
        ("missing_link", seq, None),
        ("broken_link", seq + 1, following.entry_id),
    ]


def test_a_forged_entry_inserted_around_the_trigger_is_found(log, caseworker):
    as_superuser(
        "INSERT INTO audit_auditentry (at, user_id, username, action, channel, detail, "
        "content_hash) VALUES ('2026-01-01 10:00+00', %s, %s, 'cases.case.read', 'web', '{}', "
        "'')",
        [caseworker.pk, caseworker.username],
    )
    forged = AuditEntry.objects.get(at=dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC))
    assert problems() == [("unchained", None, forged.pk)]


def rewrite_everything() -> None:
    """A superuser changes one entry and recomputes every content hash and every link."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        first = AuditEntry.objects.order_by("pk").first()
        cursor.execute("UPDATE audit_auditentry SET person_id = 99 WHERE id = %s", [first.pk])
        cursor.execute("DELETE FROM audit_chainlink")
        prev = chain.GENESIS
        for seq, entry in enumerate(AuditEntry.objects.order_by("pk"), start=1):
            content = chain.entry_content_hash(entry)
            digest = chain.link_hash(
                prev_hash=prev, seq=seq, entry_id=entry.pk, at=entry.at, content=content
            )
            cursor.execute(
                "UPDATE audit_auditentry SET content_hash = %s WHERE id = %s", [content, entry.pk]
            )
            cursor.execute(
                "INSERT INTO audit_chainlink (seq, entry_id, prev_hash, hash) "
                "VALUES (%s, %s, %s, %s)",
                [seq, entry.pk, prev, digest],
            )
            prev = digest
        cursor.execute("SET session_replication_role = DEFAULT")


def test_a_chain_rewritten_as_a_whole_is_caught_by_the_exported_heads(log, caseworker, heads):
    call_command("audit_export_head")
    audit_log(user=caseworker, action="cases.case.read", person_id=7, case_id=17)
    call_command("audit_export_head")
    rewrite_everything()

    assert problems() == []  # the chain alone cannot tell
    exported, bad = chain.read_heads(heads)
    assert bad == [] and [h.seq for h in exported] == [5, 6]
    assert problems(exported) == [
        ("rewritten", 5, exported[0].entry_id),
        ("rewritten", 6, exported[1].entry_id),
    ]
    _checked, found = chain.verify(exported)
    assert "between seq 1 and 5" in found[0].message
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_removing_the_newest_entries_is_caught_by_the_heads(log, heads):
    call_command("audit_export_head")
    newest = log[-1]
    as_superuser("DELETE FROM audit_chainlink WHERE entry_id = %s", [newest.pk])
    as_superuser("DELETE FROM audit_auditentry WHERE id = %s", [newest.pk])
    assert problems() == []
    assert problems(chain.read_heads(heads)[0]) == [("truncated", 5, newest.pk)]


def test_a_forged_head_is_refused(log, heads):
    call_command("audit_export_head")
    text = heads.read_text()
    heads.write_text(text.replace('"seq": 5', '"seq": 4'))
    exported, bad = chain.read_heads(heads)
    assert exported == []
    assert [(p.kind, p.seq) for p in bad] == [("bad_head", 4)]


def test_heads_cannot_be_exported_without_the_key(log, settings, tmp_path):
    settings.SKYDDSNAT_AUDIT_KEY = ""
    with pytest.raises(CommandError):
        call_command("audit_export_head", "--heads", str(tmp_path / "h.jsonl"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_make_one_valid_chain(transactional_db, caseworker, colleague):
    """Real threads with their own connections, each committing several entries at once."""
    users = [caseworker, colleague] * 4
    start = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def write(user: User, n: int) -> None:
        try:
            start.wait()
            for round_ in range(5):
                with transaction.atomic():
                    audit_log(user=user, action="cases.case.read", person_id=n, case_id=round_)
                    audit_log_many(user=user, action="cases.case.list", rows=[(n, round_)])
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(u, i)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.count() == ChainLink.objects.count() == 80
    assert list(ChainLink.objects.values_list("seq", flat=True)) == list(range(1, 81))
    assert problems() == []
    # Each transaction's two entries are chained next to each other, in the order written.
    links = list(ChainLink.objects.order_by("seq").values_list("entry_id", flat=True))
    actions = dict(AuditEntry.objects.values_list("pk", "action"))
    assert [actions[e] for e in links] == ["cases.case.read", "cases.case.list"] * 40


def test_archiving_the_oldest_entries_verifies_from_the_next_link(log, heads):
    call_command("audit_export_head")
    removed = [link.entry_id for link in ChainLink.objects.filter(seq__lt=3)]
    as_superuser("DELETE FROM audit_chainlink WHERE seq < 3")
    as_superuser("DELETE FROM audit_auditentry WHERE id = ANY(%s)", [removed])
    exported = chain.read_heads(heads)[0]
    assert [kind for kind, _s, _e in problems(exported)] == ["missing_link", "broken_link"]
    _checked, found = chain.verify(exported, from_seq=3)
    assert found == []
    call_command("audit_verify", "--from-seq", "3")
