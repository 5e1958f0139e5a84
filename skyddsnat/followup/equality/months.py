"""Equal treatment on PostgreSQL: the reaction months of a period (store.py) merged in Python into
the figures of each group and period. A period is its whole months, read from the table, plus at
most two cut months at its ends, summed up on the fly from the facts of the days inside."""

import datetime as dt
import math
import struct
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import accumulate
from typing import Any

import psycopg
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

from skyddsnat.followup.equality.figures import (
    ALL,
    CITY,
    MIN_CHILDREN_BOUND,
    Cell,
    Grouping,
    LazyCount,
    _bounds,
    _keys,
)
from skyddsnat.followup.equality.store import HISTOGRAMS, MONTH_COLUMNS, months_sql, refresh_facts
from skyddsnat.followup.limits import Limits
from skyddsnat.followup.splits import part_of
from skyddsnat.lib.dates import add_months
from skyddsnat.lib.replica import reading_connection


def _whole_months(start: dt.date, end: dt.date) -> tuple[list[str], list[tuple[dt.date, dt.date]]]:
    """The months that lie wholly in start..end, and the stretches of days outside them."""
    first = start if start.day == 1 else add_months(start.replace(day=1), 1)
    after = add_months(end.replace(day=1), 1)
    stop = after if end == after - dt.timedelta(days=1) else end.replace(day=1)
    if first >= stop:
        return [], [(start, end)]
    months, month = [], first
    while month < stop:
        months.append(month.strftime("%Y-%m"))
        month = add_months(month, 1)
    edges = [(start, first - dt.timedelta(days=1))] if start < first else []
    if stop <= end:
        edges.append((stop, end))
    return months, edges


def binary_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor on `connection` that takes results in PostgreSQL's binary format (arrays of
    numbers arrive twice as fast), wrapped like Django's own so the query is logged and counted."""
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    raw.format = psycopg.pq.Format.BINARY
    if connection.queries_logged:
        return CursorDebugWrapper(raw, connection)
    return CursorWrapper(raw, connection)


def months_query(start: dt.date, end: dt.date) -> tuple[str, dict[str, Any]]:
    """The query for the reaction months of start..end: its whole months and its cut ends."""
    months, edges = _whole_months(start, end)
    columns = ", ".join(MONTH_COLUMNS)
    queries = [f"SELECT {columns} FROM followup_reactionmonth WHERE month = ANY(%(months)s)"]  # noqa: S608
    params: dict[str, Any] = {"months": months}
    for i, (lower, upper) in enumerate(_bounds(first, last) for first, last in edges):
        params |= {f"lower{i}": lower, f"upper{i}": upper}
        where = f"f.received_at >= %(lower{i})s AND f.received_at < %(upper{i})s"
        queries.append(months_sql(where, list_all=True))
    # The listed children come as bytes (array_send), turned into ids only for the few cells whose
    # count the suppression asks for: millions of ids at national scale, rarely needed.
    outer = ", ".join(f"array_send(u.{c})" if c in LISTED else f"u.{c}" for c in MONTH_COLUMNS)
    union = " UNION ALL ".join(f"({q})" for q in queries)
    return f"SELECT {outer} FROM ({union}) u", params  # noqa: S608


LISTED = tuple(c for c in MONTH_COLUMNS if c.endswith("_listed"))


def _ids(sent: bytes) -> list[int]:
    """The ids of an int8[] in PostgreSQL's binary form (array_send): 12 bytes of dimensions and
    element type, for a non-empty array its length and lower bound, then per element its length
    (4 bytes) and its value (8 bytes, big-endian)."""
    if int.from_bytes(sent[:4], "big") == 0:
        return []
    return [value for _length, value in struct.iter_unpack(">iq", sent[20:])]


def compute_months(
    *,
    start: dt.date,
    end: dt.date,
    on: dt.date,
    grouping: Grouping,
    limits: Limits,
    monthly: bool,
    lazy_counts: bool = False,
    split: str | None = None,
) -> dict[tuple[str, str], Cell]:
    """The figures per (group, period) from the reaction months (refreshed first, on the primary;
    read from the replica in a follow-up read when there is one); with a `split`, also per
    (group|part, period) from the months' rows of each sex or age band."""
    reader = reading_connection()
    with transaction.atomic():
        refresh_facts(limits=limits)
        with binary_cursor(reader) as cursor:
            cursor.execute(*months_query(start, end))
            rows = [dict(zip(MONTH_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        for name in HISTOGRAMS:
            row[name] = _packed(row[name])
    parts: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    parts[(CITY, ALL)] = []  # like the aggregate, the whole city has a row even without reports
    for row in rows:
        slug = grouping.district_group.get(row["district_id"])
        part = part_of(split, row["sex"], row["age_band"])
        for key in _keys(grouping, slug, row["month"], part) if slug else []:
            if monthly or len(key[1]) != 7:
                parts[key].append(row)
    cells = {
        key: Cell(group=key[0], period=key[1], values=_merge(members, on, limits, lazy=lazy_counts))
        for key, members in parts.items()
    }
    return cells


# A histogram is added up as one Python integer: count v in bits 32 v … 32 v + 31. Adding two
# such integers adds every count at once (in C), with no carry between them while a count stays
# below 2**32; a count of reports cannot come near that.
BUCKET_BITS = 32


def _packed(histogram: bytes) -> tuple[int, int]:
    """A histogram column (big-endian int4 counts, see _histogram) as (packed integer, length)."""
    counts = array("i")
    counts.frombytes(histogram)
    counts.byteswap()  # each count's bytes reversed: little-endian, whatever this machine is
    return int.from_bytes(counts.tobytes(), "little"), len(counts)


def _sum(histograms: list[tuple[int, int]]) -> list[int]:
    """Histograms added up, as a list of counts (value v counted list[v] times)."""
    total = sum(packed for packed, _length in histograms)
    length = max((length for _packed, length in histograms), default=0)
    counts = array("i")
    counts.frombytes(total.to_bytes(4 * length, "little"))
    if sys.byteorder == "big":
        counts.byteswap()
    return counts.tolist()


def percentile_of_histogram(counts: list[int], fraction: float, scale: int = 1) -> float | None:
    """percentile_cont of the values a histogram counts (value v counted counts[v] times, worth
    v / scale): the same two ranks and the same float arithmetic as percentile_of_sorted."""
    cumulative = list(accumulate(counts))
    if not cumulative or not cumulative[-1]:
        return None
    position = fraction * (cumulative[-1] - 1)
    low, high = math.floor(position), math.ceil(position)
    # The value at rank r (from 0) is the first v whose cumulative count exceeds r.
    at_low, at_high = bisect_right(cumulative, low), bisect_right(cumulative, high)
    lower = at_low / scale if scale != 1 else float(at_low)
    upper = at_high / scale if scale != 1 else float(at_high)
    return lower + (upper - lower) * (position - low)


def _merge(
    months: list[dict[str, Any]], on: dt.date, limits: Limits, *, lazy: bool = False
) -> dict[str, Any]:
    """The figures of a cell from the summed-up months it is made of. With `lazy`, the counts of
    distinct children are LazyCounts, counted only when the suppression asks."""

    def children(kind: str, more: str = "", first: list[int] | None = None) -> Any:
        """Children counted in one month only, plus the distinct listed ones."""
        single = sum(month[f"{kind}_single"] for month in months)

        def count() -> int:
            ids: set[int] = set()
            for month in months:
                ids.update(_ids(month[f"{kind}_listed"]))
            for month, n in zip(months, first or [], strict=False):
                ids.update(month[more][:n])
            return single + len(ids)

        if lazy and single >= MIN_CHILDREN_BOUND:
            return LazyCount(single, count)
        return count()

    histograms = {name: _sum([m[name] for m in months]) for name in HISTOGRAMS}
    # Undecided pre-assessments late by `on`, and ongoing investigations past their limit.
    late_before = on - dt.timedelta(days=limits.pre_assessment_days)
    undecided = [bisect_left(m["undecided_on"], late_before) for m in months]
    ongoing = [bisect_left(m["ongoing_limit"], on) for m in months]
    pre = histograms["pre"]
    pre_late = sum(pre[limits.pre_assessment_days + 1 :])
    pre_judged = sum(pre) + sum(undecided)
    over = sum(m["investigation_over"] for m in months) + sum(ongoing)
    over_judged = sum(histograms["investigation"]) + sum(ongoing)
    values: dict[str, Any] = {
        "reports": sum(m["reports"] for m in months),
        "children": children("children"),
        "safety_n": children("safety"),
        "pre_n": children("pre"),
        "pre_late_share": (pre_late + sum(undecided)) / pre_judged if pre_judged else None,
        "pre_late_n": children("pre", "undecided_children", undecided),
        "intervention_n": children("intervention"),
        "investigation_n": children("investigation"),
        "investigation_over_share": over / over_judged if over_judged else None,
        "investigation_over_n": children("investigation", "ongoing_children", ongoing),
    }
    for measure, counts in histograms.items():
        scale = 24 if measure == "safety" else 1  # the safety assessment in whole hours
        values[f"{measure}_median"] = percentile_of_histogram(counts, 0.5, scale)
        values[f"{measure}_p90"] = percentile_of_histogram(counts, 0.9, scale)
    return values
