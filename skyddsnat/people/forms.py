from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


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
