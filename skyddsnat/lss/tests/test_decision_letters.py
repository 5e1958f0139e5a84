"""The LSS decision letters are the letters app's (issue 14 point 1): made from a template a
municipality edits, kept as sent with their version, with the LSS appeal instructions (27 §) and
the intervention's citation, the day of receipt recorded and the appeal time counted from it; no
letter shows a protected address. Every check reads the PDF's text (pypdf)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case
from skyddsnat.letters import context as letter_contexts
from skyddsnat.letters import services as letters
from skyddsnat.letters.models import Letter, LetterKind, LetterTemplate
from skyddsnat.lss import services
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.lss.tests.test_casework_corrections import _number
from skyddsnat.people.models import Guardianship, Person, ProtectionLevel

pytestmark = pytest.mark.django_db

STREET, POSTAL, CITY = "Hemliga gatan 1", "16399", "Hemstad"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _version(case_id: int) -> int:
    return Case.objects.get(pk=case_id).version


def _send_on_page(client, decision, recipient="person", sent_on=None):
    return client.post(
        reverse("lss-letter-create", args=[decision.pk]),
        {
            "version": _version(decision.case_id),
            f"l{decision.pk}-recipient": recipient,
            f"l{decision.pk}-sent_on": (sent_on or timezone.localdate()).isoformat(),
        },
    )


def _refuse(officer, application):
    return services.decision_record(
        user=officer,
        request=application.requests.get(),
        decided_on=dt.date(2024, 2, 1),
        outcome="refuse",
        reason="Behovet tillgodoses på annat sätt.",
    )


def _with_address(person: Person, protected: bool) -> None:
    Person.objects.filter(pk=person.pk).update(
        street_address=STREET,
        postal_code=POSTAL,
        city=CITY,
        protection_level=(
            ProtectionLevel.PROTECTED_REGISTRATION if protected else ProtectionLevel.NONE
        ),
    )


def _assert_no_address(text: str) -> None:
    assert STREET not in text
    assert POSTAL not in text.replace(" ", "")
    assert CITY not in text


def test_a_grant_letter_made_on_the_application_page_says_the_decision_citation_and_appeal(
    client, officer, make_application
):
    application = make_application(
        officer, applicant_role="legal_representative", applicant_name="Gode Mannen"
    )
    assess(officer, application)
    decision = grant(officer, application.requests.get(), valid_from=dt.date(2024, 2, 1))
    client.force_login(officer)
    page = client.get(reverse("lss-application-detail", args=[application.pk])).content.decode()
    assert reverse("lss-letter-create", args=[decision.pk]) in page
    assert "Skapa beslutsbrevet" in page

    response = _send_on_page(client, decision)

    assert response.status_code == 302
    letter = Letter.objects.get(decision=decision)
    assert letter.kind == LetterKind.DECISION_LSS
    assert letter.template_version.template.kind == "decision_lss"
    text = pdf_text(client.get(reverse("letters-letter-pdf", args=[letter.pk])).content)
    assert "Beslut enligt lagen om stöd och service till vissa funktionshindrade (LSS)" in text
    assert "Beslut: Ledsagarservice: beviljad" in text
    assert "Kim Testsson beviljas Ledsagarservice enligt LSS 9 § 3." in text
    assert "Omfattning: 10 timmar per månad." in text
    assert "Beslutet gäller från 2024-02-01 tills vidare." in text
    assert "Sökande: Gode Mannen (ställföreträdare (god man, förvaltare))." in text
    assert "Behov finns." in text
    assert application.case.reference in text
    # The appeal instructions of LSS 27 §: to the administrative court, through the committee,
    # three weeks from the day the party received the decision.
    assert "Hur man överklagar" in text
    assert "överklaga det till förvaltningsrätten" in text
    assert "Skicka ditt överklagande till nämnden, inte direkt till domstolen" in text
    assert "inom tre veckor från den dag du fick del av beslutet" in text
    assert "LSS (1993:387) 27 §" in text
    # The page lists it, with the version it was made from.
    page = client.get(reverse("lss-application-detail", args=[application.pk])).content.decode()
    assert reverse("letters-letter-pdf", args=[letter.pk]) in page


def test_a_refusal_letter_says_the_application_is_refused_and_how_to_appeal(
    officer, make_application
):
    application = make_application(officer)
    assess(officer, application)
    decision = _refuse(officer, application)
    letter = letters.letter_send(
        user=officer,
        case=application.case,
        kind=LetterKind.DECISION_LSS,
        recipient="person",
        decision=decision.pk,
        sent_on=timezone.localdate(),
    )
    text = pdf_text(bytes(letter.pdf))
    assert "Beslut: Ledsagarservice: avslagen" in text
    assert "Ansökan om Ledsagarservice enligt LSS 9 § 3 avslås." in text
    assert "beviljas" not in text
    assert "Behovet tillgodoses på annat sätt." in text
    assert "inom tre veckor från den dag du fick del av beslutet" in text


@pytest.mark.parametrize("protected", [False, True], ids=["open", "protected"])
def test_the_letter_never_prints_a_protected_address(client, officer, make_application, protected):
    application = make_application(officer)
    _with_address(application.case.person, protected)
    assess(officer, application)
    decision = _refuse(officer, application)
    client.force_login(officer)
    assert _send_on_page(client, decision).status_code == 302
    letter = Letter.objects.get(decision=decision)
    text = pdf_text(bytes(letter.pdf))
    if protected:
        assert "Via Skatteverkets förmedling" in text
        _assert_no_address(text)
        _assert_no_address(letter.text)
    else:
        assert STREET in text and CITY in text
        assert "Via Skatteverkets förmedling" not in text
    assert "förvaltningsrätten" in text


def _guardian(child: Person, first: str, protected: bool) -> Person:
    guardian = Person.objects.create(
        personal_identity_number=_number(dt.date(1980, 1, 1)),
        first_name=first,
        last_name="Vårdnadshavare",
        date_of_birth=dt.date(1980, 1, 1),
        street_address=STREET if protected else "Solvägen 3",
        postal_code=POSTAL,
        city=CITY,
        protection_level=(
            ProtectionLevel.PROTECTED_REGISTRATION if protected else ProtectionLevel.NONE
        ),
        is_synthetic=True,
    )
    Guardianship.objects.create(child=child, guardian=guardian)
    return guardian


def test_a_childs_letter_goes_to_each_guardian_and_never_shows_a_protected_address(
    officer, make_application
):
    born = timezone.localdate() - dt.timedelta(days=365 * 10)
    application = make_application(officer, born=born)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    case = application.case
    open_one = _guardian(case.person, "Öppen", protected=False)
    hidden = _guardian(case.person, "Skyddad", protected=True)
    keys = [r.key for r in letter_contexts.recipients(case, LetterKind.DECISION_LSS)]
    assert keys == ["person", f"guardian:{open_one.pk}", f"guardian:{hidden.pk}"]

    def send(key: str) -> str:
        letter = letters.letter_send(
            user=officer,
            case=case,
            kind=LetterKind.DECISION_LSS,
            recipient=key,
            decision=decision.pk,
            sent_on=timezone.localdate(),
        )
        return pdf_text(bytes(letter.pdf))

    assert "Öppen Vårdnadshavare Solvägen 3" in send(f"guardian:{open_one.pk}")
    text = send(f"guardian:{hidden.pk}")
    assert "Skyddad Vårdnadshavare Via Skatteverkets förmedling" in text
    _assert_no_address(text)
    entry = AuditEntry.objects.filter(action="letters.letter.create").order_by("pk").last()
    assert hidden.pk in entry.person_ids


def test_an_adults_letter_goes_to_no_guardian(officer, make_application):
    application = make_application(officer)
    _guardian(application.case.person, "Gammal", protected=False)
    keys = [r.key for r in letter_contexts.recipients(application.case, LetterKind.DECISION_LSS)]
    assert keys == ["person"]


def test_the_day_of_receipt_starts_the_three_weeks_and_the_letter_keeps_its_version(
    client, officer, admin_user, make_application
):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    client.force_login(officer)
    assert _send_on_page(client, decision, sent_on=dt.date(2024, 2, 2)).status_code == 302
    letter = Letter.objects.get(decision=decision)
    sent_pdf = bytes(letter.pdf)
    response = client.post(
        reverse("lss-letter-served", args=[letter.pk]),
        {"version": _version(decision.case_id), f"v{letter.pk}-served_on": "2024-02-05"},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.served_on == dt.date(2024, 2, 5)
    assert letters.appeal_deadline(letter) == dt.date(2024, 2, 26)
    page = client.get(reverse("lss-application-detail", args=[application.pk])).content.decode()
    assert "2024-02-26" in page
    # The municipality changes the template: the letter sent keeps version 1 and its PDF; a new
    # letter is made from version 2.
    template = LetterTemplate.objects.get(kind=LetterKind.DECISION_LSS)
    assert template.version == 1
    # The letter as loaded passes the editor's check (every value it names exists): the
    # administrator can save it back unchanged, then change it.
    default = template.versions.get(number=1).body
    letters.template_save(
        user=admin_user, template=template, name=template.name, body=default, based_on=1
    )
    letters.template_save(
        user=admin_user,
        template=template,
        name=template.name,
        body="# Nytt beslutsbrev\n{{ decision.title }} ({{ decision.citation }})",
        based_on=template.version,
    )
    letter.refresh_from_db()
    assert letter.template_version.number == 1
    assert bytes(letter.pdf) == sent_pdf
    assert _send_on_page(client, decision).status_code == 302
    newer = Letter.objects.filter(decision=decision).order_by("pk").last()
    assert newer.template_version.number == 3
    assert "Nytt beslutsbrev" in pdf_text(bytes(newer.pdf))


def test_a_receipt_before_the_letter_was_sent_is_refused_on_the_page(
    client, officer, make_application
):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    client.force_login(officer)
    _send_on_page(client, decision, sent_on=dt.date(2024, 2, 2))
    letter = Letter.objects.get(decision=decision)
    response = client.post(
        reverse("lss-letter-served", args=[letter.pk]),
        {"version": _version(decision.case_id), f"v{letter.pk}-served_on": "2024-02-01"},
    )
    assert response.status_code == 400
    assert "innan det skickades" in response.content.decode()
    letter.refresh_from_db()
    assert letter.served_on is None


def test_the_lss_case_sends_only_lss_letters_and_a_childrens_case_no_lss_letter(
    officer, caseworker, make_application
):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    assert letter_contexts.kinds_for(application.case) == [LetterKind.DECISION_LSS]
    with pytest.raises(Exception) as refused:
        letters.letter_send(
            user=officer,
            case=application.case,
            kind=LetterKind.DECISION_SOL,
            recipient="person",
            decision=decision.pk,
            sent_on=timezone.localdate(),
        )
    assert "kind" in refused.value.message_dict  # type: ignore[attr-defined]
    assert not Letter.objects.exists()


def test_others_cannot_make_or_record_an_lss_letter(
    client, officer, lss_outsider, caseworker, make_application
):
    application = make_application(officer)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    letter = letters.letter_send(
        user=officer,
        case=application.case,
        kind=LetterKind.DECISION_LSS,
        recipient="person",
        decision=decision.pk,
        sent_on=timezone.localdate(),
    )
    for user in (lss_outsider, caseworker):
        client.force_login(user)
        assert _send_on_page(client, decision).status_code == 404
        served = client.post(
            reverse("lss-letter-served", args=[letter.pk]),
            {"version": _version(decision.case_id), f"v{letter.pk}-served_on": "2024-02-05"},
        )
        assert served.status_code == 404
        assert client.get(reverse("letters-letter-pdf", args=[letter.pk])).status_code == 404
    assert Letter.objects.count() == 1
    letter.refresh_from_db()
    assert letter.served_on is None


def test_the_letters_api_makes_an_lss_letter(officer, make_application):
    application = make_application(officer)
    _with_address(application.case.person, protected=True)
    assess(officer, application)
    decision = grant(officer, application.requests.get())
    api = APIClient()
    api.force_authenticate(officer)
    url = f"/api/v1/cases/{application.case_id}/letters/"
    listed = api.get(url)
    assert listed.status_code == 200
    assert listed.json()["recipients"] == [
        {"key": "person", "name": "Kim Testsson", "kinds": ["decision_lss"]}
    ]
    wrong = api.post(
        url,
        {
            "kind": "decision_sol",
            "recipient": "person",
            "decision": decision.pk,
            "sent_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert wrong.status_code == 400
    made = api.post(
        url,
        {
            "kind": "decision_lss",
            "recipient": "person",
            "decision": decision.pk,
            "sent_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["kind"] == "decision_lss" and body["template_version"] == 1
    pdf = api.get(body["pdf_url"], HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "LSS 9 § 3" in text and "Via Skatteverkets förmedling" in text
    _assert_no_address(text)
