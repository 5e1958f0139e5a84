"""Counts per district, city area and the whole city, with the follow-up's "<5" rule: the
programmes' figures (outreach contacts, welfare-crime signals) shown as the reaction times are.

The rule is the one of `suppression.py`, reused, not rewritten: a count of 1–4 is shown as "<5"
(and every figure of a group whose base count is 1–4), then `suppression.complete` hides a second
part wherever a total minus its shown parts would reveal a hidden one (the city is inner + outer
city, each area its districts). It applies to every viewer and every group computed, whatever a
page or the API then shows, as for the reaction times. A median is hidden with the count it is
built from. With a split by sex or age band (splits.py) each record carries its part, each group
is followed by its parts (group|part), the groups' partitions repeat for each part (the city's
women = inner + outer city's women) and each group is the sum of its parts (as `suppression`
does for the reaction times).
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from skyddsnat.cases.policy import managed_district_slug
from skyddsnat.followup import splits
from skyddsnat.followup.equality import CITY, Grouping
from skyddsnat.followup.equality.figures import PART_SEPARATOR, city_label
from skyddsnat.followup.formats import swedish_sort_key
from skyddsnat.followup.suppression import MIN_CHILDREN, SUPPRESSED, complete
from skyddsnat.organisation.models import Area, District, User

Shown = int | float | str | None


@dataclass(frozen=True)
class Record:
    """One counted thing: its district (any, merged ones count under their successor), the
    counts it adds (1 or 0 per figure) and its values for medians (days)."""

    district_id: int
    counts: dict[str, int]
    values: dict[str, float] | None = None
    part: str | None = None  # its part under a split (splits.py), None without one


@dataclass
class GroupedFigures:
    names: dict[str, str]  # group → name shown
    districts: list[str]  # the district groups the user sees
    areas: list[str]  # inner, outer, city
    figures: dict[str, dict[str, Shown]]  # group (or group|part) → figure → shown value
    # A split's parts in order, as (part, label shown, the API's value); empty without one.
    parts: list[tuple[str, str, str]] = field(default_factory=list)
    split: str | None = None

    def rows(self, groups: Sequence[str]) -> list[tuple[str, str, str, str | None]]:
        """Each group, then (with a split) its parts: (key of `figures`, group's name, part's
        label, part's API value)."""
        result: list[tuple[str, str, str, str | None]] = []
        for group in groups:
            name = self.names.get(group, group)
            result.append((group, name, str(ALL_LABEL) if self.parts else "", None))
            for part, label, code in self.parts:
                result.append((f"{group}{PART_SEPARATOR}{part}", name, label, code))
        return result


ALL_LABEL = gettext_lazy("All")


def _partitions(grouping: Grouping) -> list[tuple[str, list[str]]]:
    areas = grouping.areas()
    if not areas:
        return [(CITY, list(grouping.area_of))]
    parts = [(CITY, list(areas))]
    for area in areas:
        parts.append((area, [slug for slug, a in grouping.area_of.items() if a == area]))
    return parts


def grouped_figures(
    *,
    user: User,
    records: Iterable[Record],
    counts: Sequence[str],
    medians: dict[str, str] | None = None,
    parts: splits.Parts | None = None,
) -> GroupedFigures:
    """Each count (and each median, `medians`: median figure → the count it is built from) per
    district, area and city with the "<5" rule applied. `counts[0]` is the base count: a group
    with 1–4 of it shows every figure as "<5". With `parts` of a split, each record's `part`
    also counts under group|part."""
    medians = medians or {}
    grouping = Grouping.load()
    areas = grouping.areas()
    bases = [*grouping.area_of, *areas, CITY]
    part_names = parts.names() if parts is not None and parts.split else []
    groups = [*bases, *(f"{g}{PART_SEPARATOR}{p}" for p in part_names for g in bases)]
    totals: dict[str, dict[str, int]] = {g: dict.fromkeys(counts, 0) for g in groups}
    values: dict[str, dict[str, list[float]]] = {g: defaultdict(list) for g in groups}
    for record in records:
        slug = grouping.district_group[record.district_id]
        area = grouping.area_of[slug]
        whole = (slug, area, CITY)
        with_part = [*whole, *(f"{g}{PART_SEPARATOR}{record.part}" for g in whole)]
        for group in with_part if record.part is not None else whole:
            if group not in totals:
                continue  # a district without a city area
            for name, n in record.counts.items():
                totals[group][name] += n
            for name, value in (record.values or {}).items():
                values[group][name].append(value)
    partitions = _partitions(grouping)
    if part_names:
        partitions += [
            (f"{total}{PART_SEPARATOR}{p}", [f"{m}{PART_SEPARATOR}{p}" for m in members])
            for p in part_names
            for total, members in _partitions(grouping)
        ]
        partitions += [(g, [f"{g}{PART_SEPARATOR}{p}" for p in part_names]) for g in bases]
    base = counts[0]
    hidden: dict[str, set[str]] = {}
    for name in counts:
        primary = {
            g
            for g in groups
            if 0 < totals[g][name] < MIN_CHILDREN or 0 < totals[g][base] < MIN_CHILDREN
        }

        def count_of(group: str, name: str = name) -> int:
            return totals[group][name]

        hidden[name] = complete(primary, partitions, count_of)
    figures: dict[str, dict[str, Shown]] = {}
    for group in groups:
        shown: dict[str, Shown] = {
            name: SUPPRESSED if group in hidden[name] else totals[group][name] for name in counts
        }
        for median, built_from in medians.items():
            days = values[group].get(median) or []
            if group in hidden[built_from]:
                shown[median] = SUPPRESSED
            else:
                shown[median] = round(float(statistics.median(days)), 1) if days else None
        figures[group] = shown
    own = managed_district_slug(user)
    current = sorted(
        District.objects.filter(successor__isnull=True), key=lambda d: swedish_sort_key(d.name)
    )
    districts = [d.slug for d in current if d.slug in totals and (own is None or d.slug == own)]
    names = {**grouping.names, **{a.value: str(a.label) for a in Area}, CITY: city_label()}
    split_parts = [(p, parts.label(p), parts.code(p)) for p in part_names] if parts else []
    return GroupedFigures(
        names=names,
        districts=districts,
        areas=[*areas, CITY],
        figures=figures,
        parts=split_parts,
        split=parts.split if parts is not None else None,
    )


def api_rows(grouped: GroupedFigures, *, by: str, fields: Sequence[str]) -> list[dict[str, Shown]]:
    """The API's rows: `by="district"` each district, `by="area"` inner, outer and city; with a
    split each group's row (the split's field null) is followed by its parts' rows."""
    groups = grouped.districts if by == "district" else grouped.areas
    return [
        {
            "group": key.split(PART_SEPARATOR)[0],
            **({grouped.split: code} if grouped.split else {}),
            **{name: grouped.figures[key][name] for name in fields},
        }
        for key, _name, _label, code in grouped.rows(groups)
    ]
