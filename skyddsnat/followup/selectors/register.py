"""The national statistics files: individual rows, pseudonymised, for analysts; each person in a
file is audited."""

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, islice, repeat
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from skyddsnat.audit.services import audit_log_ids
from skyddsnat.care.models import LVU_SECTION_OF, REGISTER_BASIS, Placement, PlacementBasis
from skyddsnat.care.services.placements import BASIS_INTERVENTION
from skyddsnat.cases.models import Decision, Intervention, LegalBasis, Outcome
from skyddsnat.cases.policy import may_export_microdata, require
from skyddsnat.followup.equality import Grouping
from skyddsnat.lib.replica import reading_alias
from skyddsnat.organisation.models import DecisionType, User
from skyddsnat.people.models import GuardianRelation, Guardianship, IdentityKind


def pseudonym(identity_number: str) -> str:
    """A stable pseudonym: the same child gets the same code in every file, and the identity
    number cannot be read back without the installation's pseudonym key (its own setting, so that
    rotating SECRET_KEY leaves every code as it was)."""
    mac = _keyed(settings.SKYDDSNAT_PSEUDONYM_KEY).copy()
    mac.update(f"register:{identity_number}".encode())
    return mac.hexdigest()[:16]


@lru_cache(maxsize=1)
def _keyed(key: str) -> hmac.HMAC:
    """The HMAC with the key already absorbed (copied per code: millions in a national file)."""
    return hmac.new(key.encode(), digestmod=hashlib.sha256)


def _sex(identity_number: str) -> str:
    return "M" if int(identity_number[10]) % 2 else "K"


# What the child's pseudonym was computed over, as the file writes it.
IDENTITY_KIND: dict[str, str] = {
    IdentityKind.PERSONAL: "personnummer",
    IdentityKind.COORDINATION: "samordningsnummer",
    IdentityKind.RESERVE: "reservnummer",
    IdentityKind.UNKNOWN: "tillfalligt_id",
    IdentityKind.UNBORN: "tillfalligt_id",
}


def _identity_key(number: str | None, kind: str, reserve: str, person_id: int) -> str:
    """What a child's pseudonym is computed over. The identity number (a coordination number is
    one too: its day of birth + 60 never equals a personal identity number's, and a code already
    in earlier files stays as it was); a reserve number with its kind, so that it can never be
    read as a number; and for a child with no number at all the record itself (`person:<id>`,
    as before), stable for as long as the child is not matched to a number."""
    if number:
        return number
    if kind == IdentityKind.RESERVE and reserve:
        return f"reserve:{reserve}"
    return f"person:{person_id}"


def _parent(child: str, nth: int) -> Subquery:
    """The child's `nth` parent (0, 1: in the order they were recorded) as "<person id>:<country
    of birth>" (the id for the audit entry, the country for the file), a correlated subquery on
    the guardianships' child index; NULL with no such parent. Appointed guardians are not parents
    and are not counted."""
    return Subquery(
        Guardianship.objects.filter(child_id=OuterRef(child), relation=GuardianRelation.PARENT)
        .order_by("pk")
        .annotate(
            entry=Concat(Cast("guardian_id", CharField()), Value(":"), "guardian__country_of_birth")
        )
        .values("entry")[nth : nth + 1]
    )


def _parent_id(entry: str | None) -> int | None:
    return int(entry.partition(":")[0]) if entry else None


def _parent_country(entry: str | None) -> str:
    return entry.partition(":")[2] if entry else ""


def _child_fields(
    number: str | None,
    born: dt.date | None,
    kind: str,
    country: str,
    unaccompanied: bool,
    parent1: str | None,
    parent2: str | None,
) -> dict[str, object]:
    return {
        "identity_kind": IDENTITY_KIND.get(kind, "tillfalligt_id"),
        "birth_year": born.year if born else "",
        "sex": _sex(number) if number else "",
        "child_country_of_birth": country,
        "parent1_country_of_birth": _parent_country(parent1),
        "parent2_country_of_birth": _parent_country(parent2),
        "unaccompanied": unaccompanied,
    }


# Rows read, audited and sent at a time: the file streams, so its first rows leave while the
# database still reads the rest, and memory stays flat however many rows the file has.
CHUNK_ROWS = 5000
FIRST_CHUNK_ROWS = 500  # the first rows leave sooner
# The child's own fields, read with every row after the identity number, then its two parents
# (`_parent`), then the row's own fields; the person and the case come last.
CHILD = (
    "date_of_birth",
    "identity_kind",
    "reserve_number",
    "country_of_birth",
    "unaccompanied_minor",
)
COLUMNS = (
    "case__person__personal_identity_number",
    *(f"case__person__{name}" for name in CHILD),
    "parent1",
    "parent2",
    "case__unit__municipality__code",
    "case__district_id",
    "intervention_type__code",
    "intervention_type__name",
    "intervention_type__is_placement",
    "intervention_type__legal_basis",
    "decision__decided_on",
    "started_on",
    "ended_on",
    "case__person_id",
    "case_id",
)
PARENTS = slice(1 + len(CHILD), 3 + len(CHILD))


def _audit_chunk(
    chunk: list[tuple[Any, ...]],
    *,
    user: User,
    action: str,
    named: set[int],
    previous_case: int | None,
) -> tuple[int | None, bool]:
    """One entry naming the cases first read in the chunk, and their children and parents not
    yet named in the file, committed before the chunk's rows are yielded; none when the chunk
    only goes on with a case named in the previous entry. Returns the last case and whether an
    entry was written."""
    persons, cases = [], []
    for row in chunk:
        person_id, case_id = row[-2], row[-1]
        if case_id == previous_case:
            continue
        cases.append(case_id)
        previous_case = case_id
        for pk in (person_id, *map(_parent_id, row[PARENTS])):
            if pk is not None and pk not in named:
                named.add(pk)
                persons.append(pk)
    if cases:
        audit_log_ids(
            user=user, action=action, person_ids=persons, case_ids=cases, shown=len(chunk)
        )
    return previous_case, bool(cases)


def _chunks(qs: QuerySet[Any, tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `qs` in chunks, as the database reads them (a server-side cursor, so nothing
    waits for the whole result). On PostgreSQL outside a transaction the cursor runs on a
    connection of its own, in one transaction (one snapshot), while the audit entries are
    committed on the request's connection before their rows are sent; a cursor declared in
    autocommit would be WITH HOLD, which PostgreSQL fills completely before the first row."""
    sizes = chain([min(FIRST_CHUNK_ROWS, CHUNK_ROWS)], repeat(CHUNK_ROWS))
    if connection.vendor != "postgresql":
        rows = qs.iterator(chunk_size=CHUNK_ROWS)
        while chunk := list(islice(rows, next(sizes))):
            yield chunk
        return
    sql, params = qs.query.sql_with_params()
    if connection.in_atomic_block:  # a caller's transaction (a command, a test): read in it
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(next(sizes)):
                yield chunk
        return
    # A follow-up read (a national statistics file) on the replica when there is one.
    reader = connections.create_connection(reading_alias())
    try:
        reader.set_autocommit(False)
        with reader.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # The plan of millions of rows would be compiled (JIT) before the first one comes.
            cursor.execute("SET LOCAL jit = off")
        with reader.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(next(sizes)):
                yield chunk
    finally:
        reader.close()


def _intervention_rows(
    qs: QuerySet[Intervention], user: User, action: str
) -> Iterator[dict[str, object]]:
    """One row per intervention, ordered by case (the index of interventions by case gives that
    order without sorting the file; ordering by person would walk every case in the register).
    Every person and case in the file is audited once: one entry per chunk naming the persons and
    cases first read in it, committed before its rows are yielded. The ids of the persons already
    named are kept (one integer per person); the rows are not."""
    grouping = Grouping.load()
    names = {pk: grouping.names[slug] for pk, slug in grouping.district_group.items()}
    # The act as the register writes it (SoL, LVU, LSS), whatever the UI language.
    acts = {"sol": "SoL", "lvu": "LVU", "lss": "LSS"}
    ordered = (
        qs.annotate(parent1=_parent("case__person_id", 0), parent2=_parent("case__person_id", 1))
        .order_by("case_id", "started_on", "pk")
        .values_list(*COLUMNS)
    )
    named: set[int] = set()
    previous_case = None  # a case's rows come together, and may go on from the previous chunk
    # One HMAC and one set of the child's fields per run of a child's rows.
    code_of_child, previous_child = "", None
    child: dict[str, object] = {}
    audited = False
    for chunk in _chunks(ordered):
        previous_case, entry = _audit_chunk(
            chunk, user=user, action=action, named=named, previous_case=previous_case
        )
        audited = audited or entry
        for (number, born, kind, reserve, country, unaccompanied, parent1, parent2,
             municipality, district_id, code, name, placement, legal_basis, decided_on,
             started_on, ended_on, person_id, _case_id) in chunk:  # fmt: skip
            if person_id != previous_child:
                # A child without a number yet (issue 9 point 3) is coded by its reserve number
                # or its record instead (`_identity_key`).
                key = _identity_key(number, kind, reserve, person_id)
                code_of_child, previous_child = pseudonym(key), person_id
                child = _child_fields(number, born, kind, country, unaccompanied, parent1, parent2)
            yield {
                "pseudonym": code_of_child,
                **child,
                "municipality_code": municipality,
                "district": names[district_id] if district_id else "",
                "intervention_code": code,
                "intervention": name,
                "placement": placement,
                "legal_basis": acts.get(legal_basis, legal_basis),
                "decision_date": decided_on.isoformat() if decided_on else "",
                "started_on": started_on.isoformat(),
                "ended_on": ended_on.isoformat() if ended_on else "",
                "record": "intervention",
                "legal_section": LVU_SECTION_OF.get(code, acts.get(legal_basis, legal_basis)),
                "placement_form": "",
                "placement_number": "",
                "moved_from_form": "",
                "end_reason": "",
            }
    if not audited:  # an empty file was looked at too
        audit_log_ids(user=user, action=action, shown=0)


def child_youth_register(*, user: User, year: int) -> Iterator[dict[str, object]]:
    """Placements of children and youth, and every intervention under LVU, in force at some time
    during the year, each with the act and the exact section it was given under; then every
    placement record (skyddsnat.care) in force during the year, with its form and its moves."""
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
    placements = Placement.objects.filter(started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    return chain(
        _intervention_rows(qs, user, "followup.export.register"),
        _placement_rows(placements, user, "followup.export.register"),
    )


PLACEMENT_COLUMNS = (
    "child__personal_identity_number",
    *(f"child__{name}" for name in CHILD),
    "parent1",
    "parent2",
    "case__unit__municipality__code",
    "case__district_id",
    "form",
    "basis",
    "started_on",
    "ended_on",
    "end_reason",
    "moved_from__form",
    "earlier",
    "decided_on",
    "child_id",
    "case_id",
)


def _placement_decision_date() -> Case:
    """The date of the decision that granted the care a placement is given under: under LVU the
    case's decision on that LVU intervention (immediate custody, care under 2 § or 3 §: one per
    case, `decision_once_per_intervention`); under SoL the case's latest decision granting a SoL
    placement intervention taken on or before the placement started. NULL when none is
    recorded. Correlated subqueries on the decisions' case index: still one query for the file."""
    granted = Decision.objects.filter(
        case_id=OuterRef("case_id"),
        decision_type=DecisionType.INTERVENTION,
        outcome=Outcome.GRANT,
    ).order_by("-decided_on", "-pk")
    lvu = [
        When(
            basis=basis,
            then=Subquery(granted.filter(intervention_type__code=code).values("decided_on")[:1]),
        )
        for basis, code in BASIS_INTERVENTION.items()
    ]
    sol = granted.filter(
        intervention_type__is_placement=True,
        intervention_type__legal_basis=LegalBasis.SOL,
        decided_on__lte=OuterRef("started_on"),
    )
    return Case(
        *lvu,
        When(basis=PlacementBasis.SOL, then=Subquery(sol.values("decided_on")[:1])),
        default=None,
    )


def _placement_rows(
    qs: QuerySet[Placement], user: User, action: str
) -> Iterator[dict[str, object]]:
    """One row per placement record, in one query (the earlier placements of the child counted
    in a correlated subquery on the child's index), audited per chunk like the interventions."""
    grouping = Grouping.load()
    names = {pk: grouping.names[slug] for pk, slug in grouping.district_group.items()}
    earlier = (
        Placement.objects.filter(
            child_id=OuterRef("child_id"), started_on__lt=OuterRef("started_on")
        )
        .order_by()
        .values("child_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ordered = (
        qs.annotate(
            earlier=Coalesce(Subquery(earlier), 0),
            decided_on=_placement_decision_date(),
            parent1=_parent("child_id", 0),
            parent2=_parent("child_id", 1),
        )
        .order_by("case_id", "started_on", "pk")
        .values_list(*PLACEMENT_COLUMNS)
    )
    named: set[int] = set()
    previous_case = None
    code_of_child, previous_child = "", None
    child: dict[str, object] = {}
    for chunk in _chunks(ordered):
        previous_case, _entry = _audit_chunk(
            chunk, user=user, action=action, named=named, previous_case=previous_case
        )
        for (number, born, kind, reserve, country, unaccompanied, parent1, parent2,
             municipality, district_id, form, basis, started_on, ended_on, end_reason,
             moved_from_form, before, decided_on, person_id, _case_id) in chunk:  # fmt: skip
            if person_id != previous_child:
                # The same code as the child's intervention rows, also without a number.
                key = _identity_key(number, kind, reserve, person_id)
                code_of_child, previous_child = pseudonym(key), person_id
                child = _child_fields(number, born, kind, country, unaccompanied, parent1, parent2)
            yield {
                "pseudonym": code_of_child,
                **child,
                "municipality_code": municipality,
                "district": names[district_id] if district_id else "",
                "intervention_code": "",
                "intervention": "",
                "placement": True,
                "legal_basis": "SoL" if basis == "sol" else "LVU",
                "decision_date": decided_on.isoformat() if decided_on else "",
                "started_on": started_on.isoformat(),
                "ended_on": ended_on.isoformat() if ended_on else "",
                "record": "placement",
                "legal_section": REGISTER_BASIS[basis],
                "placement_form": form,
                "placement_number": before + 1,
                "moved_from_form": moved_from_form or "",
                "end_reason": end_reason,
            }


def ongoing_interventions(*, user: User, on: dt.date | None = None) -> Iterator[dict[str, object]]:
    """Every intervention for children and youth in force on the day (default today)."""
    require(may_export_microdata(user))
    on = on or timezone.localdate()
    qs = Intervention.objects.filter(case__kind="children", started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    return _intervention_rows(qs, user, "followup.export.ongoing")
