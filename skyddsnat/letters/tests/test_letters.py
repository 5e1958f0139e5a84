"""Letters from templates: what each letter says, that no letter shows a protected address, that
the appeal instructions follow the law, and that a sent letter keeps the version it came from."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.care.services import custody_decide
from skyddsnat.cases.services import CaseConflict
from skyddsnat.letters import services
from skyddsnat.letters.models import Letter, LetterKind, LetterTemplate, LetterTemplateVersion
from skyddsnat.letters.tests.conftest import CITY, POSTAL, STREET, protect
from skyddsnat.people.models import Person


def pdf_text(letter: Letter) -> str:
    reader = PdfReader(io.BytesIO(bytes(letter.pdf)))
    return "\n".join(page.extract_text() for page in reader.pages)


def _no_address(text: str) -> None:
    flat = " ".join(text.split())
    assert STREET not in flat
    assert POSTAL not in flat.replace(" ", "")
    assert CITY not in flat


def _send(user, case, kind, recipient="person", **extra):
    return services.letter_send(
        user=user,
        case=case,
        kind=kind,
        recipient=recipient,
        sent_on=timezone.localdate(),
        **extra,
    )


def test_a_sol_decision_letters_pdf_says_the_decision_its_date_and_how_to_appeal(
    caseworker, decided
):
    case, decision = decided
    letter = _send(caseworker, case, LetterKind.DECISION_SOL, decision=decision.pk)
    text = " ".join(pdf_text(letter).split())
    assert "Beslut enligt socialtjänstlagen" in text
    assert "Kontaktperson eller kontaktfamilj: beviljad" in text, text
    assert decision.decided_on.isoformat() in text
    assert "Barnet behöver en vuxen att prata med." in text
    assert "Hur man överklagar" in text
    assert "förvaltningsrätten" in text
    assert "inom tre veckor från den dag du fick del av beslutet" in text
    assert "Skicka ditt överklagande till nämnden" in text
    # The child has protected identity: the letter goes through Skatteverket, no address.
    assert "Via Skatteverkets förmedling" in text
    _no_address(text)
    assert letter.sha256 and len(bytes(letter.pdf)) > 500


def test_a_decision_that_cannot_be_appealed_gets_no_appeal_instructions(caseworker, decided):
    case, _decision = decided
    opened = case.decisions.get(decision_type="open_investigation")
    letter = _send(caseworker, case, LetterKind.DECISION_SOL, decision=opened.pk)
    text = pdf_text(letter)
    assert "Hur man överklagar" not in text
    assert "förvaltningsrätten" not in text


def test_an_lvu_decision_letter_has_its_appeal_instructions(manager, caseworker, make_report):
    report = make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=2))
    case = report.case
    custody = custody_decide(
        user=manager, case=case, decided_on=timezone.localdate(), section="2", reason="Akut fara."
    )
    protect(case.person)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _send(manager, case, LetterKind.DECISION_SOL, decision=custody.decision_id)
    assert "kind" in refused.value.message_dict
    letter = _send(manager, case, LetterKind.DECISION_LVU, decision=custody.decision_id)
    text = " ".join(pdf_text(letter).split())
    assert "LVU" in text and "Hur man överklagar" in text and "41 §" in text
    _no_address(text)


# LVU's decision letter: test_an_lvu_decision_letter_has_its_appeal_instructions (protected child);
# LSS's: skyddsnat/lss/tests/test_decision_letters.py (an LSS case sends no other kind).
@pytest.mark.parametrize(
    "kind",
    [k for k in LetterKind.values if k not in (LetterKind.DECISION_LVU, LetterKind.DECISION_LSS)],
)
def test_no_letter_of_any_kind_shows_a_protected_address(caseworker, decided, kind):
    case, decision = decided
    case.reports.update(reporter_name="Skolsköterskan")
    options = {"decision": decision.pk} if kind.startswith("decision") else {}
    from skyddsnat.letters.context import recipients

    keys = [r.key for r in recipients(case, kind)]
    assert keys, kind
    for key in keys:
        letter = _send(caseworker, case, kind, recipient=key, **options)
        text = pdf_text(letter)
        _no_address(text)
        _no_address(letter.text)


def test_an_unprotected_recipient_gets_their_address(caseworker, decided):
    case, decision = decided
    guardian = case.person.guardianships.get().guardian
    Person.objects.filter(pk=guardian.pk).update(
        protection_level="none", street_address="Öppna vägen 2"
    )
    letter = _send(
        caseworker,
        case,
        LetterKind.DECISION_SOL,
        recipient=f"guardian:{guardian.pk}",
        decision=decision.pk,
    )
    assert "Öppna vägen 2" in pdf_text(letter)


def test_the_reporter_gets_the_acknowledgement_and_the_feedback(caseworker, decided):
    case, _decision = decided
    report = case.reports.get()
    report.reporter_name = "Rektor Skolsson"
    report.save(update_fields=["reporter_name"])
    key = f"reporter:{report.pk}"
    received = _send(caseworker, case, LetterKind.REPORT_RECEIVED, recipient=key)
    assert "Vi har tagit emot din anmälan" in pdf_text(received)
    feedback = " ".join(
        pdf_text(_send(caseworker, case, LetterKind.REPORT_FEEDBACK, recipient=key)).split()
    )
    assert "att inleda en utredning" in feedback
    assert "Rektor Skolsson" in feedback
    # The person of the case is not a reporter's letter's recipient.
    with pytest.raises(ValidationError):
        _send(caseworker, case, LetterKind.REPORT_FEEDBACK, recipient="person")


def test_values_are_printed_as_text_and_never_open_a_file_or_url(caseworker, decided):
    case, decision = decided
    hostile = '<img src="file:///etc/passwd"/> <img src="http://127.0.0.1:9/x.png"/> <b>&amp;'
    type(decision).objects.filter(pk=decision.pk).update(reason=hostile)
    letter = _send(caseworker, case, LetterKind.DECISION_SOL, decision=decision.pk)
    text = pdf_text(letter)
    assert 'src="file:///etc/passwd"' in text
    assert "http://127.0.0.1:9/x.png" in text
    assert "root:x:0:0" not in text


def test_a_sent_letter_keeps_the_version_it_was_made_from(caseworker, admin_user, decided):
    case, decision = decided
    first = _send(caseworker, case, LetterKind.DECISION_SOL, decision=decision.pk)
    template = LetterTemplate.objects.get(kind=LetterKind.DECISION_SOL)
    services.template_save(
        user=admin_user,
        template=template,
        name=template.name,
        body="# Nytt beslut\n{{ decision.title }}",
        based_on=template.version,
    )
    second = _send(caseworker, case, LetterKind.DECISION_SOL, decision=decision.pk)
    first.refresh_from_db()
    assert (first.template_version.number, second.template_version.number) == (1, 2)
    assert "Hur man överklagar" in pdf_text(first)
    assert "Nytt beslut" in pdf_text(second)
    assert AuditEntry.objects.filter(
        action="letters.template.update", user_id=admin_user.pk
    ).exists()


@pytest.mark.parametrize(
    "body, says",
    [
        ("{% include '/etc/passwd' %}", ("include", "inte tillåten")),
        ("{% load static %}", ("load", "inte tillåten")),
        ("{% debug %}", ("debug", "inte tillåten")),
        ("{% if decision.date %}utan slut", ("inte avslutad",)),
        ("{{ case.person.address }}", ("case.person.address", "inget värde")),
        ("{{ decision.reason|safe }}", ("safe", "inte tillåtet")),
    ],
)
def test_a_broken_or_reaching_template_is_refused_in_swedish_and_nothing_is_saved(
    admin_user, body, says
):
    template = LetterTemplate.objects.get(kind=LetterKind.DECISION_SOL)
    before = LetterTemplateVersion.objects.count()
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        services.template_save(
            user=admin_user, template=template, name="Beslut", body=body, based_on=1
        )
    message = " ".join(refused.value.message_dict["body"])
    assert all(fragment in message for fragment in says), message
    assert "Inget sparades" in message
    assert LetterTemplateVersion.objects.count() == before
    template.refresh_from_db()
    assert template.version == 1


def test_only_the_administrator_edits_templates(caseworker):
    from django.core.exceptions import PermissionDenied

    template = LetterTemplate.objects.get(kind=LetterKind.DECISION_SOL)
    with pytest.raises(PermissionDenied):
        services.template_save(user=caseworker, template=template, name="x", body="x", based_on=1)


def test_a_save_based_on_an_old_version_is_a_conflict(admin_user):
    template = LetterTemplate.objects.get(kind=LetterKind.GUARDIAN_NOTICE)
    services.template_save(user=admin_user, template=template, name="A", body="a", based_on=1)
    with pytest.raises(CaseConflict):
        services.template_save(user=admin_user, template=template, name="B", body="b", based_on=1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_based_on_the_same_version_at_once_one_wins_one_conflicts(admin_user):
    template_id = LetterTemplate.objects.get(kind=LetterKind.REPORT_RECEIVED).pk

    def attempt(index: int):
        template = LetterTemplate.objects.get(pk=template_id)
        return services.template_save(
            user=admin_user,
            template=template,
            name=f"Mall {index}",
            body=f"Text {index}",
            based_on=1,
        )

    results = race(2, attempt)
    won = [r for r in results if isinstance(r, LetterTemplateVersion)]
    lost = [r for r in results if isinstance(r, CaseConflict)]
    assert (len(won), len(lost)) == (1, 1), results
    assert LetterTemplate.objects.get(pk=template_id).version == 2
    assert LetterTemplateVersion.objects.filter(template_id=template_id).count() == 2


def test_the_day_of_receipt_starts_the_three_weeks_and_is_audited(caseworker, decided, today):
    case, decision = decided
    letter = services.letter_send(
        user=caseworker,
        case=case,
        kind=LetterKind.DECISION_SOL,
        recipient="person",
        decision=decision.pk,
        sent_on=today,
    )
    with pytest.raises(ValidationError):
        services.letter_served(
            user=caseworker, letter=letter, served_on=today + dt.timedelta(days=3)
        )
    with pytest.raises(ValidationError):
        services.letter_served(
            user=caseworker, letter=letter, served_on=today - dt.timedelta(days=1)
        )
    services.letter_served(user=caseworker, letter=letter, served_on=today)
    assert services.appeal_deadline(letter) == today + dt.timedelta(weeks=3)
    # The same day again changes nothing; another day is a conflict with what is recorded.
    services.letter_served(user=caseworker, letter=letter, served_on=today)
    Letter.objects.filter(pk=letter.pk).update(
        sent_on=today - dt.timedelta(days=2), served_on=today - dt.timedelta(days=1)
    )
    with pytest.raises(CaseConflict):
        services.letter_served(user=caseworker, letter=letter, served_on=today)
    assert AuditEntry.objects.filter(action="letters.letter.served", case_id=case.pk).count() == 2
    assert AuditEntry.objects.filter(action="letters.letter.create", case_id=case.pk).count() == 1


def test_a_caseworker_of_another_district_may_not_send_a_letter(outsider, decided):
    from django.core.exceptions import PermissionDenied

    case, decision = decided
    with pytest.raises(PermissionDenied):
        _send(outsider, case, LetterKind.DECISION_SOL, decision=decision.pk)
    assert not Letter.objects.exists()
