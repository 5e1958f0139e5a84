"""Swedish order and Swedish number forms, used by every follow-up page and file."""

from decimal import Decimal

from skyddsnat.followup.exports import Table, to_csv
from skyddsnat.followup.formats import number, percent, swedish_sort_key


def test_names_sort_in_swedish_alphabetical_order():
    names = ["Östermalm", "Skärholmen", "Älvsjö", "Skarpnäck", "Åby", "Enskede", "Zinkensdamm"]
    assert sorted(names, key=swedish_sort_key) == [
        "Enskede", "Skarpnäck", "Skärholmen", "Zinkensdamm", "Åby", "Älvsjö", "Östermalm"
    ]  # fmt: skip


def test_case_and_other_accents_do_not_change_the_order():
    assert sorted(["bromma", "Café", "Alvik"], key=swedish_sort_key) == ["Alvik", "bromma", "Café"]


def test_numbers_have_a_decimal_comma_and_grouped_thousands():
    assert number(Decimal("4.400")) == "4,4"
    assert percent(Decimal("4.000")) == "4\xa0%"
    assert number(12.5) == "12,5"
    assert number(1234) == "1234"
    assert number(4_022_727_273) == "4\xa0022\xa0727\xa0273"


def test_csv_cells_are_swedish_and_text_formulas_are_neutralised():
    table = Table(
        name="t",
        title="t",
        columns=[("name", "Namn"), ("share", "Andel (%)"), ("n", "Antal")],
        rows=[{"name": "=HYPERLINK(1)", "share": 4.4, "n": -3}],
    )
    lines = to_csv(table).decode("utf-8-sig").splitlines()
    assert lines[1] == "'=HYPERLINK(1);4,4;-3"
