"""Which forms may have drafts, which fields each keeps, and who may use a form's draft.

A draft key names one form: "children.report" (the concern-report intake) or
"cases.journal:<case id>" (the journal entry of one case). A key that is not one of these, or a
form the user may not use, answers 404 like any record the user may not see.
"""

import re
from dataclasses import dataclass

from django import forms
from django.http import Http404

from skyddsnat.cases.forms import JournalForm
from skyddsnat.cases.permissions import get_case_for_user, works_with_cases
from skyddsnat.children.forms import ReportForm
from skyddsnat.organisation.models import User

REPORT_KEY = "children.report"
JOURNAL_PREFIX = "cases.journal:"

# A field without a max_length of its own (the free texts) keeps at most this many characters;
# the request body is limited before that by DATA_UPLOAD_MAX_MEMORY_SIZE.
TEXT_LIMIT = 50_000


def journal_key(case_id: int) -> str:
    return f"{JOURNAL_PREFIX}{case_id}"


def _limits(form_class: type[forms.Form]) -> dict[str, int]:
    """The whitelist: the form's own field names, each with its length limit."""
    return {
        name: getattr(field, "max_length", None) or TEXT_LIMIT
        for name, field in form_class.base_fields.items()
    }


@dataclass(frozen=True)
class DraftForm:
    key: str
    fields: dict[str, int]  # field name -> max length
    case_id: int | None = None


def draft_form_for_user(user: User, key: str) -> DraftForm:
    """The form `key` names, if the user may fill it in; otherwise 404."""
    if not works_with_cases(user):
        raise Http404
    if key == REPORT_KEY:
        return DraftForm(key=key, fields=_limits(ReportForm))
    if key.startswith(JOURNAL_PREFIX):
        case_id = key.removeprefix(JOURNAL_PREFIX)
        # ASCII digits without a leading zero, so that one case has one key; str.isdigit would let
        # "²" through to int(), and a long run of digits exceeds what int() converts.
        if re.fullmatch(r"[1-9][0-9]{0,18}", case_id):
            case = get_case_for_user(user, int(case_id))
            return DraftForm(key=key, fields=_limits(JournalForm), case_id=case.pk)
    raise Http404
