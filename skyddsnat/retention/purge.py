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
from functools import cache

from django.db import connection, models

from skyddsnat.cases.models import Case
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


@cache
def owner_paths(model: type[models.Model], depth: int = 4) -> list[str]:
    """The lookups from `model` up its foreign keys to the persons whose files a row of it
    belongs to: straight to a person, or to a case (and its person), through at most `depth`
    links (a party of a kommunicering: communication, investigation, case, person)."""
    paths: list[str] = []
    todo: list[tuple[type[models.Model], str, int]] = [(model, "", 0)]
    while todo:
        current, prefix, level = todo.pop()
        for field in current._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if not isinstance(target, type) or not (field.many_to_one or field.one_to_one):
                continue
            path = f"{prefix}{field.name}"
            if target is Person:
                paths.append(path)
            elif target is Case:
                paths.append(f"{path}__person")
            elif level + 1 < depth and target is not current:
                todo.append((target, f"{path}__", level + 1))
    return sorted(set(paths))


def still_needed(person_ids: set[int]) -> dict[int, int]:
    """The persons among `person_ids` that a file outside the set refers to (a guardian of a
    child whose file stays, a party in another's investigation), each with one person whose file
    needs them. Repeated until nothing more changes: keeping one person may keep another."""
    candidates = set(person_ids)
    needed: dict[int, int] = {}
    while True:
        newly = _referenced_from_outside(candidates)
        if not newly:
            return needed
        needed |= newly
        candidates -= set(newly)


def _referenced_from_outside(candidates: set[int]) -> dict[int, int]:
    """Rows that refer to a candidate straight away and belong (by another of their ways up) to
    a file outside the candidates."""
    result: dict[int, int] = {}
    for model, field_name in _reverse_relations(Person):
        paths = owner_paths(model)
        if len(paths) < 2:
            continue  # one way to a person only: the row is that person's own
        for chunk in _chunks(candidates):
            rows = model._base_manager.filter(**{f"{field_name}__in": chunk})
            for row in rows.values_list(*paths).distinct():
                persons = {p for p in row if p is not None}
                outside = persons - candidates
                if outside:
                    for person in persons & candidates:
                        result.setdefault(person, min(outside))
    return result


def remove_rows(rows: Rows) -> dict[str, int]:
    """DELETE every row of `rows`, table by table, in the caller's transaction; the foreign keys
    are checked at commit. Returns the count per table."""
    counts: dict[str, int] = {}
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
