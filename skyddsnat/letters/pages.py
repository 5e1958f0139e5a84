"""The "Brev" card on the case page (registered in `registrations.py`): the letters sent, the
form to send one, and the form to record the day a party received a letter."""

from django.urls import reverse

from skyddsnat.cases import policy
from skyddsnat.cases.models import CaseKind
from skyddsnat.cases.registry import CasePage
from skyddsnat.letters import context as letter_contexts
from skyddsnat.letters import forms, selectors, services
from skyddsnat.letters.models import Letter, LetterKind

KINDS = frozenset({CaseKind.CHILDREN})


def recipient_choices(case) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}
    for kind in LetterKind.values:
        for recipient in letter_contexts.recipients(case, kind):
            seen.setdefault(recipient.key, recipient.name)
    return list(seen.items())


def decision_choices(case) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [
        (d.pk, f"{d.decided_on:%Y-%m-%d} {letter_contexts._decision_title(d)}")
        for d in case.decisions.select_related("intervention_type").order_by("decided_on", "pk")
        if not (d.intervention_type and d.intervention_type.legal_basis == "lss")
    ]


def served_choices(letters: list[Letter]) -> list[tuple[int, str]]:
    return [
        (
            letter.pk,
            f"{letter.get_kind_display()}, {letter.recipient_name}, {letter.sent_on:%Y-%m-%d}",
        )
        for letter in letters
    ]


def case_page_part(page: CasePage) -> None:
    if not policy.works_with_case_records(page.user):
        return
    case = page.case
    letters = selectors.case_letters(user=page.user, case=case)
    rows = [
        {
            "letter": letter,
            "kind": letter.get_kind_display(),
            "url": reverse("letters-letter-pdf", args=[letter.pk]),
            "version": letter.template_version.number,
            "appeal_by": services.appeal_deadline(letter),
        }
        for letter in letters
    ]
    page.forms["letter"] = page.bound.get("letter") or forms.LetterForm(
        decisions=decision_choices(case),
        recipients=recipient_choices(case),
        initial={"sent_on": page.today},
    )
    unserved = served_choices([letter for letter in letters if letter.served_on is None])
    if unserved:
        page.forms["letter_served"] = page.bound.get("letter_served") or forms.ServedForm(
            letters=unserved, initial={"served_on": page.today}
        )
    page.context["letters_part"] = {"rows": rows}
