"""Staff figures: caseload per unit (and per caseworker for a manager's own unit), and turnover,
vacancies and salaries per unit, year and role."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseStatus
from skyddsnat.cases.policy import may_follow_up, may_see_budget, require
from skyddsnat.followup import suppression
from skyddsnat.followup.formats import swedish_sort_key
from skyddsnat.followup.models import StaffFigure
from skyddsnat.organisation.models import Unit, User


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
    if policy.is_manager(user):
        unit_qs = unit_qs.filter(pk=user.unit_id) if user.unit_id else unit_qs.none()
    units = sorted(unit_qs, key=lambda unit: swedish_sort_key(unit.name))
    counts: dict[int, dict[int | None, int]] = defaultdict(dict)
    for row in (
        # "not closed" (= OPEN_STATUSES), as the index of open cases says (followup/0011).
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(unit__in=units)
        .values("unit_id", "assigned_to_id")
        .annotate(n=Count("*"))
    ):
        counts[row["unit_id"]][row["assigned_to_id"]] = row["n"]
    staff = defaultdict(list)
    for member in User.objects.filter(
        unit__in=units, role__in=policy.CASE_HANDLER_ROLES, is_active=True
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
        hide = not policy.is_manager(user) and 0 < total < suppression.MIN_CHILDREN

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
        if policy.is_manager(user):
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
    if policy.is_manager(user):
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
