"""Budget 2021 from the seed, derived bases, entry by budget staff (audited), budget against
actual cost, and the budget contract."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import PASSWORD, make_user
from skyddsnat.audit.models import AuditEntry
from skyddsnat.followup.models import BUDGET_GROUP, BudgetLine, Programme
from skyddsnat.followup.services import allocation_resolve, budget_line_save
from skyddsnat.followup.tests.conftest import Flow, at
from skyddsnat.organisation.models import District, Role


@pytest.fixture
def controller(db):
    user = make_user("controller", Role.ANALYST)
    user.groups.add(Group.objects.get(name=BUDGET_GROUP))
    return user


def test_a_percentage_and_an_amount_give_the_base_they_imply():
    resolved = allocation_resolve(
        base_sek=None, change_sek=177_000_000, change_percent=Decimal("4.4")
    )
    assert resolved.base_sek == 4_022_727_273  # 177 / 0.044 MSEK


def test_a_base_and_a_percentage_give_the_amount():
    resolved = allocation_resolve(
        base_sek=355_000_000, change_sek=None, change_percent=Decimal("4")
    )
    assert resolved.change_sek == 14_200_000


def test_it_refuses_a_percentage_that_does_not_match_the_amount():
    with pytest.raises(ValidationError):
        allocation_resolve(base_sek=355_000_000, change_sek=20_000_000, change_percent=Decimal("4"))


def test_the_2021_items_of_the_seed_are_loaded(db):
    lines = {
        line.programme.code: line
        for line in BudgetLine.objects.filter(year__year=2021).select_related("programme")
    }
    assert lines["crime-exit"].change_sek == 10_000_000
    assert lines["children-youth"].change_sek == 36_000_000
    assert lines["welfare-crime"].change_sek == 8_500_000
    assert lines["lss"].change_sek == 177_000_000
    assert (
        lines["lss"].base_sek
        == allocation_resolve(
            base_sek=None, change_sek=177_000_000, change_percent=Decimal("4.4")
        ).base_sek
    )
    assert lines["social-psychiatry"].base_sek == 355_000_000
    assert lines["social-psychiatry"].change_percent == Decimal("4.000")


def test_budget_staff_enter_and_adjust_a_line_and_each_change_is_audited(controller):
    programme = Programme.objects.get(code="children-youth")
    jarva = District.objects.get(slug="jarva")
    line = budget_line_save(
        user=controller, year=2022, programme=programme, district=jarva, base_sek=50_000_000
    )
    budget_line_save(
        user=controller,
        year=2022,
        programme=programme,
        district=jarva,
        base_sek=50_000_000,
        change_percent=Decimal("2"),
        line=line,
    )
    line.refresh_from_db()
    assert line.change_sek == 1_000_000 and line.allocation_sek == 51_000_000
    entries = AuditEntry.objects.filter(action="followup.budget.update", username="controller")
    assert entries.count() == 2
    assert entries.first().detail["before"]["change_sek"] == 0


@pytest.mark.parametrize("persona", ["politician", "manager", "caseworker"])
def test_only_budget_staff_enter_budgets(db, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        budget_line_save(user=user, year=2022, programme=Programme.objects.first(), change_sek=1)


def test_the_budget_contract_with_actual_cost_from_interventions(flows, client, politician):
    day = dt.date(2025, 1, 8)
    flows(
        [
            Flow("jarva", at(day + dt.timedelta(days=i)), 5, 3, True, 20, 30, cost_sek=100_000)
            for i in range(5)
        ]
    )
    controller = make_user("budget.staff", Role.ANALYST)
    controller.groups.add(Group.objects.get(name=BUDGET_GROUP))
    # The recorded interventions are this programme's whole cost: allocation and cost compare.
    Programme.objects.filter(code="children-youth").update(costs_complete=True)
    budget_line_save(
        user=controller,
        year=2025,
        programme=Programme.objects.get(code="children-youth"),
        base_sek=1_000_000,
        change_percent=Decimal("10"),
    )
    client.login(username="politiker", password=PASSWORD)
    response = client.get(reverse("api-followup-budget") + "?year=2025")
    assert response.status_code == 200
    assert response.json() == {
        "lines": [
            {
                "programme": "children-youth",
                "district": None,
                "base": 1_000_000,
                "change": 100_000,
                "change_percent": 10.0,
                "allocation": 1_100_000,
                "compared_with": "programme",
                "actual": 500_000,
                "deviation": 600_000,
                "staff_cost": None,
                "intervention_cost": 500_000,
                "not_compared_reason": None,
            }
        ]
    }
    page = client.get(reverse("followup-budget") + "?year=2025")
    assert "600000" in page.content.decode().replace("\xa0", "").replace(" ", "")


def test_the_2021_budget_answers_with_every_seed_line(client, politician):
    client.login(username="politiker", password=PASSWORD)
    lines = client.get(reverse("api-followup-budget") + "?year=2021").json()["lines"]
    assert {line["programme"] for line in lines} == {
        "crime-exit", "children-youth", "welfare-crime", "lss", "social-psychiatry"
    }  # fmt: skip
    lss = next(line for line in lines if line["programme"] == "lss")
    assert lss["change_percent"] == 4.4 and lss["allocation"] == 4_199_727_273


def test_a_bad_year_is_a_problem(client, politician):
    client.login(username="politiker", password=PASSWORD)
    response = client.get(reverse("api-followup-budget") + "?year=abc")
    assert response.status_code == 400


def test_budget_staff_adjust_a_line_on_the_page(controller, client):
    client.login(username="controller", password=PASSWORD)
    line = BudgetLine.objects.get(programme__code="crime-exit", year__year=2021)
    response = client.post(
        reverse("followup-budget-line-edit", args=[line.pk]),
        {"year": 2021, "programme": line.programme_id, "change_sek": 12_000_000, "note": "Ändrad"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.change_sek == 12_000_000
    assert AuditEntry.objects.filter(action="followup.budget.update").exists()


def test_large_amounts_are_grouped_by_thousands_and_years_are_not():
    from skyddsnat.followup.templatetags.followup import figure

    assert figure(4_022_727_273) == "4\xa0022\xa0727\xa0273"
    assert figure(2021) == "2021"
    assert figure(-177_000_000) == "−177\xa0000\xa0000"
    assert figure(4.4) == "4,4"
    assert figure(Decimal("4.400"), "change_percent") == "4,4\xa0%"
    assert figure(12.5, "pre_late_share") == "12,5\xa0%"
    assert figure("<5") == "<5"


def _seed_line(code):
    return BudgetLine.objects.get(programme__code=code, year__year=2021)


def test_a_change_without_a_base_is_never_compared_with_the_whole_programme(
    flows, client, politician, controller
):
    # 2021: five children in Järva with a contact person costing 1 MSEK each (5 MSEK in all),
    # and the children-youth line "+36 MSEK" without a base.
    day = dt.date(2021, 1, 8)
    flows(
        [
            Flow("jarva", at(day + dt.timedelta(days=i)), 5, 3, True, 20, 30, cost_sek=1_000_000)
            for i in range(5)
        ]
    )
    client.login(username="politiker", password=PASSWORD)
    lines = client.get(reverse("api-followup-budget") + "?year=2021").json()["lines"]
    children = next(line for line in lines if line["programme"] == "children-youth")
    # Nothing mapped to the change: base and allocation unknown, nothing compared.
    assert children["base"] is None and children["allocation"] is None
    assert children["actual"] is None and children["deviation"] is None
    assert children["compared_with"] is None
    # The change funds contact persons: compared with their cost, 36 − 5 MSEK.
    from skyddsnat.cases.models import InterventionType

    line = _seed_line("children-youth")
    budget_line_save(
        user=controller,
        year=2021,
        programme=line.programme,
        change_sek=36_000_000,
        funds=[InterventionType.objects.get(code="contact-person")],
        line=line,
    )
    lines = client.get(reverse("api-followup-budget") + "?year=2021").json()["lines"]
    children = next(line for line in lines if line["programme"] == "children-youth")
    assert children["compared_with"] == "funded_interventions"
    assert children["actual"] == 5_000_000 and children["deviation"] == 31_000_000


def test_a_base_is_not_compared_with_costs_that_are_only_part_of_the_programme(client, politician):
    client.login(username="politiker", password=PASSWORD)
    lines = client.get(reverse("api-followup-budget") + "?year=2021").json()["lines"]
    lss = next(line for line in lines if line["programme"] == "lss")
    assert lss["allocation"] == 4_199_727_273
    assert lss["actual"] is None and lss["deviation"] is None
    page = client.get(reverse("followup-budget") + "?year=2021").content.decode()
    assert "4,4\xa0%" in page and "4,400" not in page


def test_the_budget_csv_writes_swedish_numbers(client, politician):
    client.login(username="politiker", password=PASSWORD)
    body = client.get(reverse("followup-export", args=["budget", "csv"]) + "?year=2021")
    text = body.content.decode("utf-8-sig")
    lss = next(row for row in text.splitlines() if row.startswith("LSS;"))
    assert ";4,4;" in lss and "4.4" not in lss
