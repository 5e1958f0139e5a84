"""Removing files: which rows a person's file is, whether another file still needs the person,
and the removal itself.

The file is found from the model graph, not from a list: every row that refers to the person,
to one of those rows, and so on (reverse foreign keys, one-to-ones and many-to-many rows), in
whichever app it was added. The audit log refers to persons by id only and is never reached.
Django's `on_delete=PROTECT` guards against removing one row by mistake; here the whole closure
goes at once with plain DELETEs, and PostgreSQL (and SQLite) check every foreign key at commit
(Django's constraints are deferrable, initially deferred), so a row left behind that still refers
to a removed one makes the whole removal fail rather than leave a broken file.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import cache, partial

from django.db import connection, models, transaction

from skyddsnat.cases.models import Case
from skyddsnat.documents import storage as documents_storage
from skyddsnat.documents.models import Document
from skyddsnat.people.models import Person

Rows = dict[type[models.Model], set[int]]
CHUNK = 1000


def _reverse_relations(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """The models with a foreign key (or one-to-one) to `model`, each with that key's name,
    hidden ones (many-to-many rows) included."""
    return [
        (f.related_model, f.field.name)
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created
        and not f.concrete
        and (f.one_to_many or f.one_to_one)
        and isinstance(f, models.ForeignObjectRel)
        and isinstance(f.related_model, type)
    ]


def file_rows(person_ids: Iterable[int]) -> Rows:
    """Every row of the files of these persons (the persons' own rows included)."""
    found: Rows = defaultdict(set)
    todo: list[tuple[type[models.Model], set[int]]] = [(Person, set(person_ids))]
    while todo:
        model, pks = todo.pop()
        model = model._meta.concrete_model or model
        new = pks - found[model]
        if not new:
            continue
        found[model] |= new
        for related, field_name in _reverse_relations(model):
            for chunk in _chunks(new):
                ids = set(
                    related._base_manager.filter(**{f"{field_name}__in": chunk}).values_list(
                        "pk", flat=True
                    )
                )
                if ids:
                    todo.append((related, ids))
    return {model: pks for model, pks in found.items() if pks}


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


# Rows with two ways to a person and none through a case, and whose file they are part of: a
# guardianship is the child's record (removing the child removes it; a guardian whom a kept
# child's guardianship names is kept).
OWNER_FIELDS = {"people.guardianship": "child"}


@cache
def owner_paths(model: type[models.Model], depth: int = 4) -> tuple[str, ...]:
    """The lookups from `model` up its foreign keys to the persons whose file a row of it belongs
    to. A row on a case belongs to the case's file (the case's person, through at most `depth`
    links: a party of a kommunicering goes communication, investigation, case); a row with no
    way to a case belongs to the persons it names (or to `OWNER_FIELDS`' one)."""
    to_case: list[str] = []
    to_person: list[str] = []
    todo: list[tuple[type[models.Model], str, int]] = [(model, "", 0)]
    while todo:
        current, prefix, level = todo.pop()
        for field in current._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if not isinstance(target, type) or not (field.many_to_one or field.one_to_one):
                continue
            path = f"{prefix}{field.name}"
            if target is Case:
                to_case.append(f"{path}__person")
            elif target is Person:
                to_person.append(path)
            elif level + 1 < depth and target is not current:
                todo.append((target, f"{path}__", level + 1))
    if to_case:
        return tuple(sorted(set(to_case)))
    owner = OWNER_FIELDS.get(model._meta.label_lower)
    return (owner,) if owner else tuple(sorted(set(to_person)))


def still_needed(person_ids: set[int]) -> dict[int, int]:
    """The persons among `person_ids` that a file outside the set needs (a guardian named by a
    kept child's guardianship, a party in another's investigation), each with one person whose
    file needs them. Repeated until nothing more changes: keeping one person may keep another."""
    candidates = set(person_ids)
    needed: dict[int, int] = {}
    while True:
        newly = _referenced_from_outside(candidates)
        if not newly:
            return needed
        needed |= newly
        candidates -= set(newly)


def _referenced_from_outside(candidates: set[int]) -> dict[int, int]:
    """The candidates named by a row that belongs to a file outside the candidates: removing
    the candidate would remove a row of a file that stays."""
    result: dict[int, int] = {}
    for model, field_name in _reverse_relations(Person):
        paths = owner_paths(model)
        if paths == (field_name,):
            continue  # the row belongs to the person it names: part of their own file
        for chunk in _chunks(candidates):
            rows = model._base_manager.filter(**{f"{field_name}__in": chunk})
            for named, *owners in rows.values_list(field_name, *paths).distinct():
                outside = {o for o in owners if o is not None} - candidates
                if outside:
                    result.setdefault(named, min(outside))
    return result


def _delete_files(names: list[str]) -> None:
    for name in names:
        documents_storage.delete(name)


def remove_rows(rows: Rows) -> dict[str, int]:
    """DELETE every row of `rows`, table by table, in the caller's transaction; the foreign keys
    are checked at commit. Files kept outside the database (a case's documents) are deleted once
    the removal has committed. Returns the count per table."""
    counts: dict[str, int] = {}
    stored = list(
        Document.objects.filter(pk__in=rows.get(Document, ())).values_list(
            "storage_name", flat=True
        )
    )
    transaction.on_commit(partial(_delete_files, stored))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model, pks in rows.items():
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(model._meta.pk.column)
            for chunk in _chunks(pks):
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM {table} WHERE {column} IN ({placeholders})",  # noqa: S608
                    chunk,
                )
                counts[model._meta.db_table] = counts.get(model._meta.db_table, 0) + cursor.rowcount
    return counts
