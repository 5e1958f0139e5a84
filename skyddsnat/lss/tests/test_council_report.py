"""The council's version of the report of decisions not implemented in time: counts per
intervention, district, kind and reason, split by sex, with small numbers suppressed, and nothing
that names a person or a case (followup.lss_delays)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import make_user, new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.followup import lss_delays
from skyddsnat.lib import identity
from skyddsnat.lss import services
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.organisation.models import Role

LAST_NAMES = ["Qvarnberg", "Zetterlind", "Ydremark", "Xanderholm", "Wrangsjö", "Vikbladh"]


def number_of_sex(sex: str, born: dt.date) -> str:
    while True:
        number = new_identity_number(born)
        if identity.sex(number) == sex:
            return number


@pytest.fixture
def late_decisions(officer, make_application):
    """Six people in Järva with companion service granted 2024-01-15, none implemented by the
    end of Q2 2024: five women and one man; one delay recorded with its reason."""
    decisions = []
    for i, sex in enumerate("KKKKKM"):
        application = make_application(
            officer,
            received_on=dt.date(2023, 12, 1),
            personal_identity_number=number_of_sex(sex, dt.date(1980 + i, 2, 3)),
            first_name="Zelmina",
            last_name=LAST_NAMES[i],
        )
        assess(officer, application, on=dt.date(2023, 12, 2))
        decisions.append(grant(officer, application.requests.get(), on=dt.date(2024, 1, 15)))
    services.implementation_delay_record(
        user=officer, decision=decisions[0], reason="no_staff", consequences="Isolerad."
    )
    return decisions


def rows_by(table, **match):
    return [r for r in table.rows if all(r.get(k) == v for k, v in match.items())]


def test_counts_are_split_by_sex_and_small_ones_suppressed(politician, late_decisions):
    report = lss_delays.council_report(user=politician, year=2024, quarter=2)
    (jarva,) = rows_by(report.by_intervention, district="Järva")
    # One man: "<5"; the women are then hidden too, or total − women would give the man.
    assert (jarva["K"], jarva["M"], jarva["unknown"], jarva["total"]) == ("<5", "<5", 0, 6)
    (not_implemented,) = rows_by(report.by_kind, group="Ej verkställt")
    assert not_implemented["total"] == 6
    (staff,) = rows_by(
        report.by_reason, group="Ingen assistent, kontaktperson eller annan personal"
    )
    assert staff["total"] == "<5"
    # The reasons add up to all six: with the one-person reason hidden, the five without a
    # recorded reason are hidden too (complementary), or 6 − 5 would give the one.
    (not_recorded,) = rows_by(report.by_reason, group="Orsak inte registrerad")
    assert not_recorded["total"] == "<5"
    (everyone,) = rows_by(report.by_reason, group="Alla")
    assert everyone["total"] == 6


def test_five_women_alone_are_shown(politician, officer, late_decisions):
    # The man's decision ends in time for Q2's count to hold only the five women.
    services.implementation_record(
        user=officer,
        decision=late_decisions[5],
        started_on=dt.date(2024, 4, 10),
        provider_kind="own",
    )
    report = lss_delays.council_report(user=politician, year=2024, quarter=2)
    (jarva,) = rows_by(report.by_intervention, district="Järva")
    assert (jarva["K"], jarva["M"], jarva["total"]) == (5, 0, 5)


def test_no_identifier_name_or_case_number_in_the_csv_or_pdf(client, politician, late_decisions):
    client.force_login(politician)
    url = reverse("lss-council-report")
    csv_text = client.get(url, {"year": 2024, "quarter": 2, "format": "csv"}).content.decode()
    response = client.get(url, {"year": 2024, "quarter": 2, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    pdf_text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    page = client.get(url, {"year": 2024, "quarter": 2}).content.decode()
    forbidden = ["Zelmina", *LAST_NAMES]
    for decision in late_decisions:
        number = decision.case.person.personal_identity_number
        forbidden += [number, identity.display(number), number[2:], decision.case.reference]
    for text in (csv_text, pdf_text, page):
        assert [f for f in forbidden if f in text] == []
    # The figures themselves are there.
    lines = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert any("Järva" in line for line in lines)
    assert "Järva" in pdf_text and "<5" in pdf_text


def test_who_may_see_it_and_the_read_is_audited(
    client, politician, analyst, lss_manager, officer, caseworker, late_decisions
):
    url = reverse("lss-council-report")
    for user, status in [
        (politician, 200),
        (analyst, 200),
        (lss_manager, 200),
        (officer, 404),
        (caseworker, 404),
    ]:
        client.force_login(user)
        assert client.get(url, {"year": 2024, "quarter": 2}).status_code == status, user.username
    assert AuditEntry.objects.filter(
        action="followup.lss_council_report.read", username="politiker"
    ).exists()
    # The council's read names no person.
    assert not AuditEntry.objects.filter(
        action="followup.lss_council_report.read", person_id__isnull=False
    ).exists()


@pytest.mark.parametrize(
    "query",
    [
        {"year": "x", "quarter": 2},
        {"year": 2024, "quarter": 9},
        {"year": 2024, "quarter": 2, "format": "exe"},
    ],
    ids=["year-text", "quarter-9", "format-unknown"],
)
def test_odd_queries_answer_4xx(client, politician, query):
    client.force_login(politician)
    assert client.get(reverse("lss-council-report"), query).status_code in (400, 404)


def test_a_manager_of_another_role_sees_counts_too_but_never_persons(client, db):
    manager = make_user("chef.sodermalm", Role.MANAGER, "sodermalm")
    client.force_login(manager)
    assert (
        client.get(reverse("lss-council-report"), {"year": 2024, "quarter": 2}).status_code == 200
    )
