"""Writing generated rows fast: explicit primary keys, buffered bulk inserts, historical timestamps.

The per-report services would take hours for 400,000 reports. Instead the generators build the
very rows those services write, give them their primary keys up front (so rows can point at each
other before anything is inserted), and insert them in batches, parents first.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

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
                model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
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
