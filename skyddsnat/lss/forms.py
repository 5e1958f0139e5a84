"""Forms for the LSS pages. They convert and check shape only; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import (
    LineField,
    NameField,
    OutcomeField,
    PastDateField,
    PlannedDateField,
    TextField,
    form_field,
)
from skyddsnat.cases.models import CaseStatus, InterventionType
from skyddsnat.lib.paging import ListForm
from skyddsnat.lss.models import (
    ApplicantRole,
    ClosureReason,
    CourtOutcome,
    DelayOfferAnswer,
    DelayReason,
    Facility,
    ProviderKind,
    ResourceKind,
    ScopeUnit,
    SupportMeanwhile,
)
from skyddsnat.organisation.selectors import current_districts
from skyddsnat.people.forms import IdentityNumberField

GROUP_CHOICES = [
    ("1", _("1: intellectual disability, autism")),
    ("2", _("2: lasting intellectual impairment after brain injury in adulthood")),
    ("3", _("3: other large, lasting physical or mental impairments")),
    ("", _("None: not in the eligibility groups")),
]


def lss_interventions():
    return (
        InterventionType.objects.filter(case_kind="lss")
        .select_related("lss_rule")
        .order_by("lss_rule__paragraph")
    )


class InterventionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: InterventionType) -> str:
        return f"{obj.citation}: {obj.name}"


class ApplicationForm(forms.Form):
    personal_identity_number = IdentityNumberField()
    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))
    district = forms.ModelChoiceField(
        label=_("District"), queryset=current_districts(), empty_label=_("Choose…")
    )
    received_on = PastDateField(label=_("Date the application arrived"))
    applicant_role = forms.ChoiceField(
        label=_("Who applies"), choices=ApplicantRole.choices, widget=forms.RadioSelect
    )
    applicant_name = LineField(label=_("Name of guardian or legal representative"), required=False)
    interventions = InterventionChoiceField(
        label=_("Interventions applied for"),
        queryset=lss_interventions(),
        widget=forms.CheckboxSelectMultiple,
    )
    description = TextField(label=_("What the application says"), rows=4, required=False)

    # The service's name for a field that the form calls otherwise (its errors land there).
    field_map = {"intervention_types": "interventions"}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["intervention_types"] = list(data.pop("interventions"))
        return data


class EligibilityForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Eligibility group (personkrets, LSS 1 §)"),
        choices=GROUP_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    assessed_on = PastDateField(label=_("Date of assessment"))
    reasoning = TextField(label=_("Reasoning"), rows=3)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "group": int(data["group"]) if data["group"] else None,
            "assessed_on": data["assessed_on"],
            "reasoning": data["reasoning"],
        }


class LssDecisionForm(forms.Form):
    decided_on = PastDateField(label=_("Decision date"))
    outcome = OutcomeField()
    scope_amount = forms.DecimalField(
        label=_("Scope"), max_digits=6, decimal_places=1, required=False, min_value=0
    )
    scope_unit = forms.ChoiceField(label=_("Scope unit"), choices=ScopeUnit.choices, required=False)
    valid_from = PlannedDateField(label=_("Valid from"), required=False)
    valid_to = PlannedDateField(
        label=_("Valid to"),
        required=False,
        help_text=_("Empty: until further notice."),
    )
    confirm_region = forms.BooleanField(
        label=_("The municipality provides this intervention (agreement with the region)"),
        required=False,
    )
    reason = TextField(label=_("Reasons"), rows=3)


class LssReferralForm(LssDecisionForm):
    """A decision prepared for the one who may take it: they give the date, and confirm a
    region's intervention, when they decide."""

    decided_on = None  # type: ignore[assignment]
    confirm_region = None  # type: ignore[assignment]
    outcome = OutcomeField(label=_("Proposed outcome"))


class ImplementationForm(forms.Form):
    started_on = PastDateField(label=_("Start date"))
    provider_kind = forms.ChoiceField(
        label=_("Provider"), choices=ProviderKind.choices, widget=forms.RadioSelect
    )
    provider = LineField(
        label=_("Name of the provider"),
        required=False,
        help_text=_("Required for an external provider."),
    )


class InterruptionForm(forms.Form):
    starts_on = PastDateField(label=_("Interrupted from"))
    reason = TextField(label=_("Reason"), rows=2)


class InterruptionEndForm(forms.Form):
    ends_on = PastDateField(label=_("Resumed on"))


class AppealForm(forms.Form):
    received_on = PastDateField(label=_("Appeal received"))


class AppealOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Court outcome"),
        choices=[c for c in CourtOutcome.choices if c[0] != CourtOutcome.PENDING],
    )
    outcome_on = PastDateField(label=_("Judgment date"))


class OfferForm(forms.Form):
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=Facility.objects.none(), empty_label=_("Choose…")
    )
    offered_on = PastDateField(label=_("Offered on"))

    def __init__(
        self,
        *args,
        resource_kind_id: int | None = None,
        facilities: list[Facility] | None = None,
        **kwargs,
    ):
        """`facilities`, when given, are the choices already read (a page with one form per queue
        entry reads them once); the queryset still validates the posted choice."""
        super().__init__(*args, **kwargs)
        qs = Facility.objects.all()
        if resource_kind_id is not None:
            qs = qs.filter(resource_kind_id=resource_kind_id)
        field = form_field(self, "facility", forms.ModelChoiceField)
        field.queryset = qs
        if facilities is not None:
            field.choices = [("", field.empty_label)] + [
                (f.pk, str(f))
                for f in facilities
                if resource_kind_id is None or f.resource_kind_id == resource_kind_id
            ]


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accepted", _("Accepted")), ("refused", _("Refused"))],
        widget=forms.RadioSelect,
    )
    answered_on = PastDateField(label=_("Answered on"))
    refusal_reason = TextField(label=_("Reason for refusal"), rows=2, required=False)


class DelayForm(forms.Form):
    """Why a granted decision waits, and (optionally) that it ended without implementation."""

    reason = forms.ChoiceField(label=_("Reason for the delay"), choices=DelayReason.choices)
    reason_text = TextField(label=_("The reason in words"), required=False, rows=2)
    consequences = TextField(label=_("Consequences for the person"), required=False, rows=2)
    support_kind = forms.ChoiceField(
        label=_("Support given meanwhile"),
        choices=[("", "–"), *SupportMeanwhile.choices],
        required=False,
    )
    support_text = TextField(label=_("The support meanwhile in words"), required=False, rows=2)
    closed_reason = forms.ChoiceField(
        label=_("Ended without implementation"),
        choices=[("", _("no, the decision still waits")), *ClosureReason.choices],
        required=False,
    )
    closed_on = PastDateField(label=_("Ended on"), required=False)


class DelayOfferForm(forms.Form):
    offered_on = PastDateField(label=_("Offered on"))
    offered = LineField(label=_("What was offered"), max_length=200)
    answer = forms.ChoiceField(label=_("Answer"), choices=DelayOfferAnswer.choices)
    answered_on = PastDateField(label=_("Answered on"), required=False)


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, str(q)) for q in range(1, 5)], coerce=int
    )


# --- Filters and sort of the lists (GET forms; an unknown value is dropped, not an error) ------


class ApplicationListForm(ListForm):
    SORT_CHOICES = [
        ("newest", _("Latest received first")),
        ("oldest", _("Earliest received first")),
    ]

    status = forms.ChoiceField(label=_("Status"), required=False)
    intervention = forms.ChoiceField(label=_("Intervention"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("status", [(str(s.value), str(s.label).capitalize()) for s in CaseStatus])
        self.set_choices("intervention", [(str(t.pk), t.name) for t in lss_interventions()])


class ImplementListForm(ListForm):
    LIMIT_CHOICES = [
        ("", _("All")),
        ("late", _("Late")),
        ("approaching", _("Within 30 days of the time limit")),
    ]
    SORT_CHOICES = [("due", _("Nearest time limit first")), ("recent", _("Latest decided first"))]

    limit = forms.ChoiceField(label=_("Time limit"), choices=LIMIT_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)


class QueueListForm(ListForm):
    SORT_CHOICES = [
        ("longest", _("Waiting longest first")),
        ("shortest", _("Waiting shortest first")),
    ]

    resource_kind = forms.ChoiceField(label=_("Kind of place"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = ResourceKind.objects.order_by("name", "pk")
        self.set_choices("resource_kind", [(str(k.pk), k.name) for k in kinds])
