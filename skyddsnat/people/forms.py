from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from skyddsnat.lib import identity


class PersonSearchForm(forms.Form):
    # Live results: htmx asks for the result list as the user types (a pause of 300 ms).
    q = forms.CharField(
        label=_("Name or personal identity number"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "hx-get": reverse_lazy("people-person-search"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#search-results",
            }
        ),
    )


class IdentityNumberField(forms.CharField):
    """A personal identity number as typed (10 or 12 digits, full-width or other digits, with a
    dash), cleaned to the stored 12-digit form by `lib.identity.normalise`."""

    default_error_messages = {
        "identity": _("Enter a valid personal identity number (YYYYMMDD-NNNN)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Personal identity number"))
        kwargs.setdefault("help_text", _("YYYYMMDD-NNNN"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"})
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "20")

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return identity.normalise(value)
        except identity.InvalidIdentityNumber:
            raise forms.ValidationError(self.error_messages["identity"], code="identity") from None
