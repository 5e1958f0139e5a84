"""Serializers of the consents and partner API: they validate and convert; the rules are the
partners services' and `partners.sharing`."""

from rest_framework import serializers

from skyddsnat.api.serializers.common import PageSerializer
from skyddsnat.api.serializers.fields import LineField, PastDateField, PlannedDateField, TextField
from skyddsnat.partners.models import PARTNER_AGENCIES, GivenBy, Scope


class ConsentInputSerializer(serializers.Serializer):
    agency = serializers.ChoiceField(choices=PARTNER_AGENCIES)
    scope = serializers.ListField(
        child=serializers.ChoiceField(choices=Scope.choices),
        allow_empty=False,
        max_length=len(Scope.choices),
        help_text="`plan` (the action plan's goals), `meetings`, or both.",
    )
    valid_from = PlannedDateField()
    valid_to = PlannedDateField()
    given_by = serializers.ChoiceField(choices=GivenBy.choices)
    guardian_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="With `given_by: guardian`: the person id of one of the person's guardians.",
    )


class ConsentCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    active = serializers.BooleanField(
        help_text="Whether this consent is in force today (Europe/Stockholm). What a partner "
        "sees also needs, for a person under 18, every guardian's consent."
    )


class ConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_by = serializers.CharField()
    guardian_id = serializers.IntegerField(allow_null=True)
    agency = serializers.CharField()
    scope = serializers.ListField(child=serializers.CharField())
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    withdrawn_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="`active`, `not_yet`, `withdrawn` or `expired`.")
    active = serializers.BooleanField()


class ConsentListSerializer(serializers.Serializer):
    results = ConsentSerializer(many=True)


class WithdrawInputSerializer(serializers.Serializer):
    withdrawn_on = PastDateField(help_text="Today or earlier; sharing stops on this day.")


class DisclosureInputSerializer(serializers.Serializer):
    ground = serializers.SlugField(help_text="The code of a legal ground (rule data).")
    recipient = LineField()
    content = TextField()
    disclosed_on = PastDateField()


class DisclosureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ground = serializers.CharField(source="ground.code")
    citation = serializers.CharField(source="ground.citation")
    agency = serializers.CharField()
    recipient = serializers.CharField()
    content = serializers.CharField()
    disclosed_on = serializers.DateField()


class DisclosureListSerializer(serializers.Serializer):
    results = DisclosureSerializer(many=True)


class SharedGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    agency = serializers.CharField(help_text="The agency responsible for the goal.")
    due = serializers.DateField()


class SharedMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    agencies = serializers.ListField(child=serializers.CharField())


class SharedParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField(
        allow_null=True, help_text="None for a person with protected identity."
    )
    goals = SharedGoalSerializer(many=True, help_text="Empty unless the plan is shared.")
    meetings = SharedMeetingSerializer(many=True, help_text="Empty unless meetings are shared.")


class SharedParticipantPageSerializer(PageSerializer):
    results = SharedParticipantSerializer(many=True)
