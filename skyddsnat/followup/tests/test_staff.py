"""Staff follow-up: caseload from the records, figures entered by managers or imported as CSV."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import PASSWORD
from skyddsnat.audit.models import AuditEntry
from skyddsnat.followup import selectors
from skyddsnat.followup.models import StaffFigure
from skyddsnat.followup.services import staff_figure_save, staff_import_csv
from skyddsnat.organisation.models import Unit

HEADER = "district,unit_kind,year,role,employees,leavers,vacancies,median_monthly_salary\n"


def test_a_manager_enters_their_units_figures(manager):
    staff_figure_save(
        user=manager,
        unit=manager.unit,
        year=2024,
        role="caseworker",
        employees=Decimal("20"),
        leavers=5,
        vacancies=2,
        median_monthly_salary=38_500,
    )
    rows = selectors.staff_figures(user=manager)
    assert rows[0].turnover_percent == Decimal("25.0")
    assert AuditEntry.objects.filter(action="followup.staff.update").exists()


def test_a_manager_cannot_enter_another_units_figures(manager):
    other = Unit.objects.get(district__slug="sodermalm", kind="children")
    with pytest.raises(PermissionDenied):
        staff_figure_save(
            user=manager, unit=other, year=2024, role="caseworker",
            employees=Decimal(5), leavers=0, vacancies=0,
        )  # fmt: skip


def test_a_csv_with_bad_rows_is_refused_with_line_numbers_and_nothing_stored(manager):
    text = HEADER + (
        "jarva,children,2024,caseworker,20,5,2,38500\n"
        "jarva,children,2024,manager,x,0,0,52000\n"
        "sodermalm,children,2024,caseworker,10,1,0,37000\n"
    )
    with pytest.raises(ValidationError) as error:
        staff_import_csv(user=manager, text=text)
    messages = error.value.message_dict["file"]
    assert any(m.startswith("Line 3") or m.startswith("Rad 3") for m in messages)
    assert any(m.startswith("Line 4") or m.startswith("Rad 4") for m in messages)
    assert not StaffFigure.objects.exists()


def test_a_good_csv_is_imported(manager):
    text = (
        HEADER + "jarva,children,2024,caseworker,20,5,2,38500\njarva,children,2024,manager,2,0,0,\n"
    )
    assert staff_import_csv(user=manager, text=text) == 2
    assert StaffFigure.objects.count() == 2


def test_caseload_per_caseworker_for_the_manager_and_per_unit_for_politicians(
    make_report, caseworker, manager, politician
):
    for _ in range(6):
        make_report(caseworker)
    rows = selectors.caseload(user=manager)
    assert rows[0].open_cases == 6 and rows[0].caseworker == ""
    assert any(r.caseworker == "Sara Ek" and r.open_cases == 6 for r in rows)
    unit_rows = selectors.caseload(user=politician)
    assert all(r.caseworker == "" for r in unit_rows)


def test_a_unit_with_fewer_than_five_open_cases_is_suppressed_for_politicians(
    make_report, caseworker, politician
):
    make_report(caseworker)
    rows = selectors.caseload(user=politician)
    jarva = next(r for r in rows if "Järva" in r.unit)
    assert jarva.open_cases == "<5"


def test_the_staff_page_imports_a_file(manager, client):
    client.login(username="chef.jarva", password=PASSWORD)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "staff.csv", (HEADER + "jarva,children,2024,caseworker,20,5,2,38500\n").encode()
    )
    response = client.post(reverse("followup-staff"), {"form": "import", "file": upload})
    assert response.status_code == 302
    assert StaffFigure.objects.count() == 1
    page = client.get(reverse("followup-staff"))
    assert page.status_code == 200


def test_a_caseworker_has_no_staff_page(caseworker, client):
    client.login(username="socsek.jarva", password=PASSWORD)
    assert client.get(reverse("followup-staff")).status_code in (403, 404)
