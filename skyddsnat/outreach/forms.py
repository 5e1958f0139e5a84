"""The outreach contact form: short, for registering a contact right after it happened."""

from django import forms
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import NameField, PastDateField, TextField
from skyddsnat.outreach.models import AgeBand, PlaceKind, Topic
from skyddsnat.people.forms import IdentityNumberField


class ContactForm(forms.Form):
    contact_on = PastDateField(label=_("Date of contact"))
    place_kind = forms.ChoiceField(label=_("Kind of place"), choices=PlaceKind.choices)
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    joint_with_police = forms.BooleanField(label=_("Joint with the police"), required=False)
    referral_made = forms.BooleanField(label=_("Referral made"), required=False)
    anonymous = forms.TypedChoiceField(
        label=_("Identity"),
        choices=[("1", _("Anonymous")), ("0", _("Named person"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    personal_identity_number = IdentityNumberField(required=False)
    first_name = NameField(label=_("First name"), required=False)
    last_name = NameField(label=_("Last name"), required=False)
    note = TextField(label=_("Note"), required=False)
