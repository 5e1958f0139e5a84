"""Issue 14 point 5a: the child and youth register file carries what its receiver asks for: the
date of the decision, the child's and the parents' country of birth where known, whether the child
came unaccompanied, and a stable, pseudonymised identifier with its kind for a child without a
personal identity number; in CSV and XLSX alike, in one query however many rows, each chunk
audited with the persons it read."""

import datetime as dt
import io
from csv import DictReader

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD, new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.care import services as care
from skyddsnat.cases.guardians import guardian_add
from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import case_decide, intervention_start
from skyddsnat.children.services import child_background_update, pre_assessment_decide
from skyddsnat.followup.selectors import register
from skyddsnat.followup.tests.conftest import at
from skyddsnat.lib import identity
from skyddsnat.people.models import Person

URL = reverse("followup-export", kwargs={"name": "register", "fmt": "csv"}) + "?year=2025"
XLSX_URL = reverse("followup-export", kwargs={"name": "register", "fmt": "xlsx"}) + "?year=2025"
NEW_COLUMNS = [
    "decision_date",
    "identity_kind",
    "child_country_of_birth",
    "parent1_country_of_birth",
    "parent2_country_of_birth",
    "unaccompanied",
]


def _csv_rows(client, url: str = URL) -> list[dict[str, str]]:
    body = client.get(url).getvalue().decode("utf-8-sig")
    return list(DictReader(io.StringIO(body), delimiter=";"))


def _xlsx_rows(client) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(client.get(XLSX_URL).getvalue())).active
    heading, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(heading, row, strict=True)) for row in rows]


def _sol_placement(manager, make_report, *, decided_on: dt.date, **child):
    """A child placed under SoL in a family home, written through the services: a report, an
    investigation, the decision granting the placement, the intervention started a week later
    and the placement record, moved to an HVB home on 1 June."""
    report = make_report(manager, received_at=at(decided_on - dt.timedelta(days=30)), **child)
    case = report.case
    pre_assessment_decide(
        user=manager,
        case=case,
        decided_on=decided_on - dt.timedelta(days=25),
        decision="open_investigation",
        reason="Oron behöver utredas.",
    )
    case.refresh_from_db()
    decision = case_decide(
        user=manager,
        case=case,
        decided_on=decided_on,
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="family-home"),
        reason="Barnet behöver vård utanför hemmet.",
    )
    started = decided_on + dt.timedelta(days=7)
    intervention_start(user=manager, decision=decision, started_on=started)
    case.refresh_from_db()
    first = care.placement_create(
        user=manager,
        case=case,
        form="family_home",
        provider="Familjen Berg",
        basis="sol",
        started_on=started,
    )
    care.placement_move(
        user=manager,
        placement=first,
        moved_on=dt.date(2025, 6, 1),
        form="hvb",
        provider="HVB Eken",
    )
    return case


def _parents(manager, case, *countries: str) -> list[Person]:
    """The child's parents, then an appointed guardian (not a parent: not in the file)."""
    for index, _country in enumerate(countries):
        guardian_add(
            user=manager,
            case=case,
            personal_identity_number=new_identity_number(dt.date(1985, 3, 1)),
            first_name=f"Förälder{index}",
            last_name="Testsson",
            relation="parent",
            is_synthetic=True,
        )
    guardian_add(
        user=manager,
        case=case,
        personal_identity_number=new_identity_number(dt.date(1970, 3, 1)),
        first_name="Särskilt",
        last_name="Förordnad",
        relation="appointed",
        is_synthetic=True,
    )
    parents = list(
        Person.objects.filter(
            guardian_of__child=case.person, guardian_of__relation="parent"
        ).order_by("guardian_of__pk")
    )
    child_background_update(
        user=manager,
        case=case,
        country_of_birth=case.person.country_of_birth,
        unaccompanied_minor=case.person.unaccompanied_minor,
        guardian_countries={p.pk: c for p, c in zip(parents, countries, strict=True)},
    )
    return parents


def _coordination_number() -> str:
    nine = "130264123"  # born 2013-02-04: the day + 60
    return "20" + nine + identity.luhn_check_digit(nine)


def test_a_sol_placement_with_a_move_carries_its_decision_and_the_childs_background(
    analyst, manager, make_report, client
):
    case = _sol_placement(manager, make_report, decided_on=dt.date(2025, 2, 10))
    child_background_update(
        user=manager, case=case, country_of_birth="sy", unaccompanied_minor=True
    )
    _parents(manager, case, "IQ", "")
    client.login(username="analytiker", password=PASSWORD)
    for rows in (_csv_rows(client), _xlsx_rows(client)):
        assert [r["record"] for r in rows] == ["intervention", "placement", "placement"]
        # The decision that granted the placement, on the intervention and on both placements
        # (the move needed no new decision).
        assert {r["decision_date"] for r in rows} == {"2025-02-10"}
        assert {r["started_on"] for r in rows} == {"2025-02-17", "2025-06-01"}
        for row in rows:
            assert row["identity_kind"] == "personnummer"
            assert row["child_country_of_birth"] == "SY"
            # The parents in the order they were recorded; the second's country is not known;
            # the appointed guardian is no parent.
            assert row["parent1_country_of_birth"] == "IQ"
            assert row["parent2_country_of_birth"] in ("", None)
        assert [r["moved_from_form"] or "" for r in rows] == ["", "", "family_home"]
    assert {r["unaccompanied"] for r in _csv_rows(client)} == {"1"}
    assert {r["unaccompanied"] for r in _xlsx_rows(client)} == {"1"}
    assert list(_csv_rows(client)[0])[-len(NEW_COLUMNS) :] == NEW_COLUMNS


def test_lvu_rows_carry_the_date_of_the_lvu_decision_not_of_the_start(
    analyst, manager, caseworker, make_report, client
):
    report = make_report(caseworker, received_at=at(dt.date(2025, 3, 1)))
    case = report.case
    custody = care.custody_decide(
        user=manager, case=case, decided_on=dt.date(2025, 3, 3), section="2", reason="Akut fara."
    )
    care.custody_carried_out(user=manager, custody=custody, carried_out_on=dt.date(2025, 3, 4))
    case.refresh_from_db()
    placed = care.placement_create(
        user=manager,
        case=case,
        form="emergency_home",
        provider="Jourhemmet",
        basis="lvu_6",
        started_on=dt.date(2025, 3, 4),
    )
    care.care_record(
        user=manager,
        case=case,
        section="2",
        decided_on=dt.date(2025, 3, 28),
        started_on=dt.date(2025, 4, 2),
        reason="Förvaltningsrätten har beslutat om vård.",
    )
    care.placement_move(
        user=manager,
        placement=placed,
        moved_on=dt.date(2025, 4, 2),
        form="family_home",
        provider="Familjen Ek",
        basis="lvu_2",
    )
    client.login(username="analytiker", password=PASSWORD)
    for rows in (_csv_rows(client), _xlsx_rows(client)):
        by_section = {(r["record"], r["legal_section"]): r for r in rows}
        custody_row = by_section[("intervention", "LVU 6 §")]
        assert (custody_row["decision_date"], custody_row["started_on"]) == (
            "2025-03-03",
            "2025-03-04",
        )
        care_row = by_section[("intervention", "LVU 2 §")]
        assert (care_row["decision_date"], care_row["started_on"]) == ("2025-03-28", "2025-04-02")
        assert by_section[("placement", "LVU 6 §")]["decision_date"] == "2025-03-03"
        assert by_section[("placement", "LVU 2 §")]["decision_date"] == "2025-03-28"
        # Nothing known of the child's background: empty, not a guess.
        assert {r["child_country_of_birth"] or "" for r in rows} == {""}
        assert {str(r["unaccompanied"]) for r in rows} == {"0"}


def test_a_child_with_a_coordination_number_is_coded_by_it_and_says_so(
    analyst, manager, make_report, client
):
    number = _coordination_number()
    case = _sol_placement(
        manager, make_report, decided_on=dt.date(2025, 2, 10), personal_identity_number=number
    )
    client.login(username="analytiker", password=PASSWORD)
    for rows in (_csv_rows(client), _xlsx_rows(client)):
        assert {r["identity_kind"] for r in rows} == {"samordningsnummer"}
        assert {r["pseudonym"] for r in rows} == {register.pseudonym(number)}
        assert {str(r["birth_year"]) for r in rows} == {"2013"}
        assert {r["sex"] for r in rows} == {"M" if int(number[10]) % 2 else "K"}
    assert case.person.personal_identity_number not in client.get(URL).getvalue().decode()


@pytest.mark.parametrize(
    ("kind", "extra", "written"),
    [
        ("reserve", {"reserve_number": '=HYPERLINK("x")'}, "reservnummer"),
        ("unknown", {}, "tillfalligt_id"),
    ],
    ids=["reserve", "unknown"],
)
def test_a_child_without_a_number_has_a_stable_code_on_every_row(
    analyst, manager, make_report, client, kind, extra, written
):
    """Before, the placement rows of such a child failed the file (no number to take the sex or
    the pseudonym of): now every row has a code, the same on the intervention and the placement
    rows and in the next file, computed over the reserve number or the child's record."""
    case = _sol_placement(
        manager,
        make_report,
        decided_on=dt.date(2025, 2, 10),
        personal_identity_number="",
        identity_kind=kind,
        date_of_birth=dt.date(2012, 8, 1),
        **extra,
    )
    child = case.person
    key = f"reserve:{child.reserve_number}" if kind == "reserve" else f"person:{child.pk}"
    client.login(username="analytiker", password=PASSWORD)
    first, again = _csv_rows(client), _csv_rows(client)
    assert len(first) == 3
    assert {r["pseudonym"] for r in first} == {register.pseudonym(key)}
    assert [r["pseudonym"] for r in again] == [r["pseudonym"] for r in first]
    assert {r["identity_kind"] for r in first} == {written}
    assert {r["sex"] for r in first} == {""}
    assert {r["birth_year"] for r in first} == {"2012"}
    # The reserve number never reaches the file, whatever it looks like.
    body = client.get(URL).getvalue().decode()
    assert "HYPERLINK" not in body
    assert {r["identity_kind"] for r in _xlsx_rows(client)} == {written}


def test_the_same_reserve_number_is_not_read_as_a_personal_number(db):
    assert register.pseudonym("reserve:19850301-1234") != register.pseudonym("198503011234")


def test_formula_looking_text_is_escaped_in_both_formats(analyst, manager, make_report, client):
    _sol_placement(manager, make_report, decided_on=dt.date(2025, 2, 10))
    InterventionType.objects.filter(code="family-home").update(name="=1+2")
    client.login(username="analytiker", password=PASSWORD)
    [intervention_row, *_] = _csv_rows(client)
    assert intervention_row["intervention"] == "'=1+2"
    sheet = load_workbook(io.BytesIO(client.get(XLSX_URL).getvalue())).active
    heading = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=heading.index("intervention") + 1)
    assert (cell.value, cell.data_type) == ("=1+2", "s")


def test_more_rows_cost_no_more_queries_and_each_chunk_names_its_persons(
    analyst, manager, make_report, client, monkeypatch
):
    first = _sol_placement(manager, make_report, decided_on=dt.date(2025, 2, 10))
    _parents(manager, first, "FI", "SE")
    client.login(username="analytiker", password=PASSWORD)
    with CaptureQueriesContext(connection) as before:
        assert len(_csv_rows(client)) == 3
    # More children of every kind: a parent each, a coordination number, a reserve number.
    more = [
        _sol_placement(manager, make_report, decided_on=dt.date(2025, 2, 11)),
        _sol_placement(
            manager,
            make_report,
            decided_on=dt.date(2025, 2, 12),
            personal_identity_number=_coordination_number(),
        ),
        _sol_placement(
            manager,
            make_report,
            decided_on=dt.date(2025, 2, 13),
            personal_identity_number="",
            identity_kind="reserve",
            reserve_number="R-77",
        ),
    ]
    _parents(manager, more[0], "NO")
    with CaptureQueriesContext(connection) as after:
        assert len(_csv_rows(client)) == 3 * 4
    assert len(after.captured_queries) == len(before.captured_queries)

    # One row a chunk: each entry names the case first read in it, with its child and parents.
    monkeypatch.setattr(register, "FIRST_CHUNK_ROWS", 1)
    monkeypatch.setattr(register, "CHUNK_ROWS", 1)
    since = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    _csv_rows(client)
    entries = AuditEntry.objects.filter(action="followup.export.register", pk__gt=since)
    named = [pk for entry in entries for pk in entry.person_ids]
    cases = [first, *more]
    parents = Person.objects.filter(
        guardian_of__child__in=[c.person_id for c in cases], guardian_of__relation="parent"
    )
    expected = {c.person_id for c in cases} | set(parents.values_list("pk", flat=True))
    # Named once among the interventions and once among the placements.
    assert sorted(named) == sorted([*expected, *expected])
    appointed = Person.objects.filter(guardian_of__relation="appointed").values_list(
        "pk", flat=True
    )
    assert not set(appointed) & set(named)
