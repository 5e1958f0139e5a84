"""The welfare-crime forms: a signal, its assessment, the register's year."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import NameField, PastDateField, TextField
from skyddsnat.people.forms import IdentityNumberField
from skyddsnat.welfarecrime.models import Authority, Benefit, Source


class SignalForm(forms.Form):
    received_on = PastDateField(label=_("Received"))
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    benefit = forms.ChoiceField(label=_("Benefit"), choices=Benefit.choices)
    authority = forms.ChoiceField(label=_("Deciding authority"), choices=Authority.choices)
    description = TextField(label=_("Description"), rows=5)
    personal_identity_number = IdentityNumberField(required=False)
    first_name = NameField(label=_("First name"), required=False)
    last_name = NameField(label=_("Last name"), required=False)


class AssessmentForm(forms.Form):
    notify = forms.TypedChoiceField(
        label=_("Assessment"),
        choices=[
            ("1", _("Notify the deciding authority")),
            ("0", _("Do not notify")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    notified_on = PastDateField(label=_("Notified on"), required=False)
    recipient = forms.ChoiceField(
        label=_("Receiving authority"),
        choices=[("", "—"), *Authority.choices],
        required=False,
    )
    reason = TextField(label=_("Reason not to notify"), required=False)

    def clean(self) -> dict:
        # The page shows every field at once: the date and recipient of a "do not notify" are
        # what the form had by default, not an answer, so they are left out.
        data = super().clean() or {}
        if data.get("notify") is False:
            data["notified_on"] = None
            data["recipient"] = ""
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return timezone.localdate().year

    def clean_year(self) -> int | None:
        value = self.cleaned_data.get("year")
        if value is not None and value > timezone.localdate().year:
            raise ValidationError(_("Choose a year that has begun."))
        return value
