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
                "actual": 500_000,
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
    assert figure(2021) == 2021
    assert figure(-177_000_000) == "-177\xa0000\xa0000"
    assert figure(4.4) == 4.4
    assert figure("<5") == "<5"
