"""Every PDF prints the records' text as text: markup in a name, an address or a reason is neither
obeyed (no fetched image, no link, no hidden or bold text) nor able to break the letter (no 500)."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import PASSWORD
from skyddsnat.cases.models import Case, InterventionType
from skyddsnat.letters.models import Letter
from skyddsnat.lss import documents, services
from skyddsnat.lss.implementation import LateKind, LateRow
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.organisation.models import Unit
from skyddsnat.people.models import Person

# Each field gets its own hostile text, so that the test can tell which one went missing.
HOSTILE = {
    "first_name": '<img src="http://127.0.0.1:9/spy.png" width="50" height="50"/>',
    "last_name": '<img src="/etc/passwd"/>',
    "street_address": '<a href="https://evil.example/">Betala här</a>',
    "postal_code": "</b>&",
    "city": "<font color=white>dolt</font>",
    "applicant_name": "<b><i>God man & co \"'",
    "unit_name": "<para><u>Nämnden</u>",
    "reason": "Skäl </para> <font size=40>STORT</font> & <br/> <unknown>",
    "decided_by": "<strike>Handläggare</strike>",
    "intervention_name": "<link href='file:///etc/passwd'>Insats</link>",
    "citation": "<sup>9 §</sup>&amp;",
    "delegation": "<a name=x/>",
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _assert_printed_literally(pdf: bytes, expected: list[str]) -> None:
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = _flat(" ".join(page.extract_text() or "" for page in reader.pages))
    for value in expected:
        assert _flat(value) in text, value
    # Nothing was obeyed: no link annotation, no embedded image, no reference to a URL or file.
    for page in reader.pages:
        assert "/Annots" not in page
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not any(xobjects[name].get("/Subtype") == "/Image" for name in xobjects)
    assert b"/URI" not in pdf
    assert not re.search(rb"/Subtype\s*/Image", pdf)
    assert not re.search(rb"evil\.example|127\.0\.0\.1|root:x:0", pdf)


@pytest.fixture
def hostile_decision(officer, make_application):
    def _make(outcome: str):
        application = make_application(
            officer, applicant_role="guardian", applicant_name="Förälder"
        )
        case = application.case
        # Written straight to the rows: the point is what the renderer does with whatever is
        # stored, whichever checks the forms make today.
        Person.objects.filter(pk=case.person_id).update(
            first_name=HOSTILE["first_name"],
            last_name=HOSTILE["last_name"],
            street_address=HOSTILE["street_address"],
            postal_code=HOSTILE["postal_code"],
            city=HOSTILE["city"],
        )
        application.applicant_name = HOSTILE["applicant_name"]
        application.save(update_fields=["applicant_name"])
        Unit.objects.filter(pk=case.unit_id).update(name=HOSTILE["unit_name"])
        officer.first_name, officer.last_name = HOSTILE["decided_by"], ""
        officer.save(update_fields=["first_name", "last_name"])
        InterventionType.objects.filter(code="lss-companion").update(
            name=HOSTILE["intervention_name"], citation=HOSTILE["citation"]
        )
        assess(officer, application)
        request = application.requests.get()
        if outcome == "grant":
            decision = grant(officer, request)
        else:
            decision = services.decision_record(
                user=officer,
                request=request,
                decided_on=dt.date(2024, 2, 1),
                outcome="refuse",
                reason="Skäl.",
            )
        decision.reason = HOSTILE["reason"]
        decision.save(update_fields=["reason"])
        decision.delegation.code = HOSTILE["delegation"]
        decision.delegation.save(update_fields=["code"])
        return decision

    return _make


@pytest.mark.parametrize("outcome", ["grant", "refuse"])
def test_the_decision_letter_prints_hostile_markup_as_text(
    client, officer, hostile_decision, outcome
):
    decision = hostile_decision(outcome)
    assert client.login(username=officer.username, password=PASSWORD)

    # The decision letter is the letters app's: made on the application page, read as sent.
    made = client.post(
        reverse("lss-letter-create", args=[decision.pk]),
        {
            "version": Case.objects.get(pk=decision.case_id).version,
            f"l{decision.pk}-recipient": "person",
            f"l{decision.pk}-sent_on": dt.date(2024, 2, 2).isoformat(),
        },
    )
    assert made.status_code == 302
    letter = Letter.objects.get(decision=decision)
    response = client.get(reverse("letters-letter-pdf", args=[letter.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _assert_printed_literally(response.content, list(HOSTILE.values()))


def test_the_ivo_report_prints_hostile_markup_as_text():
    row = LateRow(
        case_id=1,
        person_id=1,
        reference=HOSTILE["delegation"],
        district=HOSTILE["postal_code"],
        intervention=HOSTILE["intervention_name"],
        citation=HOSTILE["citation"],
        kind=LateKind.NOT_IMPLEMENTED,
        decided_on=dt.date(2024, 1, 2),
        counted_from=dt.date(2024, 1, 2),
        due=dt.date(2024, 4, 2),
        resolved_on=None,
        days_over=10,
    )

    pdf = documents.ivo_pdf(
        [row], unit_name=HOSTILE["unit_name"], start=dt.date(2024, 4, 1), end=dt.date(2024, 6, 30)
    )

    _assert_printed_literally(
        pdf,
        [
            HOSTILE["unit_name"],
            HOSTILE["delegation"],
            HOSTILE["postal_code"],
            HOSTILE["intervention_name"],
            HOSTILE["citation"],
        ],
    )
