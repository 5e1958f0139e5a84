"""The auditor's pages read as a log review needs: Swedish words for every action, case
references, every hit paged through with the filters kept, an audited CSV export that a
spreadsheet cannot run, and a review not flooded by caseworkers' own lists."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from skyddsnat.audit import labels
from skyddsnat.audit.models import AuditEntry
from skyddsnat.audit.services import audit_log
from skyddsnat.cases.selectors import case_detail, my_cases
from skyddsnat.logreview.selectors import PAGE_SIZE, unusual_access
from skyddsnat.logreview.views import csv_cell
from skyddsnat.people.models import Person, ProtectionLevel

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[2]


def test_every_action_code_in_the_source_has_a_swedish_label():
    """Codes written as `action="app.thing.verb"` anywhere outside tests, and the families built
    from a name (`action=f"followup.export.{…}"`)."""
    codes: set[str] = set()
    prefixes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        codes.update(re.findall(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"', text))
        prefixes.update(re.findall(r'action=f"([a-z_]+\.[a-z_]+\.)[a-z_]*\{', text))
    assert len(codes) > 40  # the pattern still finds the codes
    assert sorted(c for c in codes if labels.action_label(c) == c) == []
    assert sorted(p for p in prefixes if labels.action_label(p + "x") == p + "x") == []


def test_labels_are_swedish_words_not_codes():
    assert labels.action_label("cases.case.list") == "Visades i Mina ärenden"
    assert labels.action_label("followup.export.budget").startswith("Exporterade")
    assert labels.action_label("unknown.code.x") == "unknown.code.x"


def test_the_log_shows_case_references_and_labels(client, auditor, caseworker, make_report):
    report = make_report(caseworker)
    case_detail(user=caseworker, case_id=report.case_id)
    client.force_login(auditor)
    response = client.get(reverse("audit-log"), {"user": caseworker.username})
    body = response.content.decode()
    assert report.case.reference in body
    assert "Läste ärendet" in body
    assert "cases.case.read" not in body


def test_the_log_pages_past_500_entries_and_keeps_the_filters(client, auditor, caseworker):
    for n in range(520):
        audit_log(user=caseworker, action="cases.case.read", case_id=n + 1)
    client.force_login(auditor)
    query = {"user": caseworker.username, "since": "2000-01-01"}
    first = client.get(reverse("audit-log"), query)
    assert first.context["page"].paginator.count == 520
    assert len(first.context["rows"]) == PAGE_SIZE
    body = first.content.decode()
    assert "user=socsek.jarva&amp;since=2000-01-01&amp;page=2" in body
    last = client.get(reverse("audit-log"), {**query, "page": "6"})
    shown = [row["entry"].case_id for row in last.context["rows"]]
    assert shown == list(range(20, 0, -1))  # the oldest twenty
    # Odd page numbers show the first page or the last, never an error.
    assert client.get(reverse("audit-log"), {**query, "page": "x"}).status_code == 200
    assert client.get(reverse("audit-log"), {**query, "page": "99999"}).status_code == 200


def test_a_vague_name_is_an_error_on_the_field(client, auditor, settings, monkeypatch):
    from skyddsnat.logreview import selectors

    monkeypatch.setattr(selectors, "MAX_NAMED_PERSONS", 0)
    Person.objects.create(
        personal_identity_number="201405172383",
        first_name="Alva",
        last_name="Testsson",
        date_of_birth="2014-05-17",
        is_synthetic=True,
    )
    client.force_login(auditor)
    response = client.get(reverse("audit-log"), {"name": "Alva"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_csv_cells_that_look_like_formulas_are_made_text():
    assert [csv_cell(v) for v in ["=1+1", "+46", "-2", "@SUM(A1)", "\tx", "\rx", "Anna", None]] == [
        "'=1+1",
        "'+46",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "Anna",
        "",
    ]


def test_the_export_is_csv_escaped_and_audited(client, auditor, caseworker, make_report):
    report = make_report(caseworker)
    client.force_login(caseworker)
    client.get(reverse("people-person-search"), {"q": '=HYPERLINK("http://x")'})
    case_detail(user=caseworker, case_id=report.case_id)
    client.force_login(auditor)
    response = client.get(reverse("audit-export"), {"user": caseworker.username})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="granskningslogg-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Tid", "Användare", "Händelse"]
    by_action = {row[3]: row for row in rows[1:]}
    assert by_action["people.person.search"][7] == '\'=HYPERLINK("http://x")'
    assert by_action["cases.case.read"][5] == report.case.reference
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", by_action["cases.case.read"][0])
    export = AuditEntry.objects.get(action="audit.log.export")
    assert export.detail["hits"] == len(rows) - 1


def test_an_export_without_criteria_answers_400(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("audit-export")).status_code == 400
    assert client.get(reverse("audit-export"), {"person": "12"}).status_code == 400
    assert not AuditEntry.objects.filter(action="audit.log.export").exists()


@pytest.mark.parametrize("persona", ["caseworker", "manager", "politician", "admin_user"])
def test_the_export_is_not_found_for_others(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("audit-export"), {"user": "x"}).status_code == 404


@pytest.fixture
def working_day(settings):
    settings.SKYDDSNAT_REVIEW_WORKDAY_START = 0
    settings.SKYDDSNAT_REVIEW_WORKDAY_END = 24


def test_a_caseworkers_own_lists_do_not_flood_the_review(
    working_day, settings, auditor, caseworker, manager, make_report
):
    settings.SKYDDSNAT_REVIEW_DAILY_PERSONS = 2
    reports = [make_report(caseworker) for _ in range(3)]
    Person.objects.filter(pk=reports[0].child.pk).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION
    )
    for _ in range(5):
        my_cases(user=caseworker)
        my_cases(user=manager)
    assert unusual_access(user=auditor) == []


def test_a_refused_look_is_flagged(working_day, client, auditor, outsider, caseworker, make_report):
    report = make_report(caseworker)
    client.force_login(outsider)
    client.get(reverse("cases-case-detail", args=[report.case_id]))
    [flag] = unusual_access(user=auditor)
    assert (flag.entry.action, flag.reason.value) == ("cases.case.refused", "refused")


def test_the_review_page_pages(working_day, client, auditor, caseworker, colleague, make_report):
    report = make_report(caseworker)
    for _ in range(PAGE_SIZE + 5):
        audit_log(
            user=colleague,
            action="cases.case.read",
            person_id=report.child.pk,
            case_id=report.case_id,
        )
    client.force_login(auditor)
    response = client.get(reverse("audit-review"))
    assert response.context["page"].paginator.count == PAGE_SIZE + 5
    assert len(client.get(reverse("audit-review"), {"page": 2}).context["rows"]) == 5
