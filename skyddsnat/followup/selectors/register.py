"""The national statistics files: individual rows, pseudonymised, for analysts; each person in a
file is audited."""

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Q, QuerySet
from django.utils import timezone

from skyddsnat.audit.services import audit_log_many
from skyddsnat.cases.models import Intervention, LegalBasis
from skyddsnat.cases.policy import may_export_microdata, require
from skyddsnat.followup.equality import Grouping
from skyddsnat.organisation.models import User


def pseudonym(identity_number: str) -> str:
    """A stable pseudonym: the same child gets the same code in every file, and the identity
    number cannot be read back without the installation's secret key."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"register:{identity_number}".encode(), hashlib.sha256).hexdigest()[:16]


def _sex(identity_number: str) -> str:
    return "M" if int(identity_number[10]) % 2 else "K"


# Rows read, audited and sent at a time: the file streams, so its first rows leave while the
# database still reads the rest, and memory stays flat however many rows the file has.
CHUNK_ROWS = 5000
COLUMNS = (
    "case__person__personal_identity_number",
    "case__person__date_of_birth",
    "case__unit__municipality__code",
    "case__district_id",
    "intervention_type__code",
    "intervention_type__name",
    "intervention_type__is_placement",
    "intervention_type__legal_basis",
    "started_on",
    "ended_on",
    "case__person_id",
    "case_id",
)


def _chunks(qs: QuerySet[Any, tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `qs` in chunks, as the database reads them (a server-side cursor, so nothing
    waits for the whole result). On PostgreSQL outside a transaction the cursor runs on a
    connection of its own, in one transaction (one snapshot), while the audit entries are
    committed on the request's connection before their rows are sent; a cursor declared in
    autocommit would be WITH HOLD, which PostgreSQL fills completely before the first row."""
    if connection.vendor != "postgresql":
        rows = qs.iterator(chunk_size=CHUNK_ROWS)
        while chunk := list(islice(rows, CHUNK_ROWS)):
            yield chunk
        return
    sql, params = qs.query.sql_with_params()
    if connection.in_atomic_block:  # a caller's transaction (a command, a test): read in it
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(CHUNK_ROWS):
                yield chunk
        return
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        reader.set_autocommit(False)
        with reader.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with reader.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(CHUNK_ROWS):
                yield chunk
    finally:
        reader.close()


def _intervention_rows(
    qs: QuerySet[Intervention], user: User, action: str
) -> Iterator[dict[str, object]]:
    """One row per intervention, ordered by person (the index of cases by person gives that order
    without sorting the file). Each person in the file is audited once, with the case of their
    first intervention in the file: one entry per chunk, committed before its rows are yielded."""
    grouping = Grouping.load()
    names = {pk: grouping.names[slug] for pk, slug in grouping.district_group.items()}
    # The act as the register writes it (SoL, LVU, LSS), whatever the UI language.
    acts = {"sol": "SoL", "lvu": "LVU", "lss": "LSS"}
    ordered = qs.order_by("case__person_id", "started_on", "pk").values_list(*COLUMNS)
    previous_person = None  # a person's rows may go on from the previous chunk
    code_of_child = previous_number = ""  # a person's rows come together: one HMAC each
    audited = False
    for chunk in _chunks(ordered):
        first: dict[int, int] = {}
        for *_row, person_id, case_id in chunk:
            if person_id != previous_person:
                first.setdefault(person_id, case_id)
        previous_person = chunk[-1][-2]
        if first:  # else every person of the chunk is in the previous one's entry
            audit_log_many(user=user, action=action, rows=list(first.items()))
            audited = True
        for (number, born, municipality, district_id, code, name, placement, legal_basis,
             started_on, ended_on, _person_id, _case_id) in chunk:  # fmt: skip
            if number != previous_number:
                code_of_child, previous_number = pseudonym(number), number
            yield {
                "pseudonym": code_of_child,
                "birth_year": born.year,
                "sex": _sex(number),
                "municipality_code": municipality,
                "district": names[district_id] if district_id else "",
                "intervention_code": code,
                "intervention": name,
                "placement": placement,
                "legal_basis": acts.get(legal_basis, legal_basis),
                "started_on": started_on.isoformat(),
                "ended_on": ended_on.isoformat() if ended_on else "",
            }
    if not audited:  # an empty file was looked at too
        audit_log_many(user=user, action=action, rows=[])


def child_youth_register(*, user: User, year: int) -> Iterator[dict[str, object]]:
    """Placements of children and youth, and every intervention under LVU, in force at some time
    during the year, each with the act it was given under."""
    require(may_export_microdata(user))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    qs = (
        Intervention.objects.filter(case__kind="children", started_on__lte=end)
        .filter(
            Q(intervention_type__is_placement=True)
            | Q(intervention_type__legal_basis=LegalBasis.LVU)
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    )
    return _intervention_rows(qs, user, "followup.export.register")


def ongoing_interventions(*, user: User, on: dt.date | None = None) -> Iterator[dict[str, object]]:
    """Every intervention for children and youth in force on the day (default today)."""
    require(may_export_microdata(user))
    on = on or timezone.localdate()
    qs = Intervention.objects.filter(case__kind="children", started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    return _intervention_rows(qs, user, "followup.export.ongoing")
