from django import forms
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import LineField, PastDateField, form_field
from skyddsnat.letters.models import LetterKind


class LetterForm(forms.Form):
    """A letter to send from the case page: its kind, the decision (for a decision letter) and
    the recipient (the service checks that the recipient fits the kind)."""

    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    decision = forms.TypedChoiceField(
        label=_("Decision (for a decision letter)"), coerce=int, required=False, empty_value=None
    )
    recipient = forms.ChoiceField(label=_("Recipient"))
    sent_on = PastDateField(label=_("Sent on"))

    def __init__(self, *args, decisions=(), recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "decision", forms.TypedChoiceField).choices = [("", "—"), *decisions]
        form_field(self, "recipient", forms.ChoiceField).choices = list(recipients)


class ServedForm(forms.Form):
    """The day the party received a letter (delgivning): the appeal time runs from it."""

    letter = forms.TypedChoiceField(label=_("Letter"), coerce=int)
    served_on = PastDateField(label=_("Received by the party on"))

    def __init__(self, *args, letters=(), **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "letter", forms.TypedChoiceField).choices = list(letters)


class TemplateForm(forms.Form):
    name = LineField(label=_("Name"))
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 24}), strip=False, max_length=20_000
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class LssLetterForm(forms.Form):
    """The decision letter of an LSS decision (on the application page, under the decision):
    whom it goes to and the day it is sent."""

    recipient = forms.ChoiceField(label=_("Recipient"))
    sent_on = PastDateField(label=_("Sent on"))

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "recipient", forms.ChoiceField).choices = list(recipients)


class LssServedForm(forms.Form):
    """The day the party received an LSS decision letter (the appeal time runs from it)."""

    served_on = PastDateField(label=_("Received by the party on"))
