"""Reads for the follow-up, scoped to the user. Everything leaving here is an aggregate with the
privacy rules applied (suppression.py), except the national statistics files, which are
pseudonymised individual rows for analysts and audited per person."""

import datetime as dt
import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from skyddsnat.audit.services import audit_log_many, audit_log_query
from skyddsnat.cases.models import OPEN_STATUSES, Case, Intervention, LegalBasis
from skyddsnat.cases.policy import may_export_microdata, may_follow_up, may_see_budget, require
from skyddsnat.followup import equality, suppression
from skyddsnat.followup.equality import ALL, CITY, Grouping
from skyddsnat.followup.formats import swedish_sort_key
from skyddsnat.followup.models import BudgetLine, Programme, ProgrammeMapping, StaffFigure
from skyddsnat.followup.permissions import manager_district_slug
from skyddsnat.organisation.models import Area, District, Role, Unit, User

Figure = float | int | str | None

# --- Equal treatment ---


@dataclass
class EqualityOverview:
    start: dt.date
    end: dt.date
    names: dict[str, str]
    # Each figure by name, and "incomplete": {figure: the day it becomes final} (censoring).
    comparison: list[tuple[str, dict[str, Any]]]  # districts, then inner, outer, city
    monthly: dict[str, list[tuple[str, dict[str, Any]]]]  # area/city → [(month, figures)]
    yearly: dict[str, list[tuple[str, dict[str, Any]]]]
    own_district: str | None = None
    series_groups: list[str] = field(default_factory=list)
    area_of: dict[str, str] = field(default_factory=dict)  # district slug → inner/outer


def _rounded(figures: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in figures.items():
        if isinstance(value, float):
            value = round(value, 3) if name.endswith("_share") else round(value, 1)
        out[name] = value
    return out


def _empty(period: str, end: dt.date, on: dt.date) -> dict[str, Any]:
    figures: dict[str, Any] = {
        name: (0 if name == "reports" else None) for name in equality.FIGURES
    }
    figures["incomplete"] = equality.incomplete_figures(period, end, on)
    return figures


MONTHLY_UP_TO_DAYS = 3 * 366


def equality_overview(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    on: dt.date | None = None,
    monthly: bool | None = None,
) -> EqualityOverview:
    """Reaction times for the period: each district (a manager: their own), inner and outer city
    and the whole city, plus the yearly series of the areas and the city and, for periods up to
    three years (or when asked), the monthly one."""
    require(may_follow_up(user))
    grouping = Grouping.load()
    if monthly is None:
        monthly = (end - start).days <= MONTHLY_UP_TO_DAYS
    on = on or timezone.localdate()
    cells = equality.compute(start=start, end=end, on=on, monthly=monthly, lazy_counts=True)
    shown = suppression.apply(cells, grouping)
    for (_group, period), figures in shown.items():
        figures["incomplete"] = equality.incomplete_figures(period, end, on)  # type: ignore[assignment]
    own = manager_district_slug(user)
    current = sorted(
        District.objects.filter(successor__isnull=True), key=lambda d: swedish_sort_key(d.name)
    )
    districts = [d.slug for d in current if own is None or d.slug == own]
    groups = [*districts, *grouping.areas(), CITY]
    comparison = [(g, _rounded(shown.get((g, ALL)) or _empty(ALL, end, on))) for g in groups]
    series_groups = [*grouping.areas(), CITY]
    months = equality.periods(cells.values(), "month")
    years = equality.periods(cells.values(), "year")
    monthly_series = {
        g: [(m, _rounded(shown.get((g, m)) or _empty(m, end, on))) for m in months]
        for g in series_groups
    }
    yearly = {
        g: [(y, _rounded(shown.get((g, y)) or _empty(y, end, on))) for y in years]
        for g in series_groups
    }
    names = {**grouping.names, **{a.value: str(a.label) for a in Area}, CITY: _city_label()}
    return EqualityOverview(
        start=start,
        end=end,
        names=names,
        comparison=comparison,
        monthly=monthly_series,
        yearly=yearly,
        own_district=own,
        series_groups=series_groups,
        area_of={slug: str(area) for slug, area in grouping.area_of.items()},
    )


def _city_label() -> str:
    return gettext("whole city")


def reaction_times(
    *, user: User, start: dt.date, end: dt.date, by: str, on: dt.date | None = None
) -> list[dict[str, Any]]:
    """The API's rows: `by="district"` each district, `by="area"` inner, outer and city."""
    overview = equality_overview(user=user, start=start, end=end, on=on, monthly=False)
    area_groups = {*overview.series_groups}
    rows = []
    for group, figures in overview.comparison:
        if (by == "area") != (group in area_groups):
            continue
        row: dict[str, Any] = {"group": group}
        incomplete: dict[str, dt.date]
        row |= {field: figures[figure] for field, figure in API_FIELDS.items()}
        # Censoring: a figure whose reports have not all had their follow-up window yet.
        incomplete = {
            field: figures["incomplete"][figure]
            for field, figure in API_FIELDS.items()
            if figure in figures["incomplete"]
        }
        row["complete"] = not incomplete
        row["final_on"] = max(incomplete.values()).isoformat() if incomplete else None
        row["incomplete_figures"] = {
            field: day.isoformat() for field, day in sorted(incomplete.items())
        }
        rows.append(row)
    return rows


# The API's field for each figure.
API_FIELDS = {
    "reports": "reports",
    "median_days_to_safety_assessment": "safety_median",
    "median_days_to_pre_assessment": "pre_median",
    "p90_days_to_pre_assessment": "pre_p90",
    "median_days_to_first_intervention": "intervention_median",
    "share_pre_assessment_late": "pre_late_share",
    "share_investigation_over_4_months": "investigation_over_share",
}


# --- Budget against outcome ---


class Compared:
    """What a budget line's money is compared with (see budget_outcome)."""

    PROGRAMME = "programme"  # the programme's recorded cost (its whole cost is recorded)
    FUNDED = "funded_interventions"  # the cost of the interventions the change funds
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


def _programme_expression() -> SqlCase:
    """Each intervention's programme id, from the mapping data (a type wins over a case kind)."""
    mappings = list(ProgrammeMapping.objects.all())
    whens = [
        When(intervention_type_id=m.intervention_type_id, then=Value(m.programme_id))
        for m in mappings
        if m.intervention_type_id
    ]
    whens += [
        When(case__kind=m.case_kind, then=Value(m.programme_id)) for m in mappings if m.case_kind
    ]
    return SqlCase(*whens, default=Value(None), output_field=IntegerField())


def actual_costs(year: int) -> dict[tuple[int, str | None], tuple[int, int]]:
    """Cost of interventions started in the year per (programme id, district slug or None for the
    whole city) → (SEK, children)."""
    grouping = Grouping.load()
    district_slug = SqlCase(
        *[
            When(case__district_id=pk, then=Value(slug))
            for pk, slug in grouping.district_group.items()
        ],
        default=Value(None),
    )
    qs = (
        Intervention.objects.filter(started_on__year=year)
        .annotate(programme_id=_programme_expression(), slug=district_slug)
        .exclude(programme_id=None)
    )
    result: dict[tuple[int, str | None], tuple[int, int]] = {}
    if connection.vendor == "postgresql":
        # Both levels in one pass over the year's interventions (grouping sets).
        select, params = qs.values_list(
            "programme_id", "slug", "case__person_id", "cost_sek"
        ).query.sql_with_params()
        sql = (
            "SELECT programme_id, slug, GROUPING(slug), sum(cost), count(DISTINCT person_id) "  # noqa: S608
            f"FROM ({select}) AS s(programme_id, slug, person_id, cost) "
            "GROUP BY GROUPING SETS ((programme_id, slug), (programme_id)) "
            # The whole-city rows last: they win over interventions outside any district.
            "ORDER BY GROUPING(slug)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for programme_id, slug, whole_city, cost, children in cursor.fetchall():
                result[(programme_id, None if whole_city else slug)] = (cost or 0, children)
        return result
    for row in qs.values("programme_id", "slug").annotate(
        cost=Sum("cost_sek"), children=Count("case__person_id", distinct=True)
    ):
        result[(row["programme_id"], row["slug"])] = (row["cost"] or 0, row["children"])
    for row in qs.values("programme_id").annotate(
        cost=Sum("cost_sek"), children=Count("case__person_id", distinct=True)
    ):
        result[(row["programme_id"], None)] = (row["cost"] or 0, row["children"])
    return result


def _funded_costs(
    lines: list[BudgetLine], year: int, grouping: Grouping
) -> dict[int, tuple[int, int]]:
    """Per budget line with interventions mapped to it: the cost of those interventions started
    in the year, in the line's district (or the whole city) → (SEK, children)."""
    result: dict[int, tuple[int, int]] = {}
    for line in lines:
        types = [t.pk for t in line.funds.all()]
        if not types:
            continue
        qs = Intervention.objects.filter(started_on__year=year, intervention_type_id__in=types)
        if line.district_id is not None:
            slug = grouping.district_group[line.district_id]
            qs = qs.filter(
                case__district_id__in=[pk for pk, s in grouping.district_group.items() if s == slug]
            )
        totals = qs.aggregate(
            cost=Sum("cost_sek"), children=Count("case__person_id", distinct=True)
        )
        result[line.pk] = (totals["cost"] or 0, totals["children"])
    return result


def budget_outcome(*, user: User, year: int) -> list[BudgetRow]:
    """Every budget line of the year, compared only with what means the same thing:

    - a line with a base (allocation = base + change) is compared with the programme's recorded
      cost only when those records are the programme's whole cost (`Programme.costs_complete`);
    - a change without a known base (an earmarked addition) is compared with the cost of the
      interventions mapped to the line (`BudgetLine.funds`), never with the whole programme;
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
    programmes = {line.programme_id for line in lines} | {pid for pid, _slug in costs}
    primary = {key for key, (_sek, children) in costs.items() if 0 < children < 5}
    partitions = [
        ((pid, None), [k for k in costs if k[0] == pid and k[1] is not None]) for pid in programmes
    ]
    hidden = suppression.complete(primary, partitions, lambda k: costs.get(k, (0, 0))[1])

    def actual(key: tuple[int, str | None]) -> int | str:
        if key in hidden:
            return suppression.SUPPRESSED
        return costs.get(key, (0, 0))[0]

    rows: list[BudgetRow] = []
    own = manager_district_slug(user)
    for line in lines:
        slug = grouping.district_group[line.district_id] if line.district_id else None
        if own is not None and slug not in (None, own):
            continue
        row = BudgetRow(
            line=line,
            programme=line.programme.code,
            programme_name=line.programme.name,
            district=slug,
            district_name=grouping.names[slug] if slug else _city_label(),
            base=line.base_sek,
            change=line.change_sek,
            change_percent=line.change_percent,
            allocation=line.allocation_sek if line.base_sek is not None else None,
            actual=None,
        )
        if line.base_sek is not None and line.programme.costs_complete:
            row.compared = Compared.PROGRAMME
            row.actual = actual((line.programme_id, slug))
            row.explanation = gettext("allocation compared with the programme's recorded cost")
            assert row.allocation is not None  # noqa: S101 - the base is known
            row.deviation = (
                row.actual if isinstance(row.actual, str) else row.allocation - row.actual
            )
        elif line.base_sek is not None:
            row.explanation = gettext(
                "not compared: only part of the programme's cost is recorded in Skyddsnät"
            )
        elif line.pk in funded:
            sek, children = funded[line.pk]
            row.compared = Compared.FUNDED
            row.actual = suppression.SUPPRESSED if 0 < children < 5 else sek
            names = ", ".join(sorted((t.name for t in line.funds.all()), key=swedish_sort_key))
            row.explanation = gettext(
                "base unknown: the change compared with the cost of what it funds (%(names)s)"
            ) % {"names": names}
            row.deviation = (
                row.actual if isinstance(row.actual, str) else line.change_sek - row.actual
            )
        else:
            row.explanation = gettext(
                "base unknown, and no interventions are mapped to the change: not compared"
            )
        rows.append(row)
    rows.sort(key=lambda r: (swedish_sort_key(r.programme_name), r.district is not None,
                             swedish_sort_key(r.district_name)))  # fmt: skip
    return rows


def recorded_costs(*, user: User, year: int) -> list[BudgetRow]:
    """The recorded cost of interventions started in the year per programme and district (the
    whole city first), suppressed like the equal-treatment figures."""
    require(may_see_budget(user))
    costs = actual_costs(year)
    grouping = Grouping.load()
    primary = {key for key, (_sek, children) in costs.items() if 0 < children < 5}
    programmes = {pid for pid, _slug in costs}
    partitions = [
        ((pid, None), [k for k in costs if k[0] == pid and k[1] is not None]) for pid in programmes
    ]
    hidden = suppression.complete(primary, partitions, lambda k: costs.get(k, (0, 0))[1])
    names = {p.pk: p for p in Programme.objects.filter(pk__in=programmes)}
    own = manager_district_slug(user)
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
                district_name=grouping.names[slug] if slug else _city_label(),
                base=None,
                change=0,
                change_percent=None,
                allocation=None,
                actual=suppression.SUPPRESSED if (pid, slug) in hidden else sek,
            )
        )
    rows.sort(key=lambda r: (swedish_sort_key(r.programme_name), r.district is not None,
                             swedish_sort_key(r.district_name)))  # fmt: skip
    return rows


# --- Staff ---


@dataclass
class CaseloadRow:
    unit: str
    caseworker: str  # empty on the unit's total row
    open_cases: int | str
    assigned: int | str
    unassigned: int | str
    caseworkers: int
    per_caseworker: float | str | None


def caseload(*, user: User) -> list[CaseloadRow]:
    """Open cases per unit, and per caseworker for a manager's own unit. Counts of cases are
    counts of people: a unit total under five is suppressed for politicians and analysts."""
    require(may_follow_up(user))
    unit_qs = Unit.objects.order_by("name")
    if user.role == Role.MANAGER:
        unit_qs = unit_qs.filter(pk=user.unit_id) if user.unit_id else unit_qs.none()
    units = sorted(unit_qs, key=lambda unit: swedish_sort_key(unit.name))
    counts: dict[int, dict[int | None, int]] = defaultdict(dict)
    for row in (
        Case.objects.filter(status__in=OPEN_STATUSES, unit__in=units)
        .values("unit_id", "assigned_to_id")
        .annotate(n=Count("id"))
    ):
        counts[row["unit_id"]][row["assigned_to_id"]] = row["n"]
    staff = defaultdict(list)
    for member in User.objects.filter(
        unit__in=units, role__in=[Role.CASEWORKER, Role.LSS_OFFICER], is_active=True
    ).order_by("username"):
        staff[member.unit_id].append(member)
    rows = []
    for unit in units:
        per_user = counts.get(unit.pk, {})
        total = sum(per_user.values())
        if total == 0 and not staff[unit.pk]:
            continue
        unassigned = per_user.get(None, 0)
        assigned = total - unassigned
        workers = len(staff[unit.pk])
        mean = round(assigned / workers, 1) if workers else None
        hide = user.role != Role.MANAGER and 0 < total < suppression.MIN_CHILDREN

        def mask(value, hide=hide):
            return suppression.SUPPRESSED if hide else value

        rows.append(
            CaseloadRow(
                unit=unit.name,
                caseworker="",
                open_cases=mask(total),
                assigned=mask(assigned),
                unassigned=mask(unassigned),
                caseworkers=workers,
                per_caseworker=mask(mean),
            )
        )
        if user.role == Role.MANAGER:
            for member in staff[unit.pk]:
                n = per_user.get(member.pk, 0)
                rows.append(
                    CaseloadRow(
                        unit=unit.name,
                        caseworker=member.get_full_name() or member.get_username(),
                        open_cases=n,
                        assigned=n,
                        unassigned=0,
                        caseworkers=1,
                        per_caseworker=n,
                    )
                )
    return rows


@dataclass
class StaffRow:
    unit: str
    year: int
    role: str
    employees: Decimal
    leavers: int
    turnover_percent: Decimal | None
    vacancies: int
    median_monthly_salary: int | None


def staff_figures(*, user: User, year: int | None = None) -> list[StaffRow]:
    """Turnover, vacancies and salary level per unit, year and role (a manager: their unit).
    Staff figures are about employees, whose salaries are public records; nothing is suppressed."""
    require(may_follow_up(user) or may_see_budget(user))
    qs = StaffFigure.objects.select_related("unit").order_by("unit__name", "-year", "role")
    if user.role == Role.MANAGER:
        qs = qs.filter(unit_id=user.unit_id) if user.unit_id else qs.none()
    if year is not None:
        qs = qs.filter(year=year)
    rows = []
    # Swedish order of the units (the database's collation may not be Swedish); sorted() is
    # stable, so year (newest first) and role keep the database's order within a unit.
    for figure in sorted(qs, key=lambda f: swedish_sort_key(f.unit.name)):
        turnover = (
            (Decimal(figure.leavers) * 100 / figure.employees).quantize(Decimal("0.1"))
            if figure.employees
            else None
        )
        rows.append(
            StaffRow(
                unit=figure.unit.name,
                year=figure.year,
                role=str(figure.get_role_display()),
                employees=figure.employees,
                leavers=figure.leavers,
                turnover_percent=turnover,
                vacancies=figure.vacancies,
                median_monthly_salary=figure.median_monthly_salary,
            )
        )
    return rows


# --- National statistics files (individual rows, pseudonymised) ---


def pseudonym(identity_number: str) -> str:
    """A stable pseudonym: the same child gets the same code in every file, and the identity
    number cannot be read back without the installation's secret key."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"register:{identity_number}".encode(), hashlib.sha256).hexdigest()[:16]


def _sex(identity_number: str) -> str:
    return "M" if int(identity_number[10]) % 2 else "K"


def _intervention_rows(
    qs: QuerySet[Intervention], user: User, action: str
) -> list[dict[str, object]]:
    """One row per intervention; each person in the file is audited once, with the case of
    their first intervention in the file, by one INSERT … SELECT over the same query."""
    grouping = Grouping.load()
    names = {pk: grouping.names[slug] for pk, slug in grouping.district_group.items()}
    # The act as the register writes it (SoL, LVU, LSS), whatever the UI language.
    acts = {"sol": "SoL", "lvu": "LVU", "lss": "LSS"}
    pseudonyms: dict[str, str] = {}
    rows: list[dict[str, object]] = []
    ordered = qs.order_by("case__person_id", "started_on", "pk")
    for (
        number,
        born,
        municipality,
        district_id,
        code,
        name,
        placement,
        legal_basis,
        started_on,
        ended_on,
    ) in ordered.values_list(
        "case__person__personal_identity_number",
        "case__person__date_of_birth",
        "case__unit__municipality__code",
        "case__district_id",
        "intervention_type__code",
        "intervention_type__name",
        "intervention_type__is_placement",
        "intervention_type__legal_basis",
        "started_on",
        "ended_on",
    ):
        code_of_child = pseudonyms.get(number)
        if code_of_child is None:
            code_of_child = pseudonyms[number] = pseudonym(number)
        rows.append(
            {
                "pseudonym": code_of_child,
                "birth_year": born.year,
                "sex": _sex(number),
                "municipality_code": municipality,
                "district": names[district_id] if district_id else "",
                "intervention_code": code,
                "intervention": name,
                "placement": placement,
                "legal_basis": acts.get(legal_basis, legal_basis),
                "started_on": started_on.isoformat(),
                "ended_on": ended_on.isoformat() if ended_on else "",
            }
        )
    if connection.vendor == "postgresql":
        people = ordered.distinct("case__person_id").values_list("case__person_id", "case_id")
        audit_log_query(user=user, action=action, rows=people)
    else:  # no DISTINCT ON: pick each person's first case here
        first: dict[int, int] = {}
        for person_id, case_id in ordered.values_list("case__person_id", "case_id"):
            first.setdefault(person_id, case_id)
        audit_log_many(user=user, action=action, rows=list(first.items()))
    return rows


def child_youth_register(*, user: User, year: int) -> list[dict[str, object]]:
    """Placements of children and youth, and every intervention under LVU, in force at some time
    during the year, each with the act it was given under."""
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
    return _intervention_rows(qs, user, "followup.export.register")


def ongoing_interventions(*, user: User, on: dt.date | None = None) -> list[dict[str, object]]:
    """Every intervention for children and youth in force on the day (default today)."""
    require(may_export_microdata(user))
    on = on or timezone.localdate()
    qs = Intervention.objects.filter(case__kind="children", started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    return _intervention_rows(qs, user, "followup.export.ongoing")
