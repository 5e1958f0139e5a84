from django import forms
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import LineField, PastDateField
from skyddsnat.people.forms import IdentityNumberField
from skyddsnat.people.models import Person
from skyddsnat.retention.models import RecordCategory

HOLD_CATEGORIES = [
    (c.value, c.label)
    for c in RecordCategory
    if c not in (RecordCategory.PERSONAL_FILE, RecordCategory.PLACEMENT)
]


class HoldForm(forms.Form):
    """A record that keeps a file: whose file, which category, dated when; for an agreement on
    custody, residence or contact, the child it concerns."""

    personal_identity_number = IdentityNumberField()
    category = forms.ChoiceField(label=_("Record"), choices=HOLD_CATEGORIES)
    recorded_on = PastDateField(label=_("Dated"))
    child_identity_number = IdentityNumberField(
        label=_("The child's personal identity number (agreements)"), required=False
    )
    note = LineField(label=_("Note"), required=False)

    def _person(self, field: str) -> Person | None:
        number = self.cleaned_data.get(field)
        if not number:
            return None
        person = Person.objects.filter(personal_identity_number=number).first()
        if person is None:
            self.add_error(field, _("No person with this personal identity number."))
        return person

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.errors:
            return data
        data["person"] = self._person("personal_identity_number")
        data["child"] = self._person("child_identity_number")
        if data["category"] == RecordCategory.CUSTODY_AGREEMENT and not data["child"]:
            if "child_identity_number" not in self.errors:
                self.add_error(
                    "child_identity_number", _("An agreement names the child it concerns.")
                )
        return data
