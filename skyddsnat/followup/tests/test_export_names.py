"""Exports a Swedish office opens as numbers (issue 14 point 6): each file name carries the
period it covers, and CSV numbers have a decimal comma (XLSX keeps numbers as numbers)."""

import io
import re

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def disposition(response) -> str:
    return response["Content-Disposition"]


@pytest.mark.parametrize(
    "path,name",
    [
        ("/uppfoljning/export/budget.csv?year=2021", "budget-2021.csv"),
        ("/uppfoljning/export/costs.xlsx?year=2022", "costs-2022.xlsx"),
        (
            "/uppfoljning/export/equality.csv?from=2024-01-01&to=2024-12-31",
            "equality-2024-01-01_2024-12-31.csv",
        ),
        (
            "/lss/uppfoljning/export/decisions.csv?from=2024-01-01&to=2024-06-30",
            "lss_decisions-2024-01-01_2024-06-30.csv",
        ),
    ],
)
def test_the_file_name_says_the_period(client, politician, path, name):
    client.force_login(politician)
    response = client.get(path)
    assert response.status_code == 200
    assert disposition(response) == f'attachment; filename="{name}"'


def test_a_files_day_is_in_its_name_when_it_holds_one_day(client, analyst):
    client.force_login(analyst)
    response = client.get("/uppfoljning/export/ongoing.csv?on=2025-06-30")
    assert b"".join(response.streaming_content)
    assert disposition(response) == 'attachment; filename="ongoing-2025-06-30.csv"'


def test_the_budget_csv_has_decimal_commas_and_the_xlsx_numbers(client, politician):
    client.force_login(politician)
    csv_text = client.get("/uppfoljning/export/budget.csv?year=2021").content.decode("utf-8-sig")
    # The 2021 budget's percentages (e.g. +4 % for social psychiatry) and shares are decimals.
    decimals = re.findall(r"(?:^|;)-?\d+,\d+(?=;|\r?$)", csv_text, flags=re.M)
    assert decimals, csv_text[:500]
    assert not re.search(r"(?:^|;)-?\d+\.\d+(?=;|\r?$)", csv_text, flags=re.M)

    xlsx = client.get("/uppfoljning/export/budget.xlsx?year=2021").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    numbers = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert any(isinstance(v, float) for v in numbers)
