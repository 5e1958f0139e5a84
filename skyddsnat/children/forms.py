"""The report intake form and the children-specific action forms of the case page. They convert
input (date and time into an aware datetime); the services decide what is valid."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import (
    LineField,
    NameField,
    PastDateField,
    PlannedDateField,
    TextField,
    TimeInput,
    aware,
    form_field,
    picked,
)
from skyddsnat.cases.models import CaseKind, InterventionType
from skyddsnat.children.guardians import consent_rule
from skyddsnat.children.models import ConsentAnswer, ReporterType, ViolenceKind
from skyddsnat.lib import countries
from skyddsnat.lib.paging import ListForm
from skyddsnat.organisation.models import District
from skyddsnat.organisation.selectors import current_districts
from skyddsnat.people.forms import IdentityNumberField
from skyddsnat.people.models import GuardianRelation, IdentityKind, Person

# The child's fields of the intake and the early help forms, as the services name them.
CHILD_FIELDS = ("personal_identity_number", "first_name", "last_name")

# The intake form's draft, one per user.
REPORT_KEY = "children.report"


# How the child of a report is identified (issue 9 point 3): a number (personal or coordination)
# or, without one, a reserve number, unknown, or a child not yet born.
IDENTITY_CHOICES = [
    (IdentityKind.PERSONAL.value, _("Personal identity number or coordination number")),
    (IdentityKind.RESERVE.value, _("Temporary reserve number")),
    (IdentityKind.UNKNOWN.value, _("Identity not known")),
    (IdentityKind.UNBORN.value, _("Unborn child")),
]


class ViolenceFields(forms.Form):
    """What a report says of violence (issue 10 point 5): the kinds, exposed or witnessed."""

    violence_kinds = forms.MultipleChoiceField(
        label=_("Kinds of violence"),
        choices=ViolenceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    child_exposed = forms.BooleanField(label=_("The child was exposed to violence"), required=False)
    child_witnessed = forms.BooleanField(label=_("The child witnessed violence"), required=False)

    violence_field_map = {"kinds": "violence_kinds"}

    def clean(self) -> dict:
        data = super().clean() or {}
        if (data.get("child_exposed") or data.get("child_witnessed")) and not data.get(
            "violence_kinds"
        ):
            self.add_error("violence_kinds", _("Choose at least one kind of violence."))
        return data

    def violence_kwargs(self) -> dict | None:
        """The report's violence for the service, or None when the report names none."""
        data = self.cleaned_data
        if not data.get("violence_kinds"):
            return None
        return {
            "kinds": list(data["violence_kinds"]),
            "child_exposed": bool(data.get("child_exposed")),
            "child_witnessed": bool(data.get("child_witnessed")),
        }


class ReportForm(ViolenceFields):
    identity_kind = forms.ChoiceField(
        label=_("The child is identified by"),
        choices=IDENTITY_CHOICES,
        initial=IdentityKind.PERSONAL,
        required=False,
    )
    personal_identity_number = IdentityNumberField(required=False)
    reserve_number = LineField(label=_("Reserve number"), required=False, max_length=40)
    expected_birth_date = PlannedDateField(label=_("Expected date of birth"), required=False)
    date_of_birth = PastDateField(
        label=_("Date of birth, if known"), required=False, help_text=_("Without a number.")
    )
    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), empty_label=_("Choose…")
    )
    received_date = PastDateField(label=_("Date received"))
    received_time = forms.TimeField(label=_("Time received"), widget=TimeInput())
    reporter_type = forms.ChoiceField(
        label=_("Reporter"), choices=ReporterType.choices, widget=forms.RadioSelect
    )
    reporter_name = LineField(
        label=_("Reporter's name or organisation"),
        required=False,
        help_text=_("Left out for anonymous reports."),
    )
    description = TextField(label=_("What the report says"), rows=8)
    # A guardian of the child, if the report names one (more are added on the case page).
    guardian_personal_identity_number = IdentityNumberField(
        label=_("Guardian's personal identity number"), required=False
    )
    guardian_first_name = NameField(label=_("Guardian's first name"), required=False)
    guardian_last_name = NameField(label=_("Guardian's last name"), required=False)
    guardian_relation = forms.ChoiceField(
        label=_("Relation to the child"),
        choices=GuardianRelation.choices,
        initial=GuardianRelation.PARENT,
        required=False,
    )

    field_map = {"received_at": "received_date", **ViolenceFields.violence_field_map}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        districts = current_districts()
        form_field(self, "district", forms.ModelChoiceField).queryset = districts
        # A municipality without districts has one committee: nothing to choose.
        self.fields["district"].required = districts.exists()

    def clean(self) -> dict:
        data = super().clean() or {}
        data["identity_kind"] = data.get("identity_kind") or IdentityKind.PERSONAL
        if data["identity_kind"] == IdentityKind.PERSONAL and not data.get(
            "personal_identity_number"
        ):
            if "personal_identity_number" not in self.errors:
                self.add_error("personal_identity_number", _("This field is required."))
        return data

    @property
    def without_number(self) -> bool:
        return self.cleaned_data.get("identity_kind", IdentityKind.PERSONAL) != (
            IdentityKind.PERSONAL
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            **picked(data, *CHILD_FIELDS, "district", "reporter_type", "reporter_name"),
            "received_at": aware(data["received_date"], data["received_time"]),
            "description": data["description"],
            "violence": self.violence_kwargs(),
        }
        if self.without_number:
            kwargs.update(
                personal_identity_number="",
                identity_kind=data["identity_kind"],
                reserve_number=data.get("reserve_number") or "",
                expected_birth_date=data.get("expected_birth_date"),
                date_of_birth=data.get("date_of_birth"),
            )
        return kwargs

    def guardian_kwargs(self) -> dict | None:
        """The guardian the report names, or None when the guardian's number is left empty."""
        data = self.cleaned_data
        if not data.get("guardian_personal_identity_number"):
            return None
        return {
            "personal_identity_number": data["guardian_personal_identity_number"],
            "first_name": data.get("guardian_first_name", ""),
            "last_name": data.get("guardian_last_name", ""),
            "relation": data.get("guardian_relation") or GuardianRelation.PARENT,
        }


def early_help_types() -> QuerySet[InterventionType]:
    """The interventions the committee offers without an individual needs assessment."""
    return InterventionType.objects.filter(
        without_needs_assessment=True, case_kind=CaseKind.CHILDREN
    ).order_by("name")


class CaseEarlyHelpForm(forms.Form):
    """Early help offered from a case, e.g. after a decision not to open an investigation."""

    intervention_type = forms.ModelChoiceField(
        label=_("Intervention"), queryset=InterventionType.objects.none(), empty_label=_("Choose…")
    )
    started_on = PastDateField(label=_("Start date"))
    consent_given = forms.BooleanField(
        label=_("The guardians consent"),
        required=False,
        help_text=_("Required for a child."),
    )
    consent_on = PastDateField(label=_("Consent given on"), required=False)
    note = TextField(
        label=_("Note"),
        required=False,
        help_text=_("Briefly: what was asked for and what is offered."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "intervention_type", forms.ModelChoiceField).queryset = early_help_types()
        rule = consent_rule()
        if rule is not None:
            # The age is rule data (`ConsentRule`); the help text follows it.
            self.fields["consent_given"].help_text = _("Required for a child under %(age)s.") % {
                "age": rule.age
            }

    def service_kwargs(self) -> dict:
        names = ("intervention_type", "started_on", "consent_given", "consent_on", "note")
        return picked(self.cleaned_data, *names)


class EarlyHelpForm(CaseEarlyHelpForm):
    """Early help asked for without a report: the child first."""

    personal_identity_number = IdentityNumberField()
    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), **picked(self.cleaned_data, *CHILD_FIELDS)}


class GuardianConsentForm(forms.Form):
    """One guardian's answer to early help from the case: the choices are the case's early help
    and the child's guardians, so an id from elsewhere is refused as an invalid choice."""

    early_help = forms.TypedChoiceField(label=_("Intervention"), coerce=int)
    guardian = forms.TypedChoiceField(label=_("Guardian"), coerce=int)
    answer = forms.ChoiceField(
        label=_("Answer"), choices=ConsentAnswer.choices, widget=forms.RadioSelect
    )
    answered_on = PastDateField(label=_("Answered on"))

    def __init__(self, *args, early_help_choices, guardian_choices, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "early_help", forms.TypedChoiceField).choices = early_help_choices
        form_field(self, "guardian", forms.TypedChoiceField).choices = guardian_choices


class EarlyHelpEndForm(forms.Form):
    ended_on = PastDateField(label=_("End date"))


class EarlyHelpListForm(ListForm):
    """Filters and sort of the unit's early help list."""

    STATE_CHOICES = [("", _("Ongoing")), ("ended", _("Ended")), ("all", _("All"))]
    SORT_CHOICES = [("newest", _("Latest started first")), ("oldest", _("Earliest started first"))]

    state = forms.ChoiceField(label=_("Show"), choices=STATE_CHOICES, required=False)
    intervention = forms.ChoiceField(label=_("Intervention"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("intervention", [(str(t.pk), t.name) for t in early_help_types()])


class CaseViolenceForm(ViolenceFields):
    """A report of the case marked with violence afterwards (case page)."""

    report = forms.TypedChoiceField(label=_("Report"), coerce=int)

    field_map = ViolenceFields.violence_field_map

    def __init__(self, *args, report_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "report", forms.TypedChoiceField).choices = report_choices
        self.fields["violence_kinds"].required = True


def _country_choices() -> list[tuple[str, str]]:
    return [("", str(_("Not known"))), *countries.choices()]


class ChildBackgroundForm(forms.Form):
    """The child's details for the national child and youth register (case page): the child's
    country of birth, whether the child came unaccompanied, and one country of birth per
    guardian (`guardian_<person id>`)."""

    country_of_birth = forms.ChoiceField(label=_("The child's country of birth"), required=False)
    unaccompanied_minor = forms.BooleanField(
        label=_("Unaccompanied minor"),
        required=False,
        help_text=_("The child came to Sweden without a parent or other guardian."),
    )

    def __init__(self, *args, guardians: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        choices = _country_choices()
        form_field(self, "country_of_birth", forms.ChoiceField).choices = choices
        self.guardian_fields: dict[str, int] = {}
        for guardian in guardians:
            name = f"guardian_{guardian.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("Country of birth: %(name)s") % {"name": guardian.full_name},
                choices=choices,
                required=False,
                initial=guardian.country_of_birth,
            )
            self.guardian_fields[name] = guardian.pk

    def guardian_countries(self) -> dict[int, str]:
        """Guardian person id → the country chosen for them."""
        return {pk: self.cleaned_data[name] for name, pk in self.guardian_fields.items()}
