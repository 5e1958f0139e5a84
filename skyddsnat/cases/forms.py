"""Forms for the case pages. They convert and check shape only; the services hold the rules."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import InterventionType, LegalBasis, Outcome
from skyddsnat.lib import validators
from skyddsnat.lib.paging import ListForm
from skyddsnat.organisation.models import DecisionType
from skyddsnat.people.forms import IdentityNumberField
from skyddsnat.people.models import GuardianRelation

YES_NO = [("yes", _("Yes")), ("no", _("No"))]

_F = TypeVar("_F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """The form's own copy of a declared field, as the class it was declared with (`form.fields`
    is typed as plain fields), to set its queryset or choices per instance."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


# Fields with the checks of `lib.validators`, the same the API's serializers and the services use.


class NameField(forms.CharField):
    """A first or last name."""

    default_validators = [validators.validate_name]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", validators.NAME_MAX_LENGTH)
        super().__init__(**kwargs)


class LineField(forms.CharField):
    """One line of text: a reporter's name, a provider."""

    default_validators = [validators.validate_line]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", validators.LINE_MAX_LENGTH)
        super().__init__(**kwargs)


class TextField(forms.CharField):
    """Free text in a text area: descriptions, reasons, notes, the journal."""

    default_validators = [validators.validate_text]

    def __init__(self, *, rows: int = 3, **kwargs):
        kwargs.setdefault("max_length", validators.TEXT_MAX_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)


class PastDateField(forms.DateField):
    """The date of something that has happened: from 1900 up to today."""

    default_validators = [validators.validate_past]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)


class PlannedDateField(forms.DateField):
    """A date that may lie ahead (a start, a due date): from 1900 to the planning horizon."""

    default_validators = [validators.validate_planned]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)


class OutcomeField(forms.ChoiceField):
    """A decision's outcome: grant or refuse, as radio buttons."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Outcome"))
        kwargs.setdefault("widget", forms.RadioSelect)
        choices = [(Outcome.GRANT.value, _("Grant")), (Outcome.REFUSE.value, _("Refuse"))]
        super().__init__(choices=choices, **kwargs)


def picked(data: Mapping[str, Any], *names: str) -> dict[str, Any]:
    """The named values of a form's cleaned data, as keyword arguments of its service."""
    return {name: data[name] for name in names}


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    """A date and a wall-clock time in Stockholm, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time))


def apply_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Attach a service's ValidationError to the form fields it names (or to the whole form)."""
    field_map = field_map or {}
    messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, texts in messages.items():
        target = field_map.get(field, field) if field else None
        if target not in form.fields:
            target = None
        for text in texts:
            form.add_error(target, text)


class SafetyAssessmentForm(forms.Form):
    assessed_date = PastDateField(label=_("Date of assessment"))
    assessed_time = forms.TimeField(label=_("Time"), widget=TimeInput())
    immediate_protection_needed = forms.ChoiceField(
        label=_("Does the child need immediate protection?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    notes = TextField(label=_("Notes"), required=False)

    field_map = {"assessed_at": "assessed_date"}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "assessed_at": aware(data["assessed_date"], data["assessed_time"]),
            "immediate_protection_needed": data["immediate_protection_needed"] == "yes",
            "notes": data["notes"],
        }


class PreAssessmentForm(forms.Form):
    decided_on = PastDateField(label=_("Decision date"))
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (DecisionType.OPEN_INVESTIGATION.value, _("Open an investigation")),
            (DecisionType.NO_INVESTIGATION.value, _("Do not open an investigation")),
        ],
        widget=forms.RadioSelect,
    )
    reason = TextField(label=_("Reason"))
    exceptional_reasons = TextField(
        label=_("Exceptional reasons (a decision not to investigate after the time limit)"),
        required=False,
    )


class ExtensionForm(forms.Form):
    new_due = PlannedDateField(label=_("New due date"))
    reason = TextField(label=_("Special reasons"))


class ExtensionRequestForm(forms.Form):
    """ "Begär förlängning": the caseworker asks the one who may extend (issue 9 point 7)."""

    reason = TextField(label=_("Special reasons"))
    proposed_due = PlannedDateField(label=_("Proposed new due date"), required=False)


class ReferralForm(forms.Form):
    """A decision on an intervention the user's delegation does not cover, prepared and sent to
    the one who may take it."""

    intervention_type = forms.ModelChoiceField(
        label=_("Intervention"), queryset=InterventionType.objects.none(), empty_label=_("Choose…")
    )
    outcome = OutcomeField(label=_("Proposed outcome"))
    reason = TextField(label=_("Reasons"))

    def __init__(self, *args, only: QuerySet[InterventionType], **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "intervention_type", forms.ModelChoiceField).queryset = only


class ReferralDecideForm(forms.Form):
    """The decider's answer to a referral in "Beslut att fatta"."""

    outcome = OutcomeField()
    new_due = PlannedDateField(label=_("New due date"), required=False)
    reason = TextField(label=_("Reasons"))

    def __init__(self, *args, extension: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not extension:
            del self.fields["new_due"]


class DecisionForm(forms.Form):
    decided_on = PastDateField(label=_("Decision date"))
    outcome = OutcomeField()
    intervention_type = forms.ModelChoiceField(
        label=_("Intervention"), queryset=InterventionType.objects.none(), empty_label=_("Choose…")
    )
    reason = TextField(label=_("Reason"))

    def __init__(
        self, *args, case_kind: str, only: QuerySet[InterventionType] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        field = form_field(self, "intervention_type", forms.ModelChoiceField)
        field.queryset = (
            only
            if only is not None
            # LVU is recorded in the case's LVU section, from its own events (skyddsnat.care).
            else InterventionType.objects.filter(case_kind=case_kind).exclude(
                legal_basis=LegalBasis.LVU
            )
        )


class InterventionStartForm(forms.Form):
    started_on = PlannedDateField(label=_("Start date"))
    # The upper bound is what `Intervention.cost_sek` (a PositiveIntegerField) holds; past it the
    # database refuses the row.
    cost_sek = forms.IntegerField(
        label=_("Cost (SEK)"), min_value=0, max_value=2_147_483_647, initial=0
    )
    provider = LineField(label=_("Provider"), required=False)


class DeadlineDoneForm(forms.Form):
    done_on = PastDateField(label=_("Done on"))
    note = TextField(label=_("Note"), rows=2, required=False)


# Drafts of the journal entry, one per user and case: "cases.journal:<case id>".
JOURNAL_DRAFT_PREFIX = "cases.journal:"


def journal_key(case_id: int) -> str:
    return f"{JOURNAL_DRAFT_PREFIX}{case_id}"


class JournalForm(forms.Form):
    text = TextField(label=_("Journal entry"), rows=5)


class GuardianForm(forms.Form):
    """A guardian of the case's child, found or registered by identity number."""

    personal_identity_number = IdentityNumberField()
    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))
    relation = forms.ChoiceField(
        label=_("Relation to the child"),
        choices=GuardianRelation.choices,
        initial=GuardianRelation.PARENT,
    )


class PersonMatchForm(forms.Form):
    """The child reported without a personal identity number, matched to the person of one."""

    personal_identity_number = IdentityNumberField()
    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))


class AssignForm(forms.Form):
    """The assignee is chosen among the unit's caseworkers, loaded once for the whole queue."""

    assignee = forms.TypedChoiceField(label=_("Caseworker"), coerce=int)

    def __init__(self, *args, choices: Sequence[tuple[int | str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = form_field(self, "assignee", forms.TypedChoiceField)
        field.choices = [("", _("Choose…")), *choices]


class CaseListForm(ListForm):
    """Filters and sort of "Mina ärenden" (a GET form: the page works without JavaScript and a
    filtered list can be bookmarked). A value not among the choices is ignored, not an error."""

    DEADLINE_CHOICES = [
        ("", _("All")),
        ("overdue", _("Overdue")),
        ("week", _("Due within 7 days")),
        ("none", _("No pending time limit")),
    ]
    SORT_CHOICES = [
        ("due", _("Nearest time limit first")),
        ("newest", _("Newest first")),
        ("oldest", _("Oldest first")),
        ("reference", _("Case reference")),
    ]

    status = forms.ChoiceField(label=_("Status"), required=False)
    deadline = forms.ChoiceField(label=_("Time limit"), choices=DEADLINE_CHOICES, required=False)
    assignee = forms.ChoiceField(label=_("Caseworker"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(
        self,
        *args,
        statuses: Sequence[tuple[str, str]],
        assignees: Sequence[tuple[int, str]] | None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.set_choices("status", statuses, unset=_("All open"))
        if assignees is None:
            # Only a manager chooses whose cases: a caseworker's list is their own.
            del self.fields["assignee"]
        else:
            form_field(self, "assignee", forms.ChoiceField).choices = [
                ("", _("Everyone")),
                ("none", _("Not assigned")),
                *[(str(pk), name) for pk, name in assignees],
            ]
