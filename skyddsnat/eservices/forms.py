"""The public forms. Each carries the spam guard (`spam`: a honeypot and the signed moment it was
shown) and a hidden idempotency key, so that a form sent twice (a double click, the back button,
a reload) stores one submission. The checks of content are the services' (`services`): the form
only parses."""

import uuid
from typing import TYPE_CHECKING

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import form_field
from skyddsnat.cases.models import CaseKind, InterventionType
from skyddsnat.children.models import ReporterType
from skyddsnat.eservices import spam
from skyddsnat.eservices.models import HelpAbout, HelpOutcome
from skyddsnat.eservices.services import MAX_DESCRIPTION, MAX_LINE
from skyddsnat.lss.models import ApplicantRole
from skyddsnat.organisation.selectors import current_districts

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def early_help_types() -> QuerySet[InterventionType]:
    """The interventions offered without an individual needs assessment (insatser direkt)."""
    return InterventionType.objects.filter(
        without_needs_assessment=True, case_kind=CaseKind.CHILDREN
    ).order_by("name")


def lss_types() -> QuerySet[InterventionType]:
    return (
        InterventionType.objects.filter(case_kind=CaseKind.LSS, lss_rule__isnull=False)
        .select_related("lss_rule")
        .order_by("lss_rule__paragraph")
    )


def _line(
    label: "StrOrPromise", *, required: bool = False, help_text: "StrOrPromise" = ""
) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=MAX_LINE, strip=True, help_text=help_text
    )


class PublicForm(forms.Form):
    """The hidden parts every public form has."""

    issued = forms.CharField(widget=forms.HiddenInput, required=False)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # The honeypot: hidden from people by the template (see `spam`).
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault("issued", spam.issue_token())
            self.initial.setdefault("submission_key", uuid.uuid4())
        districts = self.fields.get("district")
        if isinstance(districts, forms.ModelChoiceField):
            districts.queryset = current_districts()

    def clean(self) -> dict:
        data = super().clean() or {}
        spam.check(token=data.get("issued", ""), honeypot=data.get("website", ""))
        return data

    def fresh_guard(self) -> None:
        """After a refusal by the guard: a new moment, so the next post may pass."""
        data = dict(self.data.items())
        data[self.add_prefix("issued")] = spam.issue_token()
        self.data = data


class ConcernForm(PublicForm):
    reporter_kind = forms.ChoiceField(
        label=_("Who are you?"),
        choices=[
            (ReporterType.PROFESSIONAL, _("I report in my work (e.g. school, health care)")),
            (ReporterType.PRIVATE, _("I am a private person")),
            (ReporterType.ANONYMOUS, _("I want to be anonymous")),
        ],
        widget=forms.RadioSelect,
    )
    reporter_name = _line(_("Your name"))
    organisation = _line(_("Organisation you report from"))
    phone = _line(_("Telephone"))
    email = forms.EmailField(label=_("E-mail for a receipt"), required=False, max_length=MAX_LINE)
    first_name = _line(_("The child's first name"))
    last_name = _line(_("The child's last name"))
    personal_identity_number = forms.CharField(
        label=_("The child's personal identity number, if you know it"),
        required=False,
        max_length=20,
        help_text=_("YYYYMMDD-NNNN"),
    )
    address = _line(
        _("The child's address, if you know it"),
        help_text=_("With the postal code, the report goes to the right district."),
    )
    district = forms.ModelChoiceField(
        label=_("District the child lives in"),
        queryset=current_districts(),
        required=False,
        empty_label=_("I don't know"),
    )
    description = forms.CharField(
        label=_("What are you worried about?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_DESCRIPTION,
        help_text=_("Describe what you have seen or heard, and when. At most 10,000 characters."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A PDF, JPEG or PNG of at most 5 MB, e.g. a letter or a photo."),
    )


class HelpForm(PublicForm):
    about = forms.ChoiceField(
        label=_("Who is the help for?"), choices=HelpAbout.choices, widget=forms.RadioSelect
    )
    intervention_type = forms.ModelChoiceField(
        label=_("Support you can get without an investigation (optional)"),
        queryset=InterventionType.objects.none(),
        required=False,
        empty_label=_("I want advice / I don't know"),
    )
    name = _line(_("Your name"), required=True)
    phone = _line(_("Telephone"))
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=MAX_LINE)
    district = forms.ModelChoiceField(label=_("District you live in"), queryset=current_districts())
    description = forms.CharField(
        label=_("What do you need help with?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_DESCRIPTION,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "intervention_type", forms.ModelChoiceField).queryset = early_help_types()


class LssForm(PublicForm):
    applicant_role = forms.ChoiceField(
        label=_("Whom do you apply for?"),
        choices=[
            (ApplicantRole.PERSON, _("For myself")),
            (ApplicantRole.GUARDIAN, _("For my child, as guardian")),
        ],
        widget=forms.RadioSelect,
    )
    personal_identity_number = forms.CharField(
        label=_("The child's personal identity number"),
        required=False,
        max_length=20,
        help_text=_("Only when you apply for your child. YYYYMMDD-NNNN"),
    )
    first_name = _line(_("The child's first name"))
    last_name = _line(_("The child's last name"))
    interventions = forms.ModelMultipleChoiceField(
        label=_("What do you apply for?"),
        queryset=InterventionType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    district = forms.ModelChoiceField(
        label=_("District the person lives in"), queryset=current_districts()
    )
    description = forms.CharField(
        label=_("Tell us about the need (optional)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_DESCRIPTION,
        required=False,
    )
    email = forms.EmailField(label=_("E-mail for a receipt"), required=False, max_length=MAX_LINE)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "interventions", forms.ModelMultipleChoiceField).queryset = lss_types()


class HelpHandledForm(forms.Form):
    """The reception's record that it has contacted the sender, with what came of it."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=HelpOutcome.choices)
