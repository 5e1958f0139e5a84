"""Privacy of aggregates: no figure may be built from fewer than five children.

Primary suppression: a figure built from 1–4 children is shown as "<5"; when the whole group has
1–4 children every figure of it is. A figure built from no child has no value and is shown empty.

Complementary suppression guards against differencing. The groups add up: the whole city is
inner + outer city, each area is its districts, each year its months. If exactly one part of a
total is suppressed, the total minus the shown parts would reveal it, so the smallest other
non-empty part is suppressed as well (or, if there is none, the total); and a suppressed total
whose parts are all shown would be their sum, so its smallest non-empty part is suppressed too.
This runs per figure until nothing changes. A split by sex or age band (splits.py) adds each
group's parts as one more partition of it, and repeats the groups' partitions for each part.
It is applied over every group and period computed, whatever a page or an API call then shows,
so two calls cannot be combined to undo it within one period. (Two calls with overlapping
periods can still be differenced; such calls are rare, and every export is audited.)
"""

from collections.abc import Callable
from typing import Any

from skyddsnat.followup.equality import ALL, CITY, FIGURES, Cell, Grouping
from skyddsnat.followup.equality.figures import PART_SEPARATOR, split_group

MIN_CHILDREN = 5
SUPPRESSED = "<5"
Key = Any  # a hashable cell key: (group, period) or (programme, district)


def _partitions(
    cells: dict[tuple[str, str], Cell], grouping: Grouping
) -> list[tuple[tuple[str, str], list[tuple[str, str]]]]:
    # In a fixed order: `complete` is greedy, so the order of the parts decides which cell is
    # hidden as the complement. A set's order depends on how the cells were inserted, and two
    # computations of the same figures (the months and the plain aggregate) must hide the same.
    periods = sorted({period for _group, period in cells})
    parts: list[tuple[tuple[str, str], list[tuple[str, str]]]] = []
    # A split (splits.py): each part has the same partitions as the whole groups (the city's
    # girls = inner + outer city's girls, ...), and each group is the sum of its parts.
    split_parts = sorted({part for group, _p in cells for part in [split_group(group)[1]] if part})
    bases = {key for key in cells if split_group(key[0])[1] is None}
    areas = grouping.areas()
    for period in periods:
        if areas:
            parts.append(((CITY, period), [(area, period) for area in areas]))
            for area in areas:
                members = [slug for slug, a in grouping.area_of.items() if a == area]
                parts.append(((area, ALL), [(slug, ALL) for slug in members]))
        if period == ALL:
            if not areas:
                parts.append(((CITY, ALL), [(slug, ALL) for slug in grouping.area_of]))
        elif len(period) == 4:
            months = [p for p in periods if p.startswith(f"{period}-")]
            for group in [CITY, *areas]:
                parts.append(((group, period), [(group, month) for month in months]))
    base = list(parts)
    for part in split_parts:

        def of(key: tuple[str, str], part: str = part) -> tuple[str, str]:
            return (f"{key[0]}{PART_SEPARATOR}{part}", key[1])

        parts += [(of(total), [of(k) for k in members]) for total, members in parts[: len(base)]]
    for key in sorted(bases) if split_parts else []:
        parts.append((key, [(f"{key[0]}{PART_SEPARATOR}{part}", key[1]) for part in split_parts]))
    # Keep only parts that exist (a period without reports has no cell).
    return [
        (total, [k for k in members if k in cells]) for total, members in parts if total in cells
    ]


def suppressed_keys(
    cells: dict[tuple[str, str], Cell], grouping: Grouping
) -> dict[str, set[tuple[str, str]]]:
    """For each figure, the cells where it must be shown as "<5"."""
    partitions = _partitions(cells, grouping)
    result: dict[str, set[tuple[str, str]]] = {}
    for figure in FIGURES:

        def n(key: tuple[str, str], figure: str = figure) -> int:
            return cells[key].n(figure)

        primary = {
            key
            for key, cell in cells.items()
            if cell.below(figure, MIN_CHILDREN) or cell.below("reports", MIN_CHILDREN)
        }
        result[figure] = complete(primary, partitions, n)
    return result


def complete(
    hidden: set[Key], partitions: list[tuple[Key, list[Key]]], n: Callable[[Key], int]
) -> set[Key]:
    """Add complementary suppressions until no total minus its shown parts reveals a hidden one,
    and no hidden total is the sum of its shown parts.

    The second rule matters where a cell is both a part and a total (a district is a part of its
    area and, split, the total of its parts): a district hidden as the complement of another
    would be revealed again by adding up its shown parts by sex, so its smallest non-empty part
    is hidden too."""
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        for total, members in partitions:
            if total in hidden:
                if any(k in hidden for k in members):
                    continue
                shown = sorted((k for k in members if n(k) > 0), key=lambda k: (n(k), k))
                if shown:
                    hidden.add(shown[0])
                    changed = True
                continue
            if len([k for k in members if k in hidden]) != 1:
                continue
            candidates = sorted(
                (k for k in members if k not in hidden and n(k) > 0), key=lambda k: (n(k), k)
            )
            hidden.add(candidates[0] if candidates else total)
            changed = True
    return hidden


def apply(
    cells: dict[tuple[str, str], Cell], grouping: Grouping
) -> dict[tuple[str, str], dict[str, float | int | str | None]]:
    """The figures of every cell with suppressed ones replaced by "<5" (counts kept out)."""
    hidden = suppressed_keys(cells, grouping)
    shown: dict[tuple[str, str], dict[str, float | int | str | None]] = {}
    for key, cell in cells.items():
        shown[key] = {
            figure: SUPPRESSED if key in hidden[figure] else cell.values.get(figure)
            for figure in FIGURES
        }
    return shown


def is_suppressed(value: object) -> bool:
    return value == SUPPRESSED
