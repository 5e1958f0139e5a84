"""Which forms may have drafts, which fields each keeps, and who may use a form's draft.

A draft key names one form that a flow registered (`drafts.registry`): "children.report" (the
concern-report intake) or "cases.journal:<case id>" (the journal entry of one case). A key that is
not one of these, or a form the user may not use, answers 404 like any record the user may not
see.
"""

from dataclasses import dataclass

from django import forms
from django.http import Http404

from skyddsnat.drafts.registry import draftable
from skyddsnat.organisation.models import User

# A field without a max_length of its own (the free texts) keeps at most this many characters;
# the request body is limited before that by DATA_UPLOAD_MAX_MEMORY_SIZE.
TEXT_LIMIT = 50_000


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
    found = draftable(key)
    if found is None:
        raise Http404
    registered, case_id = found
    if not registered.may_use(user, case_id):
        raise Http404
    return DraftForm(key=key, fields=_limits(registered.form_class), case_id=case_id)
