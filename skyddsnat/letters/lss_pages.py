"""The LSS decision letters on the LSS application page (registered in `registrations.py`).

Under each decided intervention: the letters sent about that decision (each the exact template
version it was made from, as sent), a form to make the letter (the recipient and the day it is
sent) and, for a letter not yet received, a form to record the day the party received it: the
appeal time (three weeks, `AppealRule` of LSS) runs from that day, as for SoL. The actions are
the application page's: LSS staff only, the case locked and refused (409) when the page showed
an older version of it, a failed form shown again with its errors.
"""

from collections.abc import Mapping
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skyddsnat.letters import context as letter_contexts
from skyddsnat.letters import forms, selectors, services
from skyddsnat.letters.models import Letter, LetterKind
from skyddsnat.lss import selectors as lss_selectors
from skyddsnat.lss.models import Application
from skyddsnat.lss.views.applications import _application_action, _application_of, require_lss
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import AuthenticatedRequest

KIND = LetterKind.DECISION_LSS


def recipient_choices(application: Application) -> list[tuple[str, str]]:
    return [(r.key, r.name) for r in letter_contexts.recipients(application.case, KIND)]


def decision_part(
    user: User,
    application: Application,
    rows: list[dict[str, Any]],
    bound: Mapping[str, django_forms.Form],
) -> None:
    """Adds `letters` to each decided row of the application page: the letters sent about its
    decision, the form to make one and the forms to record receipt. One audited read of the
    case's letters, only when there is a decision to show them under."""
    decided = [row for row in rows if row.get("decision") is not None]
    if not decided:
        return
    case = application.case
    letters = selectors.case_letters(user=user, case=case)
    choices = recipient_choices(application)
    today = timezone.localdate()
    for row in decided:
        decision = row["decision"]
        sent = []
        for letter in letters:
            if letter.decision_id != decision.pk:
                continue
            served_form = None
            if letter.served_on is None:
                served_form = bound.get(f"letter-served-{letter.pk}") or forms.LssServedForm(
                    initial={"served_on": today}, prefix=f"v{letter.pk}"
                )
            sent.append(
                {
                    "letter": letter,
                    "version": letter.template_version.number,
                    "url": reverse("letters-letter-pdf", args=[letter.pk]),
                    "appeal_by": services.appeal_deadline(letter),
                    "served_form": served_form,
                    "served_url": reverse("lss-letter-served", args=[letter.pk]),
                }
            )
        row["letters"] = {
            "sent": sent,
            "form": bound.get(f"letter-{decision.pk}")
            or forms.LssLetterForm(
                recipients=choices, initial={"sent_on": today}, prefix=f"l{decision.pk}"
            ),
            "url": reverse("lss-letter-create", args=[decision.pk]),
        }


@login_required
@require_POST
def letter_create(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    """Make the decision letter of an LSS decision from the current template version."""
    require_lss(request)
    decision = lss_selectors.get_decision_for_user(request.user, decision_id)
    application = _application_of(decision.case)
    form = forms.LssLetterForm(
        request.POST, recipients=recipient_choices(application), prefix=f"l{decision.pk}"
    )
    return _application_action(
        request,
        application,
        key=f"letter-{decision.pk}",
        form=form,
        call=lambda data: services.letter_send(
            user=request.user, case=decision.case, kind=KIND, decision=decision.pk, **data
        ),
        success=_("The letter was made. Print it or send it from the list of letters."),
    )


@login_required
@require_POST
def letter_served(request: AuthenticatedRequest, letter_id: int) -> HttpResponse:
    """Record the day the party received an LSS decision letter."""
    require_lss(request)
    letter: Letter = selectors.get_letter_for_user(request.user, letter_id)
    application = _application_of(letter.case)
    form = forms.LssServedForm(request.POST, prefix=f"v{letter.pk}")
    return _application_action(
        request,
        application,
        key=f"letter-served-{letter.pk}",
        form=form,
        call=lambda data: services.letter_served(user=request.user, letter=letter, **data),
        success=_("The day of receipt was recorded."),
    )
