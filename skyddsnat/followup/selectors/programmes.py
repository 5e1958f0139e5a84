"""The targeted programmes in the follow-up (issue 10 point 8): per programme (SIG, SSPF, crime
exit) and district, the year's participants, those who started and ended, the outcomes of the
endings, and the recorded cost of the interventions decided for participants (crime exit's
support and protected housing: the cost the seed's +10 MSEK line is compared with, through the
line's `funds`).

Every figure counts people; one built from 1–4 people is shown as "<5", and the districts of a
programme add up to its whole-city figure, so when one district is hidden the smallest other is
hidden too (`suppression.complete`). A manager sees the whole city and their own district."""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext

from skyddsnat.cases.models import CaseKind, Intervention
from skyddsnat.cases.policy import managed_district_slug, may_follow_up, require
from skyddsnat.followup import splits, suppression
from skyddsnat.followup.equality.figures import CITY, PART_SEPARATOR, Grouping, city_label
from skyddsnat.organisation.models import User
from skyddsnat.programmes.models import Participant, ParticipantOutcome, Programme

# The figures of a row; each counts distinct people (the cost: people with a recorded cost).
COUNTS = ("participants", "started", "ended", *(f"outcome_{o}" for o in ParticipantOutcome.values))
COST_PEOPLE = "cost_people"


@dataclass
class ProgrammeRow:
    programme: str
    programme_name: str
    group: str  # a district slug, or "city"
    group_name: str
    figures: dict[str, int | str] = field(default_factory=dict)
    cost_sek: int | str | None = 0
    # A split's part (splits.py): the label on the page, and the API's field and value.
    part: str = ""
    split: str | None = None
    part_code: str | None = None

    def as_api(self) -> dict[str, object]:
        outcomes = {o: self.figures[f"outcome_{o}"] for o in ParticipantOutcome.values}
        return {
            "programme": self.programme,
            "group": self.group,
            **({self.split: self.part_code} if self.split else {}),
            "participants": self.figures["participants"],
            "started": self.figures["started"],
            "ended": self.figures["ended"],
            "outcomes": outcomes,
            "cost_sek": self.cost_sek,
        }


class _Parts(splits.Parts):
    def groups(self, groups: tuple[str, ...], person_id: int, day: dt.date) -> list[str]:
        """The groups, and with a split each group's part (group|part)."""
        part = self.part(person_id, day)
        if part is None:
            return list(groups)
        return [*groups, *(f"{group}{PART_SEPARATOR}{part}" for group in groups)]


def _year_people(
    year: int, grouping: Grouping, split: str | None = None
) -> dict[tuple[str, str], dict[str, set[int]]]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    rows = list(
        Participant.objects.filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("programme", "district_id", "person_id", "started_on", "ended_on", "outcome")
    )
    parts = _Parts(split, {row[2] for row in rows})
    for programme, district_id, person_id, started_on, ended_on, outcome in rows:
        slug = grouping.district_group.get(district_id)
        # With a split: the part on the day the participation started.
        for group in parts.groups((CITY, slug) if slug else (CITY,), person_id, started_on):
            cell = cells[(programme, group)]
            cell["participants"].add(person_id)
            if started_on >= start:
                cell["started"].add(person_id)
            if ended_on is not None and ended_on <= end:
                cell["ended"].add(person_id)
                cell[f"outcome_{outcome}"].add(person_id)
    return cells


def _year_costs(
    year: int, grouping: Grouping, split: str | None = None
) -> dict[tuple[str, str], tuple[int, set[int]]]:
    """Interventions started in the year on participants' cases → (SEK, people)."""
    costs: dict[tuple[str, str], tuple[int, set[int]]] = {}
    rows = list(
        Intervention.objects.filter(
            case__kind=CaseKind.PROGRAMME, started_on__year=year
        ).values_list(
            "case__participations__programme",
            "case__district_id",
            "case__person_id",
            "cost_sek",
            "started_on",
        )
    )
    parts = _Parts(split, {row[2] for row in rows})
    for programme, district_id, person_id, cost, started_on in rows:
        slug = grouping.district_group.get(district_id)
        for group in parts.groups((CITY, slug) if slug else (CITY,), person_id, started_on):
            sek, people = costs.get((programme, group), (0, set()))
            people.add(person_id)
            costs[(programme, group)] = (sek + (cost or 0), people)
    return costs


def _count_of(count: Callable[[tuple[str, str], str], int], figure: str, key: object) -> int:
    return count(key, figure)  # type: ignore[arg-type]


def programme_figures(
    *, user: User, year: int, by: str = "district", split: str | None = None
) -> list[ProgrammeRow]:
    """The rows for the year: each programme for the whole city and (by district) each district
    with participants; figures of 1–4 people shown as "<5". With a `split` ("sex", "age_band";
    the age on the day a participation or an intervention started) each row is followed by its
    parts, suppressed together with the whole rows."""
    require(may_follow_up(user))
    grouping = Grouping.load()
    cells = _year_people(year, grouping, split)
    costs = _year_costs(year, grouping, split)
    bands = splits.Bands.load() if split == splits.AGE_BAND else None
    part_names = splits.parts(split, bands)
    keys = set(cells) | set(costs) | {(p.value, CITY) for p in Programme}

    def count(key: tuple[str, str], figure: str) -> int:
        if figure == COST_PEOPLE:
            return len(costs.get(key, (0, set()))[1])
        return len(cells.get(key, {}).get(figure, set()))

    def whole(key: tuple[str, str]) -> bool:
        return PART_SEPARATOR not in key[1]

    partitions = [
        ((p.value, CITY), sorted(k for k in keys if k[0] == p.value and k[1] != CITY and whole(k)))
        for p in Programme
    ]
    for part in part_names:
        suffix = f"{PART_SEPARATOR}{part}"
        partitions += [
            (
                (p.value, CITY + suffix),
                sorted(
                    k
                    for k in keys
                    if k[0] == p.value and k[1].endswith(suffix) and k[1] != CITY + suffix
                ),
            )
            for p in Programme
        ]
    if part_names:
        partitions += [
            (key, [(key[0], f"{key[1]}{PART_SEPARATOR}{part}") for part in part_names])
            for key in sorted(k for k in keys if whole(k))
        ]
    hidden: dict[str, set[tuple[str, str]]] = {}
    for figure in (*COUNTS, COST_PEOPLE):
        primary = {k for k in keys if 0 < count(k, figure) < suppression.MIN_CHILDREN}
        hidden[figure] = suppression.complete(
            primary, partitions, functools.partial(_count_of, count, figure)
        )
    own = managed_district_slug(user)
    rows: list[ProgrammeRow] = []
    for programme in Programme:
        groups = [CITY]
        if by == "district":
            groups += sorted(
                {
                    g
                    for p, g in keys
                    if p == programme.value and g != CITY and PART_SEPARATOR not in g
                },
                key=lambda slug: grouping.names.get(slug, slug),
            )
        each: list[tuple[str, str | None]] = [
            (group, part)
            for group in groups
            for part in [None, *part_names]
            if own is None or group in (CITY, own)
        ]
        for group, row_part in each:
            key = (programme.value, f"{group}{PART_SEPARATOR}{row_part}" if row_part else group)
            row = ProgrammeRow(
                programme=programme.value,
                programme_name=str(programme.label),
                group=group,
                group_name=city_label() if group == CITY else grouping.names.get(group, group),
            )
            if split:
                row.split = split
                row.part = splits.part_label(split, row_part, bands) if row_part else gettext("All")
                row.part_code = splits.part_code(split, row_part, bands) if row_part else None
            for figure in COUNTS:
                row.figures[figure] = (
                    suppression.SUPPRESSED if key in hidden[figure] else count(key, figure)
                )
            row.cost_sek = (
                suppression.SUPPRESSED
                if key in hidden[COST_PEOPLE]
                else costs.get(key, (0, set()))[0]
            )
            rows.append(row)
    return rows
