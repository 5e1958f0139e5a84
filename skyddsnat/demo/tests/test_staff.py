"""The demo's welfare-crime officers have staff figures for 2021, so the demo's budget page
compares the seed's +8.5 MSEK with their estimated cost."""

from django.test import Client

from skyddsnat.demo.generate.organisation import current_districts
from skyddsnat.followup.models import StaffFigure
from skyddsnat.organisation.models import Role


def test_the_demo_budget_compares_the_welfare_crime_line_with_staff_cost(tiny_demo):
    figures = StaffFigure.objects.filter(year=2021, role=Role.WELFARE_CRIME)
    assert figures.count() == len(current_districts())
    assert all(f.employees == 1 and f.median_monthly_salary for f in figures)
    client = Client()
    assert client.login(username="politiker", password="demo-test-pw")
    lines = client.get("/api/v1/followup/budget/", {"year": 2021}).json()["lines"]
    line = next(line for line in lines if line["programme"] == "welfare-crime")
    assert line["compared_with"] == "staff_and_interventions"
    assert line["staff_cost"] > 0
    assert line["deviation"] == 8_500_000 - line["actual"]
    page = client.get("/uppfoljning/budget/", {"year": 2021}).content.decode()
    assert "uppskattad personalkostnad" in page
