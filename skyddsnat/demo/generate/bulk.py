"""Writing generated rows fast: explicit primary keys, buffered bulk inserts, historical timestamps.

The per-report services would take hours for 400,000 reports. Instead the generators build the
very rows those services write, give them their primary keys up front (so rows can point at each
other before anything is inserted), and insert them in batches, parents first.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

BATCH_SIZE = 2000

M = TypeVar("M", bound=models.Model)


class BulkWriter:
    """Buffers new rows per model and inserts them in the order the models were given."""

    def __init__(self, model_order: Sequence[type[models.Model]], *, flush_every: int = 20_000):
        self.model_order = list(model_order)
        self.flush_every = flush_every
        self.buffers: dict[type[models.Model], list[models.Model]] = {
            model: [] for model in self.model_order
        }
        self.next_id = {
            model: (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
            for model in self.model_order
        }
        self.pending = 0
        self.written: dict[str, int] = {}

    def add(self, obj: M) -> M:
        """Give the row its primary key and queue it; the row can be referenced at once (and keeps
        its model type, so generators can go on using its fields)."""
        model = type(obj)
        obj.pk = self.next_id[model]
        self.next_id[model] += 1
        self.buffers[model].append(obj)
        self.pending += 1
        return obj

    def flush_if_full(self) -> None:
        """Call only between complete units of work, when every queued row's parents are queued."""
        if self.pending >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        for model in self.model_order:
            rows = self.buffers[model]
            if rows:
                insert_rows(model, rows)
                label = model._meta.label
                self.written[label] = self.written.get(label, 0) + len(rows)
                rows.clear()
        self.pending = 0

    def close(self) -> None:
        """Insert what is left and move the id sequences past the explicit keys (PostgreSQL)."""
        self.flush()
        statements = connection.ops.sequence_reset_sql(no_style(), self.model_order)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


# Field types whose values the database drivers take as Python gives them: no conversion per value.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def insert_rows(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Insert rows that already carry their primary keys with one prepared statement run for
    all of them (`executemany`). It writes what `bulk_create` would (each field's `pre_save`, so
    `auto_now_add` stamps unless `historical_timestamps`, the database form of each value, the id
    of a referenced row), without compiling an SQL statement for every batch of rows, which
    took most of the demo's generation time."""
    fields = list(model._meta.concrete_fields)
    quote = connection.ops.quote_name
    # Only the model's own table and column names go into the statement; the values are
    # parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    plan = [
        (
            field,
            type(field).pre_save is not models.Field.pre_save,
            _internal_type(field) in _AS_IS,
        )
        for field in fields
    ]
    params = []
    for obj in rows:
        values = []
        for field, own_pre_save, as_is in plan:
            value = field.pre_save(obj, True) if own_pre_save else getattr(obj, field.attname)
            if value is None and field.is_relation:
                # Referenced before the other row had its key: take it from the cached row.
                related = getattr(obj, field.name)
                value = related.pk if related is not None else None
            if not as_is and value is not None:
                value = field.get_db_prep_save(value, connection)
            values.append(value)
        params.append(values)
        obj._state.adding = False
        obj._state.db = connection.alias
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH_SIZE):
            cursor.executemany(sql, params[start : start + BATCH_SIZE])


def _internal_type(field: "models.Field[Any, Any]") -> str:
    """The column's type: a reference has the type of the key it refers to."""
    target = getattr(field, "target_field", None) if field.is_relation else None
    return (target or field).get_internal_type()


def datetime_field(model: type[models.Model], name: str) -> models.DateTimeField:
    """A model's date-time field by name, for `historical_timestamps`."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.DateTimeField):
        raise TypeError(f"{model._meta.label}.{name} is not a DateTimeField")
    return field


@contextmanager
def historical_timestamps(*fields: models.DateTimeField) -> Iterator[None]:
    """Let generated rows keep their historical times in fields that are otherwise `auto_now_add`
    (a journal entry written in 2023 must say 2023, not the day the demo was generated)."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f, _ in saved:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value
