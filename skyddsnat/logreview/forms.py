from django import forms
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import DateInput


class DateRangeForm(forms.Form):
    """A from date and a to date, both optional; the to date must not come before the from date."""

    since = forms.DateField(label=_("From date"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To date"), required=False, widget=DateInput())

    def clean(self) -> dict:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The to date must not be before the from date."))
        return data


class AuditSearchForm(DateRangeForm):
    person = forms.CharField(
        label=_("Personal identity number"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    user = forms.CharField(label=_("Username"), max_length=150, required=False)
    field_order = ["person", "name", "user", "since", "until"]

    def has_criteria(self) -> bool:
        return any(
            self.cleaned_data.get(name) for name in ("person", "name", "user", "since", "until")
        )


class AuditReviewForm(DateRangeForm):
    """The period of the log review."""
