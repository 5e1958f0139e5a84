"""The programme pages' forms: they validate and convert only; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.forms import NameField, PastDateField, PlannedDateField, TextField
from skyddsnat.cases.models import InterventionType, Outcome
from skyddsnat.organisation.models import Agency
from skyddsnat.people.forms import IdentityNumberField
from skyddsnat.people.models import Guardianship
from skyddsnat.programmes.models import GoalResult, ParticipantOutcome


class IntakeForm(forms.Form):
    personal_identity_number = IdentityNumberField(label=_("Personal identity number"))
    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))
    started_on = PastDateField(label=_("Starts on"))
    consent_given_on = PastDateField(
        label=_("The person consented to taking part on"),
        help_text=_("A guardian's consent is recorded on the participant's page."),
    )
    motivation = TextField(
        label=_("Motivation"),
        required=False,
        help_text=_("Crime exit: why the person wants to leave crime."),
    )


class GoalForm(forms.Form):
    text = TextField(label=_("Goal"))
    agency = forms.ChoiceField(label=_("Responsible agency"), choices=Agency.choices)
    due = PlannedDateField(label=_("To be reached by"))


class FollowUpForm(forms.Form):
    followed_up_on = PastDateField(label=_("Followed up on"))
    result = forms.ChoiceField(label=_("Result"), choices=GoalResult.choices)
    note = TextField(label=_("Note"), required=False)


class MeetingForm(forms.Form):
    held_on = PastDateField(label=_("Held on"))
    agencies = forms.MultipleChoiceField(
        label=_("Agencies that took part"),
        choices=Agency.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = TextField(label=_("Notes"), required=False)


class ConsentForm(forms.Form):
    """Consent to take part: the person's, or one guardian's (the choices are the person's
    guardians)."""

    giver = forms.ChoiceField(label=_("Consent given by"))
    given_on = PastDateField(label=_("Given on"))
    field_map = {"given_by": "giver", "guardian_id": "giver"}

    def __init__(self, *args: object, guardians: list[Guardianship], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices: list[tuple[str, object]] = [("person", _("the person"))]
        choices += [
            (f"g{g.pk}", f"{g.guardian.first_name} {g.guardian.last_name} ({_('guardian')})")
            for g in guardians
        ]
        self.fields["giver"].choices = choices  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, object]:
        giver = self.cleaned_data["giver"]
        if giver == "person":
            return {"given_by": "person", "guardianship_id": None}
        return {"given_by": "guardian", "guardianship_id": int(giver[1:])}


class DecisionForm(forms.Form):
    intervention_type = forms.ModelChoiceField(
        label=_("Intervention"), queryset=InterventionType.objects.none(), to_field_name="code"
    )
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    decided_on = PastDateField(label=_("Decided on"))
    reason = TextField(label=_("Reason"))
    started_on = PlannedDateField(label=_("Starts on (a grant)"), required=False)
    cost_sek = forms.IntegerField(
        label=_("Cost (SEK)"), required=False, min_value=0, max_value=2_000_000_000
    )

    def __init__(self, *args: object, types: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["intervention_type"].queryset = types  # type: ignore[attr-defined]


class EndForm(forms.Form):
    ended_on = PastDateField(label=_("Ended on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ParticipantOutcome.choices)
