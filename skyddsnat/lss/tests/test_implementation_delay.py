"""A granted decision not implemented in time (LSS 28 f–h §§): the reason, consequences, offers,
support meanwhile and closure the officer records, and the report to IVO that carries them with
the person's identity number in IVO's form."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case
from skyddsnat.cases.services import CaseConflict
from skyddsnat.lib import identity
from skyddsnat.lss import documents, implementation, services
from skyddsnat.lss.implementation import (
    LateKind,
    ivo_identifier,
    late_row_from_stored,
    late_row_stored,
    late_rows,
)
from skyddsnat.lss.models import DelayOffer, ImplementationDelay
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.people.models import IdentityKind, Person

DECIDED = dt.date(2024, 1, 15)  # three months pass 2024-04-15; late from the 16th


def granted(officer, make_application, **kwargs):
    application = make_application(officer, received_on=dt.date(2023, 12, 1), **kwargs)
    assess(officer, application, on=dt.date(2023, 12, 2))
    return grant(officer, application.requests.get(), on=DECIDED)


def record(officer, decision, **overrides):
    fields = {
        "reason": "no_staff",
        "reason_text": "Ingen ledsagare med teckenspråk.",
        "consequences": "Kan inte delta i fritidsaktiviteter.",
        "support_kind": "sol",
        "support_text": "Hemtjänst två gånger i veckan.",
    }
    fields.update(overrides)
    return services.implementation_delay_record(user=officer, decision=decision, **fields)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- The identity number in IVO's form ------------------------------------------------------------


def test_the_identifier_is_the_twelve_digit_number_with_a_hyphen():
    person = Person(personal_identity_number="199003041234", identity_kind=IdentityKind.PERSONAL)
    assert ivo_identifier(person) == "19900304-1234"


def test_a_coordination_number_keeps_its_day_plus_sixty():
    person = Person(
        personal_identity_number="199003641234", identity_kind=IdentityKind.COORDINATION
    )
    assert ivo_identifier(person) == "19900364-1234"


def test_a_person_without_a_number_is_given_by_the_reserve_number_or_nothing():
    reserve = Person(identity_kind=IdentityKind.RESERVE, reserve_number="R-77")
    assert ivo_identifier(reserve) == "R-77"
    assert ivo_identifier(Person(identity_kind=IdentityKind.UNKNOWN)) == ""


@pytest.mark.parametrize(
    ("number", "sex"),
    [("199003041224", "K"), ("199003041234", "M"), ("199003641294", "M")],
    ids=["even-k", "odd-m", "coordination-m"],
)
def test_sex_is_read_from_the_second_to_last_digit(number, sex):
    assert identity.sex(number) == sex


# --- Recording ------------------------------------------------------------------------------------


def test_the_facts_are_recorded_once_per_decision_and_audited(officer, make_application):
    decision = granted(officer, make_application)
    record(officer, decision)
    record(officer, decision, reason="no_place", consequences="Bor kvar hos föräldrar.")
    delay = ImplementationDelay.objects.get(decision=decision)
    assert (delay.reason, delay.consequences) == ("no_place", "Bor kvar hos föräldrar.")
    entries = AuditEntry.objects.filter(action="lss.implementation_delay.record")
    assert entries.count() == 2
    assert entries.filter(case_id=decision.case_id, person_id=decision.case.person_id).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "other", "reason_text": ""}, "reason_text"),
        ({"reason": "bribery"}, "reason"),
        ({"closed_reason": "died"}, "closed_on"),
        ({"closed_on": dt.date(2024, 5, 1)}, "closed_on"),
        ({"closed_reason": "died", "closed_on": dt.date(2024, 1, 1)}, "closed_on"),
        ({"closed_reason": "died", "closed_on": dt.date(2999, 1, 1)}, "closed_on"),
    ],
    ids=[
        "other-without-text",
        "unknown-reason",
        "closed-without-date",
        "date-without-reason",
        "closed-before-decision",
        "closed-in-future",
    ],
)
def test_odd_facts_are_refused_naming_the_field(officer, make_application, overrides, field):
    decision = granted(officer, make_application)
    with pytest.raises(ValidationError) as error:
        record(officer, decision, **overrides)
    assert field in error.value.message_dict
    assert not ImplementationDelay.objects.exists()


def test_an_offer_needs_the_reason_first_and_an_answer_date_when_answered(
    officer, make_application
):
    decision = granted(officer, make_application)
    with pytest.raises(ValidationError):
        services.implementation_delay_offer(
            user=officer, decision=decision, offered_on=dt.date(2024, 3, 1), offered="Ledsagare"
        )
    record(officer, decision)
    with pytest.raises(ValidationError) as error:
        services.implementation_delay_offer(
            user=officer,
            decision=decision,
            offered_on=dt.date(2024, 3, 1),
            offered="Ledsagare",
            answer="declined",
        )
    assert "answered_on" in error.value.message_dict
    services.implementation_delay_offer(
        user=officer,
        decision=decision,
        offered_on=dt.date(2024, 3, 1),
        offered="Ledsagare",
        answer="declined",
        answered_on=dt.date(2024, 3, 4),
    )
    assert DelayOffer.objects.get().answer == "declined"


def test_an_implemented_decision_takes_no_delay(officer, make_application):
    decision = granted(officer, make_application)
    services.implementation_record(
        user=officer, decision=decision, started_on=dt.date(2024, 2, 1), provider_kind="own"
    )
    with pytest.raises(CaseConflict):
        record(officer, decision)


def test_another_districts_officer_may_not_record(lss_outsider, officer, make_application):
    decision = granted(officer, make_application)
    with pytest.raises(Exception) as error:
        record(lss_outsider, decision)
    assert type(error.value).__name__ == "PermissionDenied"


# --- Closure for other reasons --------------------------------------------------------------------


def test_a_closed_decision_leaves_the_pending_list_and_is_reported_closed_in_its_quarter(
    officer, lss_manager, make_application
):
    decision = granted(officer, make_application)
    assert len(implementation.decisions_to_implement(user=lss_manager, on=dt.date(2024, 5, 1))) == 1
    record(officer, decision, closed_reason="moved", closed_on=dt.date(2024, 5, 20))

    assert implementation.decisions_to_implement(user=lss_manager, on=dt.date(2024, 6, 1)) == []
    rows = late_rows(Case.objects.all(), on=dt.date(2024, 6, 30), period_start=dt.date(2024, 4, 1))
    assert [(r.kind, r.closed_reason, r.closed_on, r.resolved_on) for r in rows] == [
        (LateKind.CLOSED, "moved", dt.date(2024, 5, 20), dt.date(2024, 5, 20))
    ]
    # The next quarter no longer reports it, and it is not implemented afterwards.
    assert (
        late_rows(Case.objects.all(), on=dt.date(2024, 9, 30), period_start=dt.date(2024, 7, 1))
        == []
    )
    with pytest.raises(CaseConflict):
        services.implementation_record(
            user=officer, decision=decision, started_on=dt.date(2024, 6, 1), provider_kind="own"
        )
    with pytest.raises(CaseConflict):
        record(officer, decision)


def test_a_decision_closed_within_three_months_is_not_reported(officer, make_application):
    decision = granted(officer, make_application)
    record(officer, decision, closed_reason="declined", closed_on=dt.date(2024, 3, 1))
    assert (
        late_rows(Case.objects.all(), on=dt.date(2024, 6, 30), period_start=dt.date(2024, 4, 1))
        == []
    )


# --- The files ------------------------------------------------------------------------------------


def test_every_field_is_in_the_ivo_csv_and_formula_cells_are_escaped(
    officer, lss_manager, make_application
):
    decision = granted(officer, make_application)
    record(officer, decision, consequences='=HYPERLINK("http://x")')
    services.implementation_delay_offer(
        user=officer,
        decision=decision,
        offered_on=dt.date(2024, 3, 1),
        offered="Ledsagare på deltid",
        answer="declined",
        answered_on=dt.date(2024, 3, 4),
    )
    _start, _end, rows = implementation.ivo_report(user=lss_manager, year=2024, quarter=2)
    lines = list(csv.reader(io.StringIO(documents.ivo_csv(rows)), delimiter=";"))
    line = dict(zip(lines[0], lines[1], strict=True))
    person = decision.case.person
    assert line["Ärende"] == decision.case.reference
    assert re.fullmatch(r"\d{8}-\d{4}", line["Personnummer"])
    assert line["Personnummer"] == identity.display(person.personal_identity_number)
    assert line["Kön"] == identity.sex(person.personal_identity_number)
    assert line["Typ"] == "Ej verkställt"
    assert line["Orsak till dröjsmålet"] == "Ingen assistent, kontaktperson eller annan personal"
    assert line["Orsak, beskrivning"] == "Ingen ledsagare med teckenspråk."
    assert line["Konsekvenser för den enskilde"] == '\'=HYPERLINK("http://x")'
    assert line["Erbjudanden"] == "2024-03-01 Ledsagare på deltid: avböjt 2024-03-04"
    assert line["Stöd under väntetiden"] == (
        "Stöd enligt socialtjänstlagen. Hemtjänst två gånger i veckan."
    )
    assert (line["Avslutat av annan orsak"], line["Avslutat datum"]) == ("", "")


def test_the_ivo_pdf_prints_the_facts(officer, lss_manager, make_application):
    decision = granted(officer, make_application)
    record(officer, decision, consequences="Isolering <b>hemma</b>")
    start, end, rows = implementation.ivo_report(user=lss_manager, year=2024, quarter=2)
    text = pdf_text(documents.ivo_pdf(rows, unit_name="LSS Järva", start=start, end=end))
    assert identity.display(decision.case.person.personal_identity_number) in text
    assert "Isolering <b>hemma</b>" in text
    assert "Ingen ledsagare med teckenspråk." in text


def test_a_prepared_report_keeps_the_facts_as_stored_json(officer, make_application):
    decision = granted(officer, make_application)
    record(officer, decision)
    services.implementation_delay_offer(
        user=officer, decision=decision, offered_on=dt.date(2024, 3, 1), offered="Ledsagare"
    )
    (row,) = late_rows(Case.objects.all(), on=dt.date(2024, 6, 30))
    import json

    stored = json.loads(json.dumps(late_row_stored(row)))
    assert late_row_from_stored(stored) == row


# --- The page and the API -------------------------------------------------------------------------


def test_the_officer_records_the_delay_and_an_offer_on_the_page(client, officer, make_application):
    decision = granted(officer, make_application)
    client.force_login(officer)
    url = reverse("lss-implementation-delay", args=[decision.pk])
    assert client.get(url).status_code == 200
    version = Case.objects.get(pk=decision.case_id).version
    response = client.post(
        url,
        {"reason": "no_place", "consequences": "Bor kvar hemma.", "version": version},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("lss-implementation-delay-offer", args=[decision.pk]),
        {"offered_on": "2024-03-01", "offered": "Lägenhet i Kista", "answer": "pending"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Bor kvar hemma." in page and "Lägenhet i Kista" in page
    assert AuditEntry.objects.filter(
        action="lss.implementation_delay.read", case_id=decision.case_id
    ).exists()


def test_a_stale_page_is_refused_with_409(client, officer, make_application):
    decision = granted(officer, make_application)
    client.force_login(officer)
    response = client.post(
        reverse("lss-implementation-delay", args=[decision.pk]),
        {"reason": "no_place", "version": 0},
    )
    assert response.status_code == 409
    assert not ImplementationDelay.objects.exists()


def test_the_page_is_404_to_another_district(client, officer, lss_outsider, make_application):
    decision = granted(officer, make_application)
    client.force_login(lss_outsider)
    assert client.get(reverse("lss-implementation-delay", args=[decision.pk])).status_code == 404


def test_the_api_records_reads_and_closes(officer, lss_outsider, make_application):
    decision = granted(officer, make_application)
    url = reverse("api-lss-delay", args=[decision.pk])
    client = api(officer)
    assert client.get(url).status_code == 404
    response = client.put(
        url, {"reason": "declined_offer", "consequences": "Väntar."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["reason"] == "declined_offer"
    response = client.post(
        reverse("api-lss-delay-offers", args=[decision.pk]),
        {
            "offered_on": "2024-03-01",
            "offered": "Korttidshem",
            "answer": "declined",
            "answered_on": "2024-03-02",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert [o["offered"] for o in response.json()["offers"]] == ["Korttidshem"]
    response = client.put(
        url,
        {
            "reason": "declined_offer",
            "closed_reason": "no_longer_needed",
            "closed_on": "2024-05-02",
        },
        format="json",
    )
    assert response.status_code == 200
    assert client.get(url).json()["closed_on"] == "2024-05-02"
    assert client.put(url, {"reason": "no_place"}, format="json").status_code == 409
    assert api(lss_outsider).get(url).status_code == 404
    assert api(lss_outsider).put(url, {"reason": "no_place"}, format="json").status_code == 404


def test_the_ivo_report_page_links_each_late_decision_to_its_delay(
    client, officer, lss_manager, make_application
):
    decision = granted(officer, make_application)
    record(officer, decision)
    client.force_login(lss_manager)
    response = client.get(reverse("lss-ivo-report"), {"year": 2024, "quarter": 2})
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("lss-implementation-delay", args=[decision.pk]) in page
    assert "Ingen assistent, kontaktperson eller annan personal" in page
