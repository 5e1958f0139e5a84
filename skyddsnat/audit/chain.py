"""The audit log's hash chain: what is hashed, and how a chain is checked.

Each entry carries `content_hash`, the SHA-256 of a canonical serialisation of every column the
application writes (computed here, in Python, when the entry is made). At commit a link is added
to `audit_chainlink` for each entry, in commit order under a lock: its sequence number, the hash of
the link before it and its own hash over (previous hash, sequence, entry id, time, content hash).
On PostgreSQL a deferred constraint trigger writes the link (migration 0004_hash_chain), so the
lock is held only while the transaction commits; on SQLite (the demo, one writer at a time) the
service writes it in the same transaction.

A change to an entry, a removed entry or link and an entry inserted without going through the
trigger all break the chain at a position `verify` names. Someone who can rewrite the whole
chain (a superuser recomputing every hash) is caught against the heads that `audit_export_head`
signs with `SKYDDSNAT_AUDIT_KEY` (a key the database never sees) and appends to a file outside
the database.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone

from skyddsnat.audit.fields import IdListField
from skyddsnat.audit.models import AuditEntry

GENESIS = "0" * 64
# Bumped if the canonical form ever changes, so old and new entries stay verifiable.
CANONICAL_VERSION = 1


def normalise_detail(detail: dict) -> Any:
    """The detail as it comes back from the database: JSON round trip (dates become text)."""
    return json.loads(json.dumps(detail, cls=DjangoJSONEncoder))


def _ip(value: str | None) -> str | None:
    return str(ipaddress.ip_address(value)) if value else None


def content_hash(
    *,
    user_id: int | None,
    username: str,
    action: str,
    person_id: int | None,
    case_id: int | None,
    person_ids: list[int] | None,
    case_ids: list[int] | None,
    channel: str,
    ip_address: str | None,
    detail: Any,
) -> str:
    """SHA-256 over every column but the id and the time (the link covers those): a JSON array
    with sorted keys and no whitespace, so that the same entry always gives the same bytes."""
    canonical = json.dumps(
        [
            CANONICAL_VERSION,
            user_id,
            username,
            action,
            person_id,
            case_id,
            person_ids,
            case_ids,
            channel,
            _ip(ip_address),
            detail,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


# The entry's columns `content_hash` covers, as `_links` yields them after the link's own.
CONTENT_COLUMNS = (
    "user_id",
    "username",
    "action",
    "person_id",
    "case_id",
    "person_ids",
    "case_ids",
    "channel",
    "ip_address",
    "detail",
)


def entry_content_hash(entry: Any) -> str:
    return content_hash(**{column: getattr(entry, column) for column in CONTENT_COLUMNS})


def time_text(at: dt.datetime) -> str:
    """The time as the trigger formats it: UTC, microseconds."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def link_hash(*, prev_hash: str, seq: int, entry_id: int, at: dt.datetime, content: str) -> str:
    """Must give exactly what the trigger `audit_chain_link()` computes in SQL."""
    text = f"{prev_hash}|{seq}|{entry_id}|{time_text(at)}|{content}"
    return hashlib.sha256(text.encode()).hexdigest()


# ----- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: str  # changed, missing_entry, missing_link, broken_link, unchained, head_mismatch, …
    seq: int | None
    entry_id: int | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.seq is not None:
            where.append(f"seq {self.seq}")
        if self.entry_id is not None:
            where.append(f"entry {self.entry_id}")
        return f"[{self.kind}] {', '.join(where) or '-'}: {self.message}"


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    entry_id: int
    exported_at: str


LINKED_ENTRIES = """
SELECT l.seq, l.entry_id, l.prev_hash, l.hash, e.id, e.at, e.content_hash, e.user_id,
       e.username, e.action, e.person_id, e.case_id, e.person_ids, e.case_ids, e.channel,
       e.ip_address, e.detail
FROM audit_chainlink l LEFT JOIN audit_auditentry e ON e.id = l.entry_id
WHERE l.seq > %s ORDER BY l.seq
"""


def _links(after: int = 0) -> Iterator[tuple]:
    """Every link with its entry, in sequence order, streamed in batches."""
    ids = IdListField()
    at_field = AuditEntry._meta.get_field("at")
    while True:
        with connection.cursor() as cursor:
            cursor.execute(LINKED_ENTRIES + " LIMIT 5000", [after])
            rows = cursor.fetchall()
        if not rows:
            return
        for row in rows:
            row = list(row)
            if row[4] is not None:
                row[5] = _aware(at_field, row[5])
                row[12] = ids.from_db_value(row[12], None, connection)  # type: ignore[arg-type]
                row[13] = ids.from_db_value(row[13], None, connection)  # type: ignore[arg-type]
                row[15] = str(row[15]) if row[15] is not None else None
                detail = row[16]
                if isinstance(detail, str):  # SQLite hands JSON over as text
                    detail = json.loads(detail)
                row[16] = detail
            yield tuple(row)
        after = rows[-1][0]


def _aware(field: Any, value: Any) -> dt.datetime:
    if isinstance(value, str):  # SQLite
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def verify(heads: list[Head] | None = None, *, from_seq: int = 1) -> tuple[int, list[Problem]]:
    """Walk the chain from link `from_seq` (1, unless the oldest entries were archived and
    removed together with their links); return (links checked, problems found)."""
    problems: list[Problem] = []
    expected_prev: str | None = GENESIS if from_seq <= 1 else None  # None: take the first as it is
    expected_seq = max(from_seq, 1)
    hashes_at: dict[int, str] = {}
    wanted = {head.seq for head in heads or []}
    checked = 0
    for seq, entry_id, prev_hash, stored_hash, found_id, at, stored_content, *content in _links(
        after=expected_seq - 1
    ):
        checked += 1
        if seq != expected_seq:
            problems.append(
                Problem(
                    "missing_link",
                    expected_seq,
                    None,
                    f"links {expected_seq}–{seq - 1} are missing (removed entries)",
                )
            )
        if expected_prev is not None and prev_hash != expected_prev:
            problems.append(
                Problem(
                    "broken_link",
                    seq,
                    entry_id,
                    "the link does not continue the link before it",
                )
            )
        if found_id is None:
            problems.append(Problem("missing_entry", seq, entry_id, "the entry has been removed"))
        else:
            actual = content_hash(**dict(zip(CONTENT_COLUMNS, content, strict=True)))
            if actual != stored_content:
                problems.append(
                    Problem("changed", seq, entry_id, "the entry's content has been changed")
                )
            recomputed = link_hash(
                prev_hash=prev_hash, seq=seq, entry_id=entry_id, at=at, content=stored_content
            )
            if recomputed != stored_hash:
                problems.append(
                    Problem(
                        "changed",
                        seq,
                        entry_id,
                        "the entry's hash, id or time does not match its link",
                    )
                )
        if seq in wanted:
            hashes_at[seq] = stored_hash
        expected_prev = stored_hash
        expected_seq = seq + 1
    problems.extend(_unchained())
    problems.extend(
        _check_heads(heads or [], hashes_at, first_seq=from_seq, last_seq=expected_seq - 1)
    )
    return checked, problems


def _unchained() -> list[Problem]:
    """Entries with no link: inserted past the trigger (or with the trigger dropped)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id FROM audit_auditentry e WHERE NOT EXISTS "
            "(SELECT 1 FROM audit_chainlink l WHERE l.entry_id = e.id) ORDER BY e.id"
        )
        return [
            Problem(
                "unchained", None, entry_id, "the entry is not in the chain (inserted around it)"
            )
            for (entry_id,) in cursor.fetchall()
        ]


def _check_heads(
    heads: list[Head], hashes_at: dict[int, str], *, first_seq: int, last_seq: int
) -> list[Problem]:
    problems = []
    previous_good = first_seq - 1
    for head in sorted(heads, key=lambda h: h.seq):
        if head.seq < first_seq:
            continue  # archived and removed with the oldest entries
        if head.seq > last_seq:
            problems.append(
                Problem(
                    "truncated",
                    head.seq,
                    head.entry_id,
                    f"a head exported {head.exported_at} reaches seq {head.seq}, the chain ends "
                    f"at {last_seq}: entries after {last_seq} have been removed",
                )
            )
        elif hashes_at.get(head.seq) != head.hash:
            problems.append(
                Problem(
                    "rewritten",
                    head.seq,
                    head.entry_id,
                    f"the chain differs from the head exported {head.exported_at}: rewritten "
                    f"between seq {previous_good + 1} and {head.seq}",
                )
            )
        else:
            previous_good = head.seq
    return problems


# ----- signed heads outside the database ---------------------------------------------------------


class HeadFileError(Exception):
    pass


def audit_key() -> bytes:
    key = getattr(settings, "SKYDDSNAT_AUDIT_KEY", "")
    if not key:
        raise HeadFileError("SKYDDSNAT_AUDIT_KEY is not set: heads cannot be signed or checked.")
    return key.encode()


def _signed_text(head: Head) -> str:
    return f"{head.seq}|{head.hash}|{head.entry_id}|{head.exported_at}"


def sign(head: Head) -> str:
    return hmac.new(audit_key(), _signed_text(head).encode(), hashlib.sha256).hexdigest()


def current_head() -> Head | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash, entry_id FROM audit_chainlink ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    if row is None:
        return None
    return Head(seq=row[0], hash=row[1], entry_id=row[2], exported_at=timezone.now().isoformat())


def append_head(path: Path, head: Head) -> None:
    line = json.dumps(
        {
            "seq": head.seq,
            "hash": head.hash,
            "entry_id": head.entry_id,
            "exported_at": head.exported_at,
            "mac": sign(head),
        },
        sort_keys=True,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def read_heads(path: Path) -> tuple[list[Head], list[Problem]]:
    """The heads in the file whose signature holds; a line that does not is a problem itself."""
    heads: list[Head] = []
    problems: list[Problem] = []
    if not path.exists():
        return heads, problems
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            head = Head(
                seq=int(data["seq"]),
                hash=str(data["hash"]),
                entry_id=int(data["entry_id"]),
                exported_at=str(data["exported_at"]),
            )
            mac = str(data["mac"])
        except (ValueError, KeyError, TypeError):
            problems.append(
                Problem("bad_head", None, None, f"line {number} of {path} is unreadable")
            )
            continue
        if not hmac.compare_digest(mac, sign(head)):
            problems.append(
                Problem(
                    "bad_head",
                    head.seq,
                    head.entry_id,
                    f"line {number} of {path} has a wrong signature (forged or another key)",
                )
            )
            continue
        heads.append(head)
    return heads, problems
