"""Bodies and answers of the programmes API (`/api/v1/programmes/…`, `/api/v1/participants/…`).
Input serializers validate and convert only; the rules are the services'."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from skyddsnat.api.serializers.fields import (
    IdentityNumberField,
    InterventionCodeField,
    NameField,
    PastDateField,
    PlannedDateField,
    TextField,
)
from skyddsnat.cases.models import Outcome
from skyddsnat.organisation.models import Agency, District
from skyddsnat.programmes.models import ConsentGiver, GoalResult, ParticipantOutcome


class DistrictSlugField(serializers.SlugField):
    default_error_messages = {"unknown_district": _("There is no district “%(slug)s”.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("help_text", "District slug, e.g. `jarva`.")
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> District:
        slug = super().run_validation(data)
        district = District.objects.filter(slug=slug).first()
        if district is None:
            raise serializers.ValidationError(
                self.error_messages["unknown_district"] % {"slug": slug}
            )
        return district


class ParticipantInputSerializer(serializers.Serializer):
    personal_identity_number = IdentityNumberField()
    # Required even for a person already known: the answer never depends on what is stored.
    first_name = NameField()
    last_name = NameField()
    district = DistrictSlugField()
    started_on = PastDateField()
    motivation = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Crime exit: why the person wants to leave crime.",
    )
    consent_given_on = PastDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day the person consented to taking part; or record it later.",
    )
    is_synthetic = serializers.BooleanField(
        required=False, default=False, help_text="Test and demo data only (synthetic persons)."
    )


class ParticipantCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()


class ParticipantEndedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    ended_on = serializers.DateField()
    outcome = serializers.CharField()


class ParticipantGoalInputSerializer(serializers.Serializer):
    text = TextField()
    agency = serializers.ChoiceField(choices=Agency.choices)
    due = PlannedDateField()


class GoalFollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    followed_up_on = serializers.DateField()
    result = serializers.ChoiceField(choices=GoalResult.choices)
    note = serializers.CharField()


class GoalFollowUpInputSerializer(serializers.Serializer):
    followed_up_on = PastDateField()
    result = serializers.ChoiceField(choices=GoalResult.choices)
    note = TextField(required=False, allow_blank=True, default="")


class ParticipantGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    agency = serializers.CharField()
    due = serializers.DateField()
    follow_ups = GoalFollowUpSerializer(many=True, source="follow_ups.all")


class ParticipantGoalCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    agency = serializers.CharField()
    due = serializers.DateField()


class ParticipantMeetingInputSerializer(serializers.Serializer):
    held_on = PastDateField()
    agencies = serializers.ListField(
        child=serializers.ChoiceField(choices=Agency.choices), min_length=1, max_length=10
    )
    notes = TextField(required=False, allow_blank=True, default="")


class ParticipantMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    agencies = serializers.ListField(child=serializers.CharField())
    notes = serializers.CharField()


class ParticipationConsentInputSerializer(serializers.Serializer):
    given_by = serializers.ChoiceField(choices=ConsentGiver.choices)
    guardian_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The guardianship's id (`given_by: guardian`).",
    )
    given_on = PastDateField()


class ParticipationConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_by = serializers.CharField()
    guardian_id = serializers.IntegerField(source="guardianship_id", allow_null=True)
    given_on = serializers.DateField()


class ParticipantEndInputSerializer(serializers.Serializer):
    ended_on = PastDateField()
    outcome = serializers.ChoiceField(choices=ParticipantOutcome.choices)


class ParticipantDecisionInputSerializer(serializers.Serializer):
    intervention_type = InterventionCodeField()
    decided_on = PastDateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = TextField()
    started_on = PlannedDateField(
        required=False, allow_null=True, default=None, help_text="A grant: start it on this day."
    )
    cost_sek = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2_000_000_000
    )


class ParticipantDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    intervention_type = serializers.CharField(source="intervention_type.code")
    decided_on = serializers.DateField()
    outcome = serializers.CharField()
    delegation = serializers.CharField(source="delegation.code")


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme = serializers.CharField()
    case_id = serializers.IntegerField()
    district = serializers.CharField(source="district.slug")
    first_name = serializers.CharField(source="person.first_name")
    last_name = serializers.CharField(source="person.last_name")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    motivation = serializers.CharField()
    goals = ParticipantGoalSerializer(many=True, source="goals.all")
    meetings = ParticipantMeetingSerializer(many=True, source="meetings.all")
    consents = ParticipationConsentSerializer(many=True, source="consents.all")
