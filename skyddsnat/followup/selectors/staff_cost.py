"""The estimated staff cost of programmes whose money pays salaries (the welfare-crime officers):
employees × median monthly salary × 12 × (1 + the year's employer's contributions), from the
staff figures of the roles the staff-cost mapping names, per district and for the whole city.

Median salary × employees is an estimate, not the payroll: the pages say "uppskattad
personalkostnad". Staff figures are about employees, whose salaries are public records, so they
are not suppressed."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from skyddsnat.followup.equality import Grouping
from skyddsnat.followup.models import EmployerContributionRate, StaffCostMapping, StaffFigure

MONTHS = 12


class Missing:
    """Why a staffed programme's line is not compared (codes of the API's `not_compared_reason`)."""

    NO_FIGURES = "no_staff_figures"
    NO_RATE = "no_contribution_rate"
    NO_SALARY = "salary_missing"


@dataclass
class StaffCost:
    """The staff cost of one programme in one district (or the whole city) in one year."""

    sek: Decimal = Decimal(0)
    employees: Decimal = Decimal(0)
    figures: int = 0
    # Figures with employees but no median salary: the estimate cannot be made.
    without_salary: int = 0
    roles: set[str] = field(default_factory=set)

    def add(self, figure: StaffFigure, factor: Decimal | None) -> None:
        self.figures += 1
        self.employees += figure.employees
        self.roles.add(figure.role)
        if figure.median_monthly_salary is None:
            self.without_salary += int(figure.employees > 0)
        elif factor is not None:
            self.sek += figure.employees * figure.median_monthly_salary * MONTHS * factor

    def whole_sek(self) -> int:
        return int(self.sek.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class StaffCosts:
    """A year's staff costs per (programme id, district slug or None for the whole city)."""

    year: int
    rate: EmployerContributionRate | None
    programmes: set[int]  # the programmes with staff mapped to them
    costs: dict[tuple[int, str | None], StaffCost]

    def missing(self, key: tuple[int, str | None]) -> str:
        """Why the staff cost of a programme (and district) cannot be given, or ""."""
        cost = self.costs.get(key)
        if cost is None or cost.figures == 0:
            return Missing.NO_FIGURES
        if cost.without_salary:
            return Missing.NO_SALARY
        if self.rate is None:
            return Missing.NO_RATE
        return ""


def employer_factor(rate: EmployerContributionRate | None) -> Decimal | None:
    """1 + the rate: what a salary costs the employer per krona paid."""
    return None if rate is None else 1 + rate.percent / 100


def staff_costs(year: int, grouping: Grouping) -> StaffCosts:
    """The estimated staff cost of each programme with a staff-cost mapping. A unit's figure
    counts under its district (merged districts under their successor) and the whole city; a
    mapping of the unit's kind wins over one for every kind, so a figure counts once."""
    mappings = {(m.role, m.unit_kind): m.programme_id for m in StaffCostMapping.objects.all()}
    rate = EmployerContributionRate.objects.filter(year=year).first()
    result = StaffCosts(year=year, rate=rate, programmes=set(mappings.values()), costs={})
    if not mappings:
        return result
    factor = employer_factor(rate)
    costs: dict[tuple[int, str | None], StaffCost] = defaultdict(StaffCost)
    figures = StaffFigure.objects.filter(
        year=year, role__in={role for role, _kind in mappings}
    ).select_related("unit")
    for figure in figures:
        programme = mappings.get((figure.role, figure.unit.kind), mappings.get((figure.role, "")))
        if programme is None:
            continue
        costs[(programme, None)].add(figure, factor)
        if figure.unit.district_id is not None:
            slug = grouping.district_group[figure.unit.district_id]
            costs[(programme, slug)].add(figure, factor)
    result.costs = dict(costs)
    return result
