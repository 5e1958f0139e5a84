"""Forms of the staff pages (they validate and convert; the services check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import LineField, PastDateField, PlannedDateField, TextField
from skyddsnat.partners.models import PARTNER_AGENCIES, DisclosureGround, GivenBy, Scope
from skyddsnat.people.models import Person


class ConsentForm(forms.Form):
    given_by = forms.ChoiceField(
        label=_("Consent given by"), choices=GivenBy.choices, widget=forms.RadioSelect
    )
    guardian_id = forms.TypedChoiceField(
        label=_("Guardian"), coerce=int, required=False, empty_value=None
    )
    agency = forms.ChoiceField(label=_("Shared with"), choices=PARTNER_AGENCIES)
    scope = forms.MultipleChoiceField(
        label=_("What is shared"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_from = PlannedDateField(label=_("Valid from"))
    valid_to = PlannedDateField(label=_("Valid to"))

    def __init__(self, *args, guardians: list[Person], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["guardian_id"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 (declared above)
        field.choices = [("", "–")] + [(g.pk, g.full_name) for g in guardians]


class WithdrawForm(forms.Form):
    withdrawn_on = PastDateField(label=_("Withdrawn on"))


class DisclosureForm(forms.Form):
    ground = forms.ModelChoiceField(
        label=_("Legal ground"), queryset=DisclosureGround.objects.all(), empty_label=None
    )
    recipient = LineField(label=_("Recipient (agency and person)"))
    content = TextField(label=_("What was disclosed"))
    disclosed_on = PastDateField(label=_("Disclosed on"))
