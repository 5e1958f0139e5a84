"""Budget against outcome: each budget line compared only with what means the same thing, and
the recorded cost of interventions per programme and district, suppressed like the other
aggregates."""

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, QuerySet, Sum, Value, When
from django.utils.translation import gettext

from skyddsnat.cases.models import Intervention
from skyddsnat.cases.policy import managed_district_slug, may_see_budget, require
from skyddsnat.followup import splits, suppression
from skyddsnat.followup.equality import Grouping, refresh_facts
from skyddsnat.followup.equality.figures import city_label
from skyddsnat.followup.formats import number, swedish_sort_key
from skyddsnat.followup.models import BudgetLine, CostFact, Programme, ProgrammeMapping
from skyddsnat.followup.selectors.staff_cost import Missing, StaffCosts, staff_costs
from skyddsnat.lib.replica import reading_connection
from skyddsnat.organisation.models import User
from skyddsnat.people.models import Person

CostKey = tuple[int, str | None]  # (programme id, district slug or None for the whole city)


class Compared:
    """What a budget line's money is compared with (see budget_outcome)."""

    PROGRAMME = "programme"  # the programme's recorded cost (its whole cost is recorded)
    FUNDED = "funded_interventions"  # the cost of the interventions the change funds
    # The estimated cost of the staff the programme pays (StaffCostMapping) plus its interventions'.
    STAFF = "staff_and_interventions"
    NOTHING = ""  # nothing comparable is recorded


@dataclass
class BudgetRow:
    line: BudgetLine | None
    programme: str
    programme_name: str
    district: str | None
    district_name: str
    base: int | None
    change: int
    change_percent: Decimal | None
    allocation: int | None  # base + change; None when the base is unknown
    actual: int | str | None  # the cost compared with, or None when nothing is comparable
    deviation: int | str | None = None
    compared: str = Compared.NOTHING
    explanation: str = ""
    # The parts of `actual`: the estimated staff cost (never suppressed: salaries are public) and
    # the recorded cost of interventions (suppressed like every cost built from children).
    staff_cost: int | None = None
    intervention_cost: int | str | None = None
    # Why a line is not compared, as a code for the API (Missing, or the codes below).
    not_compared_reason: str = ""
    part: str = ""  # a split's part (its label), "" for the whole programme × district


@dataclass(frozen=True)
class _Costs:
    """Where a year's interventions are read from, and the names of what they are grouped by.
    PostgreSQL: the cost facts (models.CostFact, one covering index, no join of the cases), brought
    up to date first; the SQLite demo: the interventions and their cases."""

    rows: QuerySet[Any]
    kind: str
    district: str
    person: str

    @classmethod
    def of_year(cls, year: int) -> "_Costs":
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if connection.vendor == "postgresql":
            refresh_facts()
            facts = CostFact.objects.filter(started_on__range=(start, end))
            return cls(facts, "kind", "district_id", "person_id")
        records = Intervention.objects.filter(started_on__range=(start, end)).order_by()
        return cls(records, "case__kind", "case__district_id", "case__person_id")

    def programme(self) -> SqlCase:
        """Each intervention's programme id, from the mapping data (a type wins over a kind)."""
        mappings = list(ProgrammeMapping.objects.all())
        whens = [
            When(intervention_type_id=m.intervention_type_id, then=Value(m.programme_id))
            for m in mappings
            if m.intervention_type_id
        ]
        whens += [
            When(**{self.kind: m.case_kind}, then=Value(m.programme_id))
            for m in mappings
            if m.case_kind
        ]
        return SqlCase(*whens, default=Value(None), output_field=IntegerField())

    def totals(self, rows: QuerySet[Any]) -> tuple[int, int]:
        """(SEK, children) of some of the rows."""
        totals = rows.aggregate(cost=Sum("cost_sek"), children=Count(self.person, distinct=True))
        return totals["cost"] or 0, totals["children"]


def actual_costs(year: int) -> dict[CostKey, tuple[int, int]]:
    """Cost of interventions started in the year per (programme id, district slug or None for the
    whole city) → (SEK, children)."""
    grouping = Grouping.load()
    source = _Costs.of_year(year)
    district_slug = SqlCase(
        *[
            When(**{source.district: pk}, then=Value(slug))
            for pk, slug in grouping.district_group.items()
        ],
        default=Value(None),
    )
    qs = source.rows.annotate(programme_id=source.programme(), slug=district_slug).exclude(
        programme_id=None
    )
    result: dict[tuple[int, str | None], tuple[int, int]] = {}
    if connection.vendor == "postgresql":
        # Both levels in one pass over the year's interventions (grouping sets).
        select, params = qs.values_list(
            "programme_id", "slug", source.person, "cost_sek"
        ).query.sql_with_params()
        sql = (
            "SELECT programme_id, slug, GROUPING(slug), sum(cost), count(DISTINCT person_id) "  # noqa: S608
            f"FROM ({select}) AS s(programme_id, slug, person_id, cost) "
            "GROUP BY GROUPING SETS ((programme_id, slug), (programme_id)) "
            # The whole-city rows last: they win over interventions outside any district.
            "ORDER BY GROUPING(slug)"
        )
        # The facts were brought up to date on the primary; a follow-up read reads the replica.
        with reading_connection().cursor() as cursor:
            cursor.execute(sql, params)
            for programme_id, slug, whole_city, cost, children in cursor.fetchall():
                result[(programme_id, None if whole_city else slug)] = (cost or 0, children)
        return result
    for row in qs.values("programme_id", "slug").annotate(
        cost=Sum("cost_sek"), children=Count(source.person, distinct=True)
    ):
        result[(row["programme_id"], row["slug"])] = (row["cost"] or 0, row["children"])
    for row in qs.values("programme_id").annotate(
        cost=Sum("cost_sek"), children=Count(source.person, distinct=True)
    ):
        result[(row["programme_id"], None)] = (row["cost"] or 0, row["children"])
    return result


SplitKey = tuple[int, str | None, str | None]  # (programme id, district slug or None, part)


def split_costs(year: int, split: str) -> dict[SplitKey, tuple[int, int]]:
    """The recorded cost per (programme id, district slug or None for the whole city, part of
    `split`) → (SEK, persons): by the person's sex, or age band on the intervention's start.
    Two queries (the year's interventions, then their persons), added up here."""
    grouping = Grouping.load()
    source = _Costs.of_year(year)
    rows = list(
        source.rows.annotate(programme_id=source.programme())
        .exclude(programme_id=None)
        .values_list("programme_id", source.district, source.person, "cost_sek", "started_on")
    )
    persons = {
        pk: (number, born)
        for pk, number, born in Person.objects.filter(
            pk__in={row[2] for row in rows if row[2] is not None}
        ).values_list("pk", "personal_identity_number", "date_of_birth")
    }
    bands = splits.Bands.load() if split == splits.AGE_BAND else None
    sums: dict[SplitKey, list[Any]] = {}
    for programme_id, district_id, person_id, cost, started_on in rows:
        number, recorded = persons.get(person_id, (None, None))
        band = -1
        if bands is not None:
            band = bands.band_of(splits.age_on(splits.birth_date(number, recorded), started_on))
        part = splits.part_of(split, splits.sex_code(number), band)
        slug = grouping.district_group.get(district_id) if district_id is not None else None
        for key in [(programme_id, None, part), *([(programme_id, slug, part)] if slug else [])]:
            entry = sums.setdefault(key, [0, set()])
            entry[0] += cost or 0
            entry[1].add(person_id)
    return {key: (sek, len(people)) for key, (sek, people) in sums.items()}


def _funded_costs(
    lines: list[BudgetLine], year: int, grouping: Grouping
) -> dict[int, tuple[int, int]]:
    """Per budget line with interventions mapped to it: the cost of those interventions started
    in the year, in the line's district (or the whole city) → (SEK, children)."""
    result: dict[int, tuple[int, int]] = {}
    source: _Costs | None = None
    for line in lines:
        types = [t.pk for t in line.funds.all()]
        if not types:
            continue
        source = source or _Costs.of_year(year)
        qs = source.rows.filter(intervention_type_id__in=types)
        if line.district_id is not None:
            slug = grouping.district_group[line.district_id]
            same = [pk for pk, s in grouping.district_group.items() if s == slug]
            qs = qs.filter(**{f"{source.district}__in": same})
        result[line.pk] = source.totals(qs)
    return result


def _too_few(children: int) -> bool:
    return 0 < children < suppression.MIN_CHILDREN


def _hidden_costs(costs: dict[CostKey, tuple[int, int]], programmes: set[int]) -> set[CostKey]:
    """The costs shown as "<5": built from too few children, and their complements (a
    programme's districts add up to its whole-city cost)."""
    primary = {key for key, (_sek, children) in costs.items() if _too_few(children)}
    partitions = [
        ((pid, None), [k for k in costs if k[0] == pid and k[1] is not None]) for pid in programmes
    ]
    return suppression.complete(primary, partitions, lambda k: costs.get(k, (0, 0))[1])


def _row_order(row: BudgetRow) -> tuple[object, ...]:
    """Programme, then the whole city, then districts, in Swedish order."""
    return (
        swedish_sort_key(row.programme_name),
        row.district is not None,
        swedish_sort_key(row.district_name),
    )


# Why a line without staff is not compared (codes of the API's `not_compared_reason`).
NOT_WHOLE_COST = "costs_incomplete"
NOTHING_FUNDED = "nothing_funded"


def _staff_missing_text(reason: str, staff: StaffCosts) -> str:
    texts = {
        Missing.NO_FIGURES: gettext(
            "not compared: no staff figures for %(year)s of the staff the programme pays"
        ),
        Missing.NO_SALARY: gettext(
            "not compared: staff figures for %(year)s without a median salary"
        ),
        Missing.NO_RATE: gettext(
            "not compared: no employer's contribution rate for %(year)s (rule data)"
        ),
    }
    return texts[reason] % {"year": staff.year}


def _compare_with_staff(
    row: BudgetRow,
    line: BudgetLine,
    staff: StaffCosts,
    funded: tuple[int, int] | None,
    recorded: int | str,
) -> None:
    """A line of a programme that pays staff: its allocation (or, without a base, its change)
    against the estimated staff cost plus the cost of its interventions (those the line funds if
    it names any, else the programme's recorded cost). Without staff figures, salaries or the
    year's contribution rate it is not compared, and says why."""
    key = (line.programme_id, row.district)
    reason = staff.missing(key)
    if reason:
        row.not_compared_reason = reason
        row.explanation = _staff_missing_text(reason, staff)
        return
    cost = staff.costs[key]
    assert staff.rate is not None  # noqa: S101 - missing() checked it
    row.compared = Compared.STAFF
    row.staff_cost = cost.whole_sek()
    if funded is not None:
        sek, children = funded
        row.intervention_cost = suppression.SUPPRESSED if _too_few(children) else sek
    else:
        row.intervention_cost = recorded
    # Staff cost is public, so a suppressed intervention cost suppresses the sum too.
    if isinstance(row.intervention_cost, str):
        row.actual = row.deviation = row.intervention_cost
    else:
        row.actual = row.staff_cost + row.intervention_cost
        budget = row.allocation if row.allocation is not None else line.change_sek
        row.deviation = budget - row.actual
    row.explanation = gettext(
        "estimated staff cost (%(employees)s employees × median monthly salary × 12 × "
        "(1 + %(percent)s %% employer's contributions)) plus the cost of interventions"
    ) % {"employees": number(cost.employees), "percent": number(staff.rate.percent)}


def budget_outcome(*, user: User, year: int) -> list[BudgetRow]:
    """Every budget line of the year, compared only with what means the same thing:

    - a line with a base (allocation = base + change) is compared with the programme's recorded
      cost only when those records are the programme's whole cost (`Programme.costs_complete`);
    - a change without a known base (an earmarked addition) is compared with the cost of the
      interventions mapped to the line (`BudgetLine.funds`), never with the whole programme;
    - a line of a programme that pays staff (`StaffCostMapping`) is compared with the estimated
      staff cost plus the cost of its interventions (`_compare_with_staff`), or not compared, with
      the reason, where the year lacks staff figures, a salary or the contribution rate;
    - the deviation is shown only where both sides are known.

    Then the recorded cost per district of each programme that has costs (rows without a line).
    A cost built from fewer than five children is suppressed, with complementary suppression
    across districts."""
    require(may_see_budget(user))
    lines = list(
        BudgetLine.objects.filter(year__year=year)
        .select_related("programme", "district")
        .prefetch_related("funds")
    )
    costs = actual_costs(year)
    grouping = Grouping.load()
    funded = _funded_costs(lines, year, grouping)
    staff = staff_costs(year, grouping)
    programmes = {line.programme_id for line in lines} | {pid for pid, _slug in costs}
    hidden = _hidden_costs(costs, programmes)

    def actual(key: tuple[int, str | None]) -> int | str:
        if key in hidden:
            return suppression.SUPPRESSED
        return costs.get(key, (0, 0))[0]

    rows: list[BudgetRow] = []
    own = managed_district_slug(user)
    for line in lines:
        slug = grouping.district_group[line.district_id] if line.district_id else None
        if own is not None and slug not in (None, own):
            continue
        row = BudgetRow(
            line=line,
            programme=line.programme.code,
            programme_name=line.programme.name,
            district=slug,
            district_name=grouping.names[slug] if slug else city_label(),
            base=line.base_sek,
            change=line.change_sek,
            change_percent=line.change_percent,
            allocation=line.allocation_sek if line.base_sek is not None else None,
            actual=None,
        )
        if line.programme_id in staff.programmes:
            _compare_with_staff(
                row, line, staff, funded.get(line.pk), actual((line.programme_id, slug))
            )
        elif line.base_sek is not None and line.programme.costs_complete:
            row.compared = Compared.PROGRAMME
            row.actual = row.intervention_cost = actual((line.programme_id, slug))
            row.explanation = gettext("allocation compared with the programme's recorded cost")
            assert row.allocation is not None  # noqa: S101 - the base is known
            row.deviation = (
                row.actual if isinstance(row.actual, str) else row.allocation - row.actual
            )
        elif line.base_sek is not None:
            row.not_compared_reason = NOT_WHOLE_COST
            row.explanation = gettext(
                "not compared: only part of the programme's cost is recorded in Skyddsnät"
            )
        elif line.pk in funded:
            sek, children = funded[line.pk]
            row.compared = Compared.FUNDED
            row.actual = row.intervention_cost = (
                suppression.SUPPRESSED if _too_few(children) else sek
            )
            names = ", ".join(sorted((t.name for t in line.funds.all()), key=swedish_sort_key))
            row.explanation = gettext(
                "base unknown: the change compared with the cost of what it funds (%(names)s)"
            ) % {"names": names}
            row.deviation = (
                row.actual if isinstance(row.actual, str) else line.change_sek - row.actual
            )
        else:
            row.not_compared_reason = NOTHING_FUNDED
            row.explanation = gettext(
                "base unknown, and no interventions are mapped to the change: not compared"
            )
        rows.append(row)
    rows.sort(key=_row_order)
    return rows


def _hidden_split_costs(
    costs: dict[CostKey, tuple[int, int]],
    parts_costs: dict[SplitKey, tuple[int, int]],
    parts: list[str],
) -> set[SplitKey]:
    """The suppression of a split: the programmes' districts add up to the whole city, for the
    whole programme and for each part, and each (programme, district)'s parts add up to it."""
    every: dict[SplitKey, tuple[int, int]] = {(p, d, None): v for (p, d), v in costs.items()}
    every |= parts_costs
    primary = {key for key, (_sek, children) in every.items() if _too_few(children)}
    programmes = sorted({key[0] for key in every})
    partitions: list[tuple[SplitKey, list[SplitKey]]] = []
    for pid in programmes:
        for part in [None, *parts]:
            districts = sorted(k for k in every if k[0] == pid and k[1] and k[2] == part)
            partitions.append(((pid, None, part), districts))
    wholes = sorted((k for k in every if k[2] is None), key=lambda k: (k[0], k[1] or ""))
    for pid, slug, _none in wholes:
        members: list[SplitKey] = [(pid, slug, p) for p in parts if (pid, slug, p) in every]
        partitions.append(((pid, slug, None), members))
    return suppression.complete(primary, partitions, lambda k: every.get(k, (0, 0))[1])


def recorded_costs(*, user: User, year: int, split: str | None = None) -> list[BudgetRow]:
    """The recorded cost of interventions started in the year per programme and district (the
    whole city first), suppressed like the equal-treatment figures; with a `split` ("sex",
    "age_band") each row is followed by its parts, suppressed together with the whole rows."""
    require(may_see_budget(user))
    costs = actual_costs(year)
    grouping = Grouping.load()
    programmes = {pid for pid, _slug in costs}
    hidden = _hidden_costs(costs, programmes)
    parts: list[str] = []
    part_costs: dict[SplitKey, tuple[int, int]] = {}
    hidden_parts: set[SplitKey] = set()
    bands = splits.Bands.load() if split == splits.AGE_BAND else None
    if split:
        parts = splits.parts(split, bands)
        part_costs = split_costs(year, split)
        hidden_parts = _hidden_split_costs(costs, part_costs, parts)
        hidden = {(p, d) for p, d, part in hidden_parts if part is None}
    names = {p.pk: p for p in Programme.objects.filter(pk__in=programmes)}
    own = managed_district_slug(user)
    rows = []
    for (pid, slug), (sek, _children) in costs.items():
        if own is not None and slug not in (None, own):
            continue
        rows.append(
            BudgetRow(
                line=None,
                programme=names[pid].code,
                programme_name=names[pid].name,
                district=slug,
                district_name=grouping.names[slug] if slug else city_label(),
                base=None,
                change=0,
                change_percent=None,
                allocation=None,
                actual=suppression.SUPPRESSED if (pid, slug) in hidden else sek,
            )
        )
    rows.sort(key=_row_order)
    if not split:
        return rows
    with_parts: list[BudgetRow] = []
    ids = {p.code: pk for pk, p in names.items()}
    for row in rows:
        row.part = gettext("All")
        with_parts.append(row)
        for part in parts:
            key = (ids[row.programme], row.district, part)
            part_sek: int | None = part_costs[key][0] if key in part_costs else None
            with_parts.append(
                dataclasses.replace(
                    row,
                    part=splits.part_label(split, part, bands),
                    actual=suppression.SUPPRESSED if key in hidden_parts else part_sek,
                )
            )
    return with_parts
