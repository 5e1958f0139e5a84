"""Writes in the follow-up: budget lines (budget staff) and staff figures (managers for their unit,
or an HR import as CSV). Each runs in one transaction and is audited."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.policy import is_budget_staff
from skyddsnat.followup.models import BudgetLine, BudgetYear, Programme, StaffFigure
from skyddsnat.organisation.models import District, Role, Unit, User

PERCENT = Decimal("0.001")


@dataclass(frozen=True)
class Allocation:
    base_sek: int | None
    change_sek: int
    change_percent: Decimal | None


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def allocation_resolve(
    *, base_sek: int | None, change_sek: int | None, change_percent: Decimal | None
) -> Allocation:
    """Complete an allocation from what the budget text states.

    "+4.4 %, 177 MSEK" (percentage and amount) gives the base they imply, 177 / 0.044; a base and a
    percentage give the amount; a base and an amount give the percentage; an amount alone is an
    earmarked addition with the base not stated. All three must agree to within the rounding of
    the percentage as written (half of its last decimal).
    """
    if base_sek is not None and base_sek < 0:
        raise ValidationError({"base_sek": _("The base cannot be negative.")})
    if change_percent is not None:
        change_percent = Decimal(change_percent)
    if base_sek is None and change_sek is None:
        raise ValidationError({"change_sek": _("State a base, a change, or both.")})
    if change_percent is not None and change_sek is None and base_sek is None:
        raise ValidationError({"change_sek": _("A percentage needs a base or an amount.")})
    if change_percent is not None and change_sek is not None and base_sek is None:
        if change_percent == 0:
            raise ValidationError({"change_percent": _("A zero percentage implies no base.")})
        base_sek = _whole(Decimal(change_sek) * 100 / change_percent)
        return Allocation(base_sek=base_sek, change_sek=change_sek, change_percent=change_percent)
    if change_percent is not None and change_sek is None:
        change_sek = _whole(Decimal(base_sek or 0) * change_percent / 100)
        return Allocation(base_sek=base_sek, change_sek=change_sek, change_percent=change_percent)
    change_sek = change_sek or 0
    if change_percent is None:
        percent = (Decimal(change_sek) * 100 / base_sek).quantize(PERCENT) if base_sek else None
        return Allocation(base_sek=base_sek, change_sek=change_sek, change_percent=percent)
    # All three stated: they must agree.
    exponent = change_percent.as_tuple().exponent
    half_step = Decimal(5).scaleb(exponent - 1 if isinstance(exponent, int) else -4)
    tolerance = Decimal(base_sek or 0) * half_step / 100 + 1
    if abs(Decimal(base_sek or 0) * change_percent / 100 - change_sek) > tolerance:
        raise ValidationError(
            {"change_percent": _("The percentage does not match the base and the amount.")}
        )
    return Allocation(base_sek=base_sek, change_sek=change_sek, change_percent=change_percent)


def _snapshot(line: BudgetLine) -> dict[str, object]:
    return {
        "base_sek": line.base_sek,
        "change_sek": line.change_sek,
        "change_percent": str(line.change_percent) if line.change_percent is not None else None,
        "funds": sorted(t.code for t in line.funds.all()) if line.pk else [],
    }


def budget_line_save(
    *,
    user: User,
    year: int,
    programme: Programme,
    district: District | None = None,
    base_sek: int | None = None,
    change_sek: int | None = None,
    change_percent: Decimal | None = None,
    note: str = "",
    funds: Iterable[InterventionType] | None = None,
    line: BudgetLine | None = None,
) -> BudgetLine:
    """Enter a new budget line or adjust an existing one (budget staff only)."""
    if not is_budget_staff(user):
        raise PermissionDenied(_("Only budget staff may enter budgets."))
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    if (
        district is not None
        and district.successor_id is not None
        and year > (district.valid_to.year if district.valid_to else year)
    ):
        raise ValidationError({"district": _("The district did not exist that year.")})
    allocation = allocation_resolve(
        base_sek=base_sek, change_sek=change_sek, change_percent=change_percent
    )
    with transaction.atomic():
        budget_year, _created = BudgetYear.objects.get_or_create(year=year)
        duplicate = BudgetLine.objects.filter(
            year=budget_year, programme=programme, district=district
        )
        if line is not None:
            duplicate = duplicate.exclude(pk=line.pk)
        if duplicate.exists():
            raise ValidationError(
                {"programme": _("The programme already has a line for that year and district.")}
            )
        before = _snapshot(line) if line is not None else None
        line = line or BudgetLine()
        line.year = budget_year
        line.programme = programme
        line.district = district
        line.base_sek = allocation.base_sek
        line.change_sek = allocation.change_sek
        line.change_percent = allocation.change_percent
        line.note = note.strip()
        line.updated_by = user
        line.save()
        if funds is not None:
            line.funds.set(list(funds))
        audit_log(
            user=user,
            action="followup.budget.update",
            line_id=line.pk,
            year=year,
            programme=programme.code,
            district=district.slug if district else None,
            before=before,
            after=_snapshot(line),
        )
    return line


# --- Staff figures ---


def _may_enter_staff(user: User, unit: Unit) -> bool:
    if policy.may_manage_unit(user, unit.pk):
        return True
    return is_budget_staff(user)


def _validate_staff(
    *, year: int, role: str, employees: Decimal, leavers: int, vacancies: int, salary: int | None
) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    if role not in (Role.CASEWORKER, Role.LSS_OFFICER, Role.MANAGER):
        raise ValidationError({"role": _("Choose a staff role of a unit.")})
    if employees < 0 or leavers < 0 or vacancies < 0:
        raise ValidationError({"employees": _("Numbers cannot be negative.")})
    if leavers > employees * 3:
        raise ValidationError(
            {"leavers": _("More leavers than three times the staff is unlikely.")}
        )
    if salary is not None and not 10_000 <= salary <= 200_000:
        raise ValidationError(
            {"median_monthly_salary": _("Enter a monthly salary between 10 000 and 200 000.")}
        )


def _store_staff(user: User, unit: Unit, year: int, role: str, **values: object) -> StaffFigure:
    figure, _created = StaffFigure.objects.update_or_create(
        unit=unit, year=year, role=role, defaults={**values, "updated_by": user}
    )
    return figure


def staff_figure_save(
    *,
    user: User,
    unit: Unit,
    year: int,
    role: str,
    employees: Decimal,
    leavers: int,
    vacancies: int,
    median_monthly_salary: int | None = None,
) -> StaffFigure:
    """A manager enters the year's staff figures for one role of their unit."""
    if not _may_enter_staff(user, unit):
        raise PermissionDenied(_("Managers enter staff figures for their own unit."))
    employees = Decimal(employees)
    _validate_staff(
        year=year,
        role=role,
        employees=employees,
        leavers=leavers,
        vacancies=vacancies,
        salary=median_monthly_salary,
    )
    with transaction.atomic():
        figure = _store_staff(
            user,
            unit,
            year,
            role,
            employees=employees,
            leavers=leavers,
            vacancies=vacancies,
            median_monthly_salary=median_monthly_salary,
        )
        audit_log(user=user, action="followup.staff.update", unit=unit.pk, year=year, role=role)
    return figure


CSV_COLUMNS = [
    "district",
    "unit_kind",
    "year",
    "role",
    "employees",
    "leavers",
    "vacancies",
    "median_monthly_salary",
]


def staff_import_csv(*, user: User, text: str) -> int:
    """Import staff figures from CSV (columns CSV_COLUMNS, comma or semicolon separated).

    Every row is validated first; if any is wrong nothing is stored and the error lists each bad
    row by its line number. A manager may import only their own unit's rows.
    """
    if not policy.may_import_staff_figures(user):
        raise PermissionDenied(_("Managers and budget staff import staff figures."))
    text = text.lstrip("\ufeff")
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != CSV_COLUMNS:
        raise ValidationError(
            {"file": _("The first line must be: %(columns)s") % {"columns": ",".join(CSV_COLUMNS)}}
        )
    units = {
        ((u.district.slug if u.district else ""), u.kind): u
        for u in Unit.objects.select_related("district")
    }
    errors: list[str] = []
    parsed: list[tuple[Unit, int, str, dict[str, object]]] = []
    seen: set[tuple[int, int, str]] = set()
    for row in reader:
        line = reader.line_num
        try:
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
            unit = units.get((row["district"], row["unit_kind"]))
            if unit is None:
                raise ValidationError(_("unknown unit"))
            if not _may_enter_staff(user, unit):
                raise ValidationError(_("not your unit"))
            year = int(row["year"])
            employees = Decimal(row["employees"].replace(",", "."))
            leavers, vacancies = int(row["leavers"]), int(row["vacancies"])
            salary = int(row["median_monthly_salary"]) if row["median_monthly_salary"] else None
            _validate_staff(
                year=year,
                role=row["role"],
                employees=employees,
                leavers=leavers,
                vacancies=vacancies,
                salary=salary,
            )
            if (unit.pk, year, row["role"]) in seen:
                raise ValidationError(_("the same unit, year and role twice"))
            seen.add((unit.pk, year, row["role"]))
        except (ValueError, InvalidOperation, KeyError):
            errors.append(_("Line %(line)d: not a number where one is needed.") % {"line": line})
            continue
        except ValidationError as error:
            message = "; ".join(error.messages)
            errors.append(_("Line %(line)d: %(error)s") % {"line": line, "error": message})
            continue
        values = {
            "employees": employees,
            "leavers": leavers,
            "vacancies": vacancies,
            "median_monthly_salary": salary,
        }
        parsed.append((unit, year, row["role"], values))
    if errors:
        raise ValidationError({"file": errors})
    if not parsed:
        raise ValidationError({"file": _("The file has no rows.")})
    with transaction.atomic():
        for unit, year, role, values in parsed:
            _store_staff(user, unit, year, role, **values)
        audit_log(user=user, action="followup.staff.import", rows=len(parsed))
    return len(parsed)
