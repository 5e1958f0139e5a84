"""Every follow-up table downloads as CSV and XLSX, suppressed, audited; the national statistics
files are pseudonymised rows for analysts."""

import datetime as dt
import io
from csv import DictReader

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD
from skyddsnat.audit.models import AuditEntry
from skyddsnat.care import services as care
from skyddsnat.cases.models import Case, Intervention, InterventionType
from skyddsnat.followup import exports
from skyddsnat.followup.selectors import register
from skyddsnat.followup.tests.conftest import Flow, at

PERIOD = "?from=2025-01-01&to=2025-03-31"
TABLES = [
    ("equality", PERIOD),
    ("equality-monthly", PERIOD),
    ("equality-yearly", PERIOD),
    ("budget", "?year=2021"),
    ("caseload", ""),
    ("staff", ""),
]


@pytest.fixture
def data(flows):
    day = dt.date(2025, 1, 13)
    return flows(
        [Flow("jarva", at(day + dt.timedelta(days=i)), 20, 9, True, 30, 45) for i in range(5)]
        + [Flow("farsta", at(day), 20, 9)]
    )


@pytest.mark.parametrize(("name", "query"), TABLES)
def test_every_table_downloads_as_csv_and_xlsx_and_is_audited(data, client, analyst, name, query):
    client.login(username="analytiker", password=PASSWORD)
    csv = client.get(reverse("followup-export", kwargs={"name": name, "fmt": "csv"}) + query)
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    xlsx = client.get(reverse("followup-export", kwargs={"name": name, "fmt": "xlsx"}) + query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    csv_lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert sheet.max_row == len(csv_lines)
    assert AuditEntry.objects.filter(action=f"followup.export.{name}").count() == 2


def test_the_xlsx_suppresses_like_the_page(data, client, analyst):
    client.login(username="analytiker", password=PASSWORD)
    xlsx = client.get(
        reverse("followup-export", kwargs={"name": "equality", "fmt": "xlsx"}) + PERIOD
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    farsta = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Farsta")
    assert set(farsta[1:-1]) == {"<5"}  # the last column: the day the row is final


def test_the_register_lists_placements_pseudonymised_and_audits_each_person(data, client, analyst):
    placement = InterventionType.objects.get(code="family-home")
    Intervention.objects.filter(case_id=data[0].case_id).update(intervention_type=placement)
    client.login(username="analytiker", password=PASSWORD)
    response = client.get(
        reverse("followup-export", kwargs={"name": "register", "fmt": "csv"}) + "?year=2025"
    )
    lines = response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2  # the heading and the one placement
    assert "family-home" in lines[1]
    from skyddsnat.people.models import Person

    number = Person.objects.get(pk=data[0].child_id).personal_identity_number
    assert number not in response.getvalue().decode()
    assert AuditEntry.objects.filter(
        action="followup.export.register", person_id=data[0].child_id
    ).exists()


def test_ongoing_interventions_lists_every_one_in_force(data, client, analyst):
    client.login(username="analytiker", password=PASSWORD)
    response = client.get(reverse("followup-export", kwargs={"name": "ongoing", "fmt": "csv"}))
    lines = response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_national_files_stream_and_audit_each_person_and_case_once_before_their_rows(
    data, client, analyst, monkeypatch
):
    """Outside a transaction (as in production) the file is read on a connection of its own
    while each chunk's persons and cases are audited on the request's; a child's rows may come
    in several chunks and from several cases."""
    monkeypatch.setattr(register, "CHUNK_ROWS", 1)
    monkeypatch.setattr(exports, "CSV_PART_ROWS", 1)
    # Two of the interventions belong to one child, in two cases.
    Case.objects.filter(pk=data[1].case_id).update(person_id=data[0].child_id)
    client.login(username="analytiker", password=PASSWORD)
    response = client.get(reverse("followup-export", kwargs={"name": "ongoing", "fmt": "csv"}))
    assert response.streaming
    parts = iter(response.streaming_content)
    first_row = next(parts).decode("utf-8-sig").split("\r\n", 1)[1]  # after the heading
    # The first row has left only after its person and case were named in a committed entry.
    [entry] = AuditEntry.objects.filter(action="followup.export.ongoing")
    cases = sorted(f.case_id for f in data[:5])
    assert entry.case_ids == cases[:1]
    rows = [first_row, *(part.decode() for part in parts)]
    assert len([row for row in rows if row]) == 5
    entries = AuditEntry.objects.filter(action="followup.export.ongoing").order_by("pk")
    named_people = [p for entry in entries for p in entry.person_ids]
    named_cases = [c for entry in entries for c in entry.case_ids]
    assert sorted(named_people) == sorted({f.child_id for f in data[:5]} - {data[1].child_id})
    assert named_cases == cases


def _lvu(caseworker, manager, make_report, code: str, started: dt.date, ended: dt.date | None):
    """A Järva child under LVU, written through the care flow's services: custody carried out on
    `started`, or care under 2 § or 3 § begun then (ended by the committee's decision)."""
    report = make_report(caseworker, received_at=at(started - dt.timedelta(days=3)))
    case = report.case
    case.refresh_from_db()
    if code == "lvu-immediate-custody":
        custody = care.custody_decide(
            user=manager, case=case, decided_on=started, section="2", reason="Akut fara."
        )
        care.custody_carried_out(user=manager, custody=custody, carried_out_on=started)
        return report
    section = code.rsplit("-", 1)[1]
    intervention = care.care_record(
        user=manager,
        case=case,
        section=section,
        decided_on=started,
        started_on=started,
        reason="Förvaltningsrätten har beslutat.",
    )
    if ended is not None:
        care.lvu_review_record(
            user=manager,
            intervention=intervention,
            decided_on=ended,
            outcome="ends",
            reason="Vården behövs inte längre.",
        )
    return report


def test_the_register_lists_every_lvu_intervention_of_the_year_with_its_act(
    data, client, analyst, caseworker, manager, make_report
):
    placement = InterventionType.objects.get(code="family-home")
    Intervention.objects.filter(case_id=data[0].case_id).update(intervention_type=placement)
    custody = _lvu(
        caseworker, manager, make_report, "lvu-immediate-custody", dt.date(2025, 3, 3), None
    )
    care = _lvu(caseworker, manager, make_report, "lvu-care-2", dt.date(2024, 6, 10), None)
    _lvu(caseworker, manager, make_report, "lvu-care-3", dt.date(2024, 2, 5), dt.date(2024, 9, 1))
    client.login(username="analytiker", password=PASSWORD)
    response = client.get(
        reverse("followup-export", kwargs={"name": "register", "fmt": "csv"}) + "?year=2025"
    )
    rows = list(DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    by_code = {row["intervention_code"]: row for row in rows}
    assert set(by_code) == {"family-home", "lvu-immediate-custody", "lvu-care-2"}
    assert by_code["family-home"]["legal_basis"] == "SoL"
    assert by_code["lvu-immediate-custody"]["legal_basis"] == "LVU"
    assert by_code["lvu-immediate-custody"]["placement"] == "1"
    assert by_code["lvu-immediate-custody"]["started_on"] == "2025-03-03"
    assert by_code["lvu-care-2"]["legal_basis"] == "LVU"
    assert by_code["lvu-care-2"]["ended_on"] == ""
    # The exact section of each intervention.
    assert by_code["lvu-immediate-custody"]["legal_section"] == "LVU 6 §"
    assert by_code["lvu-care-2"]["legal_section"] == "LVU 2 §"
    assert by_code["family-home"]["legal_section"] == "SoL"
    # One entry for the file, naming every child in it.
    [entry] = AuditEntry.objects.filter(action="followup.export.register")
    assert {custody.child_id, care.child_id} <= set(entry.person_ids)


@pytest.mark.parametrize("persona", ["politician", "manager"])
def test_only_analysts_download_the_national_files(db, persona, request, client):
    user = request.getfixturevalue(persona)
    client.login(username=user.username, password=PASSWORD)
    url = reverse("followup-export", kwargs={"name": "ongoing", "fmt": "csv"})
    # A refused area answers 404, like a page that does not exist (cases.policy.require).
    assert client.get(url).status_code == 404


def test_a_caseworker_downloads_nothing(caseworker, client):
    client.login(username="socsek.jarva", password=PASSWORD)
    url = reverse("followup-export", kwargs={"name": "equality", "fmt": "csv"})
    assert client.get(url).status_code in (403, 404)


def test_the_register_gains_each_placement_with_its_form_its_moves_and_its_section(
    data, client, analyst, caseworker, manager, make_report
):
    report = _lvu(caseworker, manager, make_report, "lvu-care-3", dt.date(2025, 2, 3), None)
    case = report.case
    first = care.placement_create(
        user=manager,
        case=case,
        form="sis",
        provider="SiS Bärby",
        basis="lvu_3",
        started_on=dt.date(2025, 2, 3),
    )
    second = care.placement_move(
        user=manager,
        placement=first,
        moved_on=dt.date(2025, 5, 1),
        form="hvb",
        provider="HVB Tallen",
    )
    care.placement_move(
        user=manager,
        placement=second,
        moved_on=dt.date(2025, 9, 1),
        form="family_home",
        provider="Familjen Lind",
    )
    client.login(username="analytiker", password=PASSWORD)
    url = reverse("followup-export", kwargs={"name": "register", "fmt": "csv"}) + "?year=2025"
    with CaptureQueriesContext(connection) as before:
        response = client.get(url)
        rows = list(DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    placed = [r for r in rows if r["record"] == "placement"]
    assert [
        (r["placement_form"], r["placement_number"], r["moved_from_form"], r["end_reason"])
        for r in placed
    ] == [
        ("sis", "1", "", "moved"),
        ("hvb", "2", "sis", "moved"),
        ("family_home", "3", "hvb", ""),
    ]
    assert {r["legal_section"] for r in placed} == {"LVU 3 §"}
    assert {r["legal_basis"] for r in placed} == {"LVU"}
    # The placement rows are read in one query, however many there are (no query per row).
    for extra in range(5):
        other = _lvu(caseworker, manager, make_report, "lvu-care-2", dt.date(2025, 3, 3), None)
        care.placement_create(
            user=manager,
            case=other.case,
            form="hvb",
            provider=f"HVB {extra}",
            basis="lvu_2",
            started_on=dt.date(2025, 3, 3),
        )
    with CaptureQueriesContext(connection) as after:
        body = client.get(url).getvalue()
    # Audit entries are written per chunk, not per row: the same queries for 10 more rows.
    assert len(after.captured_queries) == len(before.captured_queries)
    # The heading, the rows before, and each new child's care and placement.
    assert len(body.decode("utf-8-sig").strip().splitlines()) == 1 + len(rows) + 5 + 5
