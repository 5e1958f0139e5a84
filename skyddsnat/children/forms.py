"""The report intake form and the children-specific action forms of the case page. They convert
input (date and time into an aware datetime); the services decide what is valid."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import DateInput, TimeInput, aware, form_field
from skyddsnat.children.models import ReporterType
from skyddsnat.organisation.models import District


def current_districts() -> QuerySet[District]:
    """Districts valid today: a report is filed with the district that exists now."""
    return District.objects.filter(valid_to__isnull=True, successor__isnull=True).order_by("name")


class ReportForm(forms.Form):
    personal_identity_number = forms.CharField(
        label=_("Personal identity number"),
        max_length=13,
        help_text=_("YYYYMMDD-NNNN"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), empty_label=_("Choose…")
    )
    received_date = forms.DateField(label=_("Date received"), widget=DateInput())
    received_time = forms.TimeField(label=_("Time received"), widget=TimeInput())
    reporter_type = forms.ChoiceField(
        label=_("Reporter"), choices=ReporterType.choices, widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(
        label=_("Reporter's name or organisation"),
        max_length=200,
        required=False,
        help_text=_("Left out for anonymous reports."),
    )
    description = forms.CharField(
        label=_("What the report says"), widget=forms.Textarea(attrs={"rows": 8})
    )

    field_map = {"received_at": "received_date"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        districts = current_districts()
        form_field(self, "district", forms.ModelChoiceField).queryset = districts
        # A municipality without districts has one committee: nothing to choose.
        self.fields["district"].required = districts.exists()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "personal_identity_number": data["personal_identity_number"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "district": data["district"],
            "received_at": aware(data["received_date"], data["received_time"]),
            "reporter_type": data["reporter_type"],
            "reporter_name": data["reporter_name"],
            "description": data["description"],
        }
