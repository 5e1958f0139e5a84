"""Writing the audit log. Every read or change of personal data calls one of these."""

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from skyddsnat.audit import chain, context
from skyddsnat.audit.models import AuditEntry, ChainLink
from skyddsnat.organisation.models import User


class AuditUserMismatch(Exception):
    """A service was asked to log an action in the name of someone other than the signed-in user
    of the request: a programming error, never silently recorded."""


def _actor(user: User | None) -> User | None:
    """The user an entry is written for: the authenticated user of the request when there is one
    (a caller cannot put another name on it), else the user given (commands, sign-in)."""
    signed_in = context.current_user()
    if signed_in is None:
        return user
    if user is not None and user.pk != signed_in.pk:
        raise AuditUserMismatch(f"{user.pk} is not the request's user {signed_in.pk}")
    return signed_in


def _entry(
    user: User | None,
    action: str,
    person_id: int | None,
    case_id: int | None,
    detail: dict,
    *,
    person_ids: list[int] | None = None,
    case_ids: list[int] | None = None,
) -> AuditEntry:
    origin = context.current()
    user = _actor(user)
    fields: dict[str, Any] = {
        "user_id": user.pk if user else None,
        "username": user.get_username() if user else "",
        "action": action,
        "person_id": person_id,
        "case_id": case_id,
        "person_ids": person_ids,
        "case_ids": case_ids,
        "channel": origin.channel,
        "ip_address": origin.ip_address,
        "detail": chain.normalise_detail(detail),
    }
    return AuditEntry(**fields, content_hash=chain.content_hash(**fields))


def _save(entries: list[AuditEntry]) -> None:
    """Insert the entries. On PostgreSQL the database chains them at commit (a deferred trigger);
    on SQLite, which lets one writer in at a time, the chain is written here in the same
    transaction."""
    if connection.vendor == "postgresql":
        AuditEntry.objects.bulk_create(entries)
        return
    with transaction.atomic():
        AuditEntry.objects.bulk_create(entries)
        _chain_here([e.pk for e in entries])


def _chain_here(entry_ids: list[int]) -> None:
    last = ChainLink.objects.order_by("-seq").first()
    prev, seq = (last.hash, last.seq) if last else (chain.GENESIS, 0)
    links = []
    rows = AuditEntry.objects.filter(pk__in=entry_ids).values_list("pk", "at", "content_hash")
    for pk, at, content in sorted(rows):
        seq += 1
        digest = chain.link_hash(prev_hash=prev, seq=seq, entry_id=pk, at=at, content=content)
        links.append(ChainLink(seq=seq, entry_id=pk, prev_hash=prev, hash=digest))
        prev = digest
    ChainLink.objects.bulk_create(links)


def audit_log(
    *,
    user: User | None,
    action: str,
    person_id: int | None = None,
    case_id: int | None = None,
    others: Iterable[int] = (),
    **detail: Any,
) -> None:
    """One entry about one person (and case). `others`: the further persons the action showed
    (a letter's guardians), named in `person_ids` with the person so that the auditor's search
    by person finds the entry under each of them."""
    named = sorted({*others, *([person_id] if person_id is not None else [])}) if others else None
    _save([_entry(user, action, person_id, case_id, detail, person_ids=named)])


def audit_log_ids(
    *,
    user: User | None,
    action: str,
    person_ids: Iterable[int] = (),
    case_ids: Iterable[int] = (),
    **detail: Any,
) -> None:
    """One entry about several persons and cases at once (a list, a search, an export). A single
    person or case is also named as a single read names it, so that the log review treats them
    alike."""
    persons = sorted(set(person_ids))
    cases = sorted(set(case_ids))
    _save(
        [
            _entry(
                user,
                action,
                persons[0] if len(persons) == 1 else None,
                cases[0] if len(cases) == 1 else None,
                detail,
                person_ids=persons,
                case_ids=cases,
            )
        ]
    )


def audit_log_many(
    *, user: User | None, action: str, rows: Iterable[tuple[int | None, int | None]], **detail: Any
) -> None:
    """One entry for a list page or a search: the ids of every person and case shown, and how
    many rows (`detail["shown"]`); also when nothing was shown, since the look itself is access.
    The auditor's search by person finds the entry through `person_ids`."""
    rows = list(rows)
    audit_log_ids(
        user=user,
        action=action,
        person_ids=[p for p, _c in rows if p is not None],
        case_ids=[c for _p, c in rows if c is not None],
        **detail,
        shown=len(rows),
    )


def audit_log_query(
    *, user: User | None, action: str, rows: QuerySet[Any, Any], **detail: Any
) -> None:
    """Like audit_log_many for a (person_id, case_id) values_list queryset of any size: one entry
    with every id, the ids read by the database in one query (files with tens of thousands of
    people) and handed straight to the entry."""
    audit_log_many(user=user, action=action, rows=rows.iterator(chunk_size=10000), **detail)
