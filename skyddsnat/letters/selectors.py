"""Reads of letters, scoped to the user and audited."""

from django.db.models import QuerySet
from django.http import Http404

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case
from skyddsnat.letters.models import Letter, LetterTemplate
from skyddsnat.organisation.models import User


def case_letters(*, user: User, case: Case) -> list[Letter]:
    """The letters of a case the user sees (the caller got it through `get_case_for_user`);
    one audit entry for the list shown."""
    letters = list(
        Letter.objects.filter(case=case)
        .select_related("template_version__template", "decision", "sent_by")
        .defer("pdf")
    )
    audit_log(
        user=user,
        action="letters.letter.list",
        person_id=case.person_id,
        case_id=case.pk,
        others=sorted({letter.recipient_id for letter in letters if letter.recipient_id}),
        count=len(letters),
    )
    return letters


def get_letter_for_user(user: User, letter_id: int) -> Letter:
    """The letter, if the user sees its case and works with case records; 404 otherwise."""
    policy.require(policy.works_with_case_records(user))
    letter = (
        Letter.objects.filter(pk=policy.as_id(letter_id) or 0)
        .select_related("case", "template_version__template", "decision__intervention_type")
        .first()
    )
    if letter is None:
        raise Http404
    policy.get_case_for_user(user, letter.case_id)
    return letter


def letter_read(*, user: User, letter: Letter) -> bytes:
    """The PDF as sent; the read is audited."""
    audit_log(
        user=user,
        action="letters.letter.read",
        person_id=letter.case.person_id,
        case_id=letter.case_id,
        others=[letter.recipient_id] if letter.recipient_id else [],
        letter=letter.pk,
    )
    return bytes(letter.pdf)


def templates(*, user: User) -> QuerySet[LetterTemplate]:
    policy.require(policy.may_edit_letter_templates(user))
    return LetterTemplate.objects.order_by("name")
