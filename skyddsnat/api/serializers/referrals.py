"""Decisions sent to the one who may take them (issue 9 point 7), and a guardian added to a case's
child: what these endpoints take and answer."""

from rest_framework import serializers

from skyddsnat.api.serializers.common import CaseWriteResultSerializer
from skyddsnat.api.serializers.fields import (
    IdentityNumberField,
    InterventionCodeField,
    NameField,
    PastDateField,
    PlannedDateField,
    TextField,
)
from skyddsnat.cases.models import Outcome, ReferralStatus
from skyddsnat.organisation.models import DecisionType, Role
from skyddsnat.people.models import GuardianRelation, IdentityKind

__all__ = [
    "ExtensionRequestInputSerializer",
    "GuardianAddedSerializer",
    "GuardianInputSerializer",
    "PersonMatchInputSerializer",
    "PersonMatchedSerializer",
    "ReferralCreatedSerializer",
    "ReferralDecideInputSerializer",
    "ReferralDecidedSerializer",
    "ReferralFieldsSerializer",
    "ReferralInputSerializer",
    "ReferralQueueSerializer",
    "ReferralSerializer",
]


class ReferralFieldsSerializer(serializers.Serializer):
    """A `cases.Referral`: what was sent, to whom, and what became of it."""

    id = serializers.IntegerField()
    decision_type = serializers.ChoiceField(choices=DecisionType.choices)
    intervention_type = serializers.CharField(
        source="intervention_type.code", allow_null=True, default=None
    )
    proposed_outcome = serializers.CharField(help_text="`grant`, `refuse`, or empty.")
    proposed_due = serializers.DateField(allow_null=True)
    reason = serializers.CharField()
    sent_to_role = serializers.ChoiceField(choices=Role.choices)
    sent_by = serializers.CharField(source="sent_by.username")
    sent_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    answer = serializers.CharField()
    decision_id = serializers.IntegerField(allow_null=True)
    extension_id = serializers.IntegerField(allow_null=True)


class ReferralSerializer(ReferralFieldsSerializer):
    case_id = serializers.IntegerField()


class ReferralQueueSerializer(serializers.Serializer):
    """The decisions waiting for the user's role ("Beslut att fatta")."""

    referrals = ReferralSerializer(many=True)


class ReferralCreatedSerializer(CaseWriteResultSerializer, ReferralFieldsSerializer):
    pass


class ReferralDecidedSerializer(CaseWriteResultSerializer, ReferralFieldsSerializer):
    pass


class ExtensionRequestInputSerializer(serializers.Serializer):
    reason = TextField(help_text="The special reasons for an extension.")
    proposed_due = PlannedDateField(
        required=False, allow_null=True, default=None, help_text="The new due date proposed."
    )


class ReferralInputSerializer(serializers.Serializer):
    intervention_type = InterventionCodeField(
        help_text="An intervention the user's delegation does not cover, e.g. a placement."
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, help_text="The proposed outcome.")
    reason = TextField()


class ReferralDecideInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = TextField()
    new_due = PlannedDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="An extension granted: the new due date (default: the one proposed).",
    )
    decided_on = PastDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A decision on an intervention: its date (default: today).",
    )


class GuardianInputSerializer(serializers.Serializer):
    personal_identity_number = IdentityNumberField()
    first_name = NameField(help_text="A known person is linked only if the name matches.")
    last_name = NameField()
    relation = serializers.ChoiceField(choices=GuardianRelation.choices)
    is_synthetic = serializers.BooleanField(
        required=False, default=False, help_text="Test and demo data only (synthetic persons)."
    )


class GuardianAddedSerializer(CaseWriteResultSerializer):
    """The guardian added, as `GET /cases/{id}/` lists guardians (`cases.guardians.GuardianRow`):
    the address only for staff who may see it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    relation = serializers.ChoiceField(choices=GuardianRelation.choices)
    address_protected = serializers.BooleanField()


class PersonMatchInputSerializer(serializers.Serializer):
    personal_identity_number = IdentityNumberField()
    first_name = NameField(help_text="A known person is matched only if the names are theirs.")
    last_name = NameField()


class PersonMatchedSerializer(CaseWriteResultSerializer):
    """The person the case is about after the match (no address: the case read has it, under
    the address rule)."""

    id = serializers.IntegerField()
    personal_identity_number = serializers.CharField()
    identity_kind = serializers.ChoiceField(choices=IdentityKind.choices)
    first_name = serializers.CharField()
    last_name = serializers.CharField()
