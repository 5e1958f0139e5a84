"""The care flow's action forms on the case page (the services check everything again)."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from skyddsnat.care.models import (
    LvuSection,
    PlacementBasis,
    PlacementEnd,
    PlacementForm,
    PlacementReviewKind,
    PlanKind,
    ReviewOutcome,
    VisitKind,
)
from skyddsnat.cases.forms import (
    LineField,
    PastDateField,
    PlannedDateField,
    TextField,
    form_field,
)
from skyddsnat.organisation.models import User


class CustodyForm(forms.Form):
    decided_on = PastDateField(label=_("Decision date"))
    section = forms.ChoiceField(label=_("Ground"), choices=LvuSection.choices)
    reason = TextField(label=_("Reasons"))


class CarriedOutForm(forms.Form):
    carried_out_on = PastDateField(label=_("Carried out on"))


class LimitDoneForm(forms.Form):
    done_on = PastDateField(label=_("Date"))
    note = TextField(label=_("Note (e.g. the court's case number)"), rows=2, required=False)


class CourtExtensionForm(forms.Form):
    decided_on = PastDateField(label=_("The court's decision date"))
    new_due = PlannedDateField(label=_("New last day"))
    reason = TextField(label=_("The court's reasons"))


class CareForm(forms.Form):
    section = forms.ChoiceField(label=_("Care under"), choices=LvuSection.choices)
    decided_on = PastDateField(label=_("The court's decision date"))
    started_on = PastDateField(label=_("Care began on"))
    reason = TextField(label=_("Reasons"))


class LvuReviewForm(forms.Form):
    decided_on = PastDateField(label=_("Decision date"))
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    reason = TextField(label=_("Reasons"))


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.get_full_name() or obj.get_username()


class PlacementCreateForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=PlacementForm.choices)
    provider = LineField(label=_("Provider (home or institution)"))
    basis = forms.ChoiceField(label=_("Legal basis"), choices=PlacementBasis.choices)
    started_on = PastDateField(label=_("Start date"))
    social_worker = StaffChoiceField(
        label=_("The child's social worker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose…"),
    )

    def __init__(self, *args, unit_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "social_worker", forms.ModelChoiceField).queryset = staff_of_unit(unit_id)


def staff_of_unit(unit_id: int | None) -> "QuerySet[User]":
    """The active staff of the case's unit (the service checks again that they handle cases)."""
    if unit_id is None:
        return User.objects.none()
    return User.objects.filter(unit_id=unit_id, is_active=True).order_by(
        "first_name", "last_name", "pk"
    )


class PlacementMoveForm(forms.Form):
    moved_on = PastDateField(label=_("Moved on"))
    form = forms.ChoiceField(label=_("New form"), choices=PlacementForm.choices)
    provider = LineField(label=_("New provider"))


class PlacementEndForm(forms.Form):
    ended_on = PastDateField(label=_("End date"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[c for c in PlacementEnd.choices if c[0] != PlacementEnd.MOVED],
    )


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Plan"), choices=PlanKind.choices)
    drawn_up_on = PastDateField(label=_("Drawn up on"))
    text = TextField(label=_("Content"), rows=5)


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    visited_on = PastDateField(label=_("Date"))
    child_alone = forms.BooleanField(label=_("Spoke with the child alone"), required=False)
    note = TextField(label=_("Note"))


class PlacementReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlacementReviewKind.choices)
    decided_on = PastDateField(label=_("Decision date"))
    reason = TextField(label=_("Reasons"))


class SocialWorkerForm(forms.Form):
    social_worker = StaffChoiceField(
        label=_("The child's social worker"), queryset=User.objects.none()
    )

    def __init__(self, *args, unit_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "social_worker", forms.ModelChoiceField).queryset = staff_of_unit(unit_id)
