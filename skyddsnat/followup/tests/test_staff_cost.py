"""The welfare-crime line's actual cost from staff figures: employees × median monthly salary × 12
× (1 + the year's employer's contributions), the rate and the mapping being data; not compared,
with the reason, where the year has no figures; page, API and CSV saying the same."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from conftest import PASSWORD, make_user
from skyddsnat.cases.models import InterventionType
from skyddsnat.followup.formats import NBSP
from skyddsnat.followup.models import (
    BUDGET_GROUP,
    EmployerContributionRate,
    Programme,
    ProgrammeMapping,
    StaffCostMapping,
    StaffFigure,
)
from skyddsnat.followup.services import budget_line_save
from skyddsnat.followup.tests.conftest import Flow, at
from skyddsnat.organisation.models import Role, Unit, UnitKind

SEED_CHANGE = 8_500_000  # the seed's +8.5 MSEK for welfare-crime officers


def estimate(employees: int | str, salary: int, year: int = 2021) -> int:
    """The expected staff cost, from the inputs and the year's rate row (not from the code)."""
    percent = EmployerContributionRate.objects.get(year=year).percent
    cost = Decimal(employees) * salary * 12 * (1 + percent / 100)
    return int(cost.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def officers(district: str, employees: str, salary: int | None, year: int = 2021) -> StaffFigure:
    unit = Unit.objects.get(district__slug=district, kind=UnitKind.CHILDREN)
    return StaffFigure.objects.create(
        unit=unit,
        year=year,
        role=Role.WELFARE_CRIME,
        employees=Decimal(employees),
        median_monthly_salary=salary,
    )


def welfare_line(client, year: int = 2021, district: str | None = None) -> dict:
    lines = client.get(reverse("api-followup-budget"), {"year": year}).json()["lines"]
    return next(
        line
        for line in lines
        if line["programme"] == "welfare-crime" and line["district"] == district
    )


@pytest.fixture
def signed_in(client, politician):
    client.login(username="politiker", password=PASSWORD)
    return client


def test_the_2021_rate_and_the_welfare_crime_mapping_are_seeded(db):
    rate = EmployerContributionRate.objects.get(year=2021)
    assert rate.percent == Decimal("31.42") and "2000:980" in rate.source
    mapping = StaffCostMapping.objects.get(role=Role.WELFARE_CRIME)
    assert mapping.programme.code == "welfare-crime" and mapping.unit_kind == ""


def test_six_officers_give_their_estimated_cost_and_the_deviation(signed_in):
    officers("jarva", "6", 40_000)
    line = welfare_line(signed_in)
    expected = estimate(6, 40_000)
    # 6 × 40 000 × 12 × 1.3142, written out once so that a wrong rate row is noticed too.
    assert expected == 3_784_896
    assert line["compared_with"] == "staff_and_interventions"
    assert line["staff_cost"] == expected
    assert line["intervention_cost"] == 0
    assert line["actual"] == expected
    assert line["deviation"] == SEED_CHANGE - expected
    assert line["not_compared_reason"] is None
    # The base is unknown: the change is what the cost is set against.
    assert line["base"] is None and line["allocation"] is None


def test_the_city_line_adds_up_every_district_and_a_district_line_only_its_own(signed_in):
    officers("jarva", "1", 41_000)
    officers("sodermalm", "1.5", 43_500)
    controller = make_user("budget.staff", Role.ANALYST)
    controller.groups.add(Group.objects.get(name=BUDGET_GROUP))
    budget_line_save(
        user=controller,
        year=2021,
        programme=Programme.objects.get(code="welfare-crime"),
        district=Unit.objects.get(district__slug="jarva", kind=UnitKind.CHILDREN).district,
        change_sek=700_000,
    )
    city = welfare_line(signed_in)
    assert city["staff_cost"] == estimate(1, 41_000) + estimate("1.5", 43_500)
    jarva = welfare_line(signed_in, district="jarva")
    assert jarva["staff_cost"] == estimate(1, 41_000)
    assert jarva["deviation"] == 700_000 - estimate(1, 41_000)


def test_without_staff_figures_the_line_is_not_compared_and_says_why(signed_in):
    officers("jarva", "6", 40_000, year=2022)  # another year's figures do not count
    line = welfare_line(signed_in)
    assert line["compared_with"] is None
    assert line["actual"] is None and line["deviation"] is None
    assert line["staff_cost"] is None and line["intervention_cost"] is None
    assert line["not_compared_reason"] == "no_staff_figures"
    page = signed_in.get(reverse("followup-budget"), {"year": 2021}).content.decode()
    assert "jämförs inte: inga personalsiffror för 2021" in page


def test_a_figure_without_a_median_salary_is_not_estimated(signed_in):
    officers("jarva", "6", 40_000)
    officers("sodermalm", "1", None)
    line = welfare_line(signed_in)
    assert line["actual"] is None and line["not_compared_reason"] == "salary_missing"
    page = signed_in.get(reverse("followup-budget"), {"year": 2021}).content.decode()
    assert "saknar medianlön" in page


def test_a_year_without_a_contribution_rate_is_not_compared(signed_in):
    EmployerContributionRate.objects.filter(year=2021).delete()
    officers("jarva", "6", 40_000)
    line = welfare_line(signed_in)
    assert line["actual"] is None and line["not_compared_reason"] == "no_contribution_rate"


def test_the_rate_is_data_changing_it_changes_the_cost(signed_in):
    officers("jarva", "6", 40_000)
    before = welfare_line(signed_in)["staff_cost"]
    # A municipality enters its personnel overhead (PO-pålägg) instead of the statutory rate.
    EmployerContributionRate.objects.filter(year=2021).update(percent=Decimal("40.15"))
    after = welfare_line(signed_in)["staff_cost"]
    assert after == estimate(6, 40_000) != before
    assert after == 6 * 40_000 * 12 + 6 * 40_000 * 12 * 4015 // 10_000


def test_the_mapping_is_data_without_it_the_line_is_as_before(signed_in):
    officers("jarva", "6", 40_000)
    StaffCostMapping.objects.all().delete()
    line = welfare_line(signed_in)
    assert line["staff_cost"] is None and line["not_compared_reason"] == "nothing_funded"


def test_a_mapping_of_the_unit_kind_wins_over_one_for_every_kind(signed_in):
    other = Programme.objects.create(code="lss-fraud", name="Felaktiga utbetalningar LSS")
    StaffCostMapping.objects.create(programme=other, role=Role.WELFARE_CRIME, unit_kind="lss")
    officers("jarva", "6", 40_000)
    lss_unit = Unit.objects.get(district__slug="jarva", kind=UnitKind.LSS)
    StaffFigure.objects.create(
        unit=lss_unit, year=2021, role=Role.WELFARE_CRIME, employees=2, median_monthly_salary=1
    )
    assert welfare_line(signed_in)["staff_cost"] == estimate(6, 40_000)


def test_page_api_and_csv_agree_in_swedish_numbers(signed_in):
    officers("jarva", "6", 40_000)
    expected = estimate(6, 40_000)
    line = welfare_line(signed_in)
    assert (line["staff_cost"], line["deviation"]) == (3_784_896, 4_715_104)
    page = signed_in.get(reverse("followup-budget"), {"year": 2021}).content.decode()
    assert f"3{NBSP}784{NBSP}896" in page and f"4{NBSP}715{NBSP}104" in page
    assert "uppskattad personalkostnad (6 anställda × medianmånadslön × 12 × (1 + 31,42" in page
    assert "Uppskattad personalkostnad (kr)" in page
    body = signed_in.get(reverse("followup-export", args=["budget", "csv"]), {"year": 2021})
    rows = body.content.decode("utf-8-sig").splitlines()
    header = rows[0].split(";")
    row = next(r for r in rows if r.startswith("Handläggare mot välfärdsbrott;")).split(";")
    cells = dict(zip(header, row, strict=True))
    assert cells["Uppskattad personalkostnad (kr)"] == str(expected)
    assert cells["Kostnad för insatser (kr)"] == "0"
    assert cells["Kostnad (kr)"] == str(expected)
    assert cells["Avvikelse (kr)"] == str(SEED_CHANGE - expected)
    assert "31,42" in cells["Jämförs med"] and "31.42" not in cells["Jämförs med"]


def test_a_suppressed_intervention_cost_suppresses_the_sum_but_not_the_staff_cost(flows, signed_in):
    # Contact persons count as welfare-crime interventions (a type mapping wins over the kind):
    # two children with one each in 2021, too few to show.
    contact = InterventionType.objects.get(code="contact-person")
    ProgrammeMapping.objects.create(
        programme=Programme.objects.get(code="welfare-crime"), intervention_type=contact
    )
    day = dt.date(2021, 2, 1)
    flows(
        [
            Flow("jarva", at(day + dt.timedelta(days=i)), 5, 3, True, 20, 30, cost_sek=50_000)
            for i in range(2)
        ]
    )
    officers("jarva", "6", 40_000)
    line = welfare_line(signed_in)
    assert line["staff_cost"] == estimate(6, 40_000)
    assert line["intervention_cost"] == "<5"
    assert line["actual"] == "<5" and line["deviation"] == "<5"


def test_five_children_s_interventions_are_added_to_the_staff_cost(flows, signed_in):
    contact = InterventionType.objects.get(code="contact-person")
    ProgrammeMapping.objects.create(
        programme=Programme.objects.get(code="welfare-crime"), intervention_type=contact
    )
    day = dt.date(2021, 2, 1)
    flows(
        [
            Flow("jarva", at(day + dt.timedelta(days=i)), 5, 3, True, 20, 30, cost_sek=50_000)
            for i in range(5)
        ]
    )
    officers("jarva", "6", 40_000)
    line = welfare_line(signed_in)
    assert line["intervention_cost"] == 5 * 50_000
    assert line["actual"] == estimate(6, 40_000) + 5 * 50_000
    assert line["deviation"] == SEED_CHANGE - line["actual"]
