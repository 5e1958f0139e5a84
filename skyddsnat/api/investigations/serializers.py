"""Serializers of the investigation endpoints (`/api/v1/cases/{id}/investigation/…`). They validate
and convert; the rules live in `skyddsnat.investigations.services`."""

from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skyddsnat.api.serializers.common import CaseDecisionSerializer, CaseWriteResultSerializer
from skyddsnat.api.serializers.fields import (
    MAX_INT,
    InterventionCodeField,
    LineField,
    PastDateField,
    PlannedDateField,
    TextField,
)
from skyddsnat.investigations.models import (
    EndingReason,
    NotHeldReason,
    PartyRole,
    SectionKind,
)

# ----- reading -----------------------------------------------------------------------------------


class InvestigationSectionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SectionKind.choices)
    title = serializers.CharField()
    text = serializers.CharField()
    sources = serializers.CharField(help_text="Only the three areas keep their sources.")
    version = serializers.IntegerField(
        help_text="Send it back as `version` when you save the part; 0: not written yet."
    )
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.CharField(allow_null=True)


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held = serializers.BooleanField()
    held_on = serializers.DateField(allow_null=True)
    held_by = serializers.CharField()
    place = serializers.CharField()
    not_held_reason = serializers.CharField(help_text="Empty when the conversation was held.")
    notes = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class CommunicationPartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    name = serializers.CharField(source="person.full_name")
    role = serializers.ChoiceField(choices=PartyRole.choices)
    replied_on = serializers.DateField(allow_null=True)
    reply = serializers.CharField()


class CommunicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sent_on = serializers.DateField()
    reply_by = serializers.DateField()
    citation = serializers.CharField(source="rule.citation")
    material = serializers.CharField()
    parties = CommunicationPartySerializer(many=True, source="parties.all")
    override_reason = serializers.CharField()
    overridden_at = serializers.DateTimeField(allow_null=True)


class EndingSerializer(serializers.Serializer):
    decision_id = serializers.IntegerField()
    decided_on = serializers.DateField(source="decision.decided_on")
    reason = serializers.ChoiceField(choices=EndingReason.choices)
    reasons = serializers.CharField(source="decision.reason")
    follow_up_offered = serializers.BooleanField()
    delegation = serializers.CharField(source="decision.delegation.code")


class InvestigationContentSerializer(serializers.Serializer):
    case_id = serializers.IntegerField(source="case.pk")
    opened_on = serializers.DateField(source="investigation.opened_on")
    closed_on = serializers.DateField(source="investigation.closed_on", allow_null=True)
    is_open = serializers.BooleanField()
    sections = serializers.SerializerMethodField()
    conversations = ConversationSerializer(many=True)
    communications = CommunicationSerializer(many=True)
    decision_waits_until = serializers.DateField(
        allow_null=True,
        help_text=(
            "The latest reply date of kommunicering that still holds a decision back (its date "
            "has not passed, not every party has replied, no override); null when none does."
        ),
    )
    ending = EndingSerializer(allow_null=True)

    @extend_schema_field(InvestigationSectionSerializer(many=True))
    def get_sections(self, content: Mapping[str, Any]) -> list:
        rows = []
        for kind in SectionKind:
            section = content["sections"][kind.value]
            rows.append(
                {
                    "kind": kind.value,
                    "title": str(kind.label),
                    "text": section.text if section else "",
                    "sources": section.sources if section else "",
                    "version": section.version if section else 0,
                    "updated_at": section.updated_at if section else None,
                    "updated_by": section.updated_by.get_username() if section else None,
                }
            )
        return InvestigationSectionSerializer(rows, many=True).data  # type: ignore[return-value]


# ----- writing -----------------------------------------------------------------------------------


class SectionInputSerializer(serializers.Serializer):
    text = TextField(allow_blank=True)
    sources = TextField(
        required=False, allow_blank=True, default="", help_text="Kept for the three areas only."
    )
    version = serializers.IntegerField(
        min_value=0,
        max_value=MAX_INT,
        help_text=(
            "The part's `version` as you read it (0: not written yet). A colleague's save since "
            "answers 409 and nothing is saved."
        ),
    )


class SectionSavedSerializer(CaseWriteResultSerializer):
    kind = serializers.ChoiceField(choices=SectionKind.choices)
    text = serializers.CharField()
    sources = serializers.CharField()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class ConversationInputSerializer(serializers.Serializer):
    held = serializers.BooleanField()
    held_on = PastDateField(required=False, allow_null=True, default=None)
    held_by = LineField(required=False, allow_blank=True, default="")
    place = LineField(required=False, allow_blank=True, default="")
    not_held_reason = serializers.ChoiceField(
        choices=NotHeldReason.choices, required=False, allow_blank=True, default=""
    )
    notes = TextField(required=False, allow_blank=True, default="")


class ConversationCreatedSerializer(CaseWriteResultSerializer, ConversationSerializer):
    pass


class CommunicationInputSerializer(serializers.Serializer):
    sent_on = PastDateField()
    material = TextField()
    reply_by = PlannedDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Empty: the reply period of the rule data; never earlier than that.",
    )


class CommunicationCreatedSerializer(CaseWriteResultSerializer, CommunicationSerializer):
    pass


class ReplyInputSerializer(serializers.Serializer):
    party_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    replied_on = PastDateField()
    reply = TextField(required=False, allow_blank=True, default="")


class ReplyCreatedSerializer(CaseWriteResultSerializer, CommunicationPartySerializer):
    pass


class OverrideInputSerializer(serializers.Serializer):
    reason = TextField(help_text="Why the decision cannot wait for the replies (recorded, logged).")


class OverrideCreatedSerializer(CaseWriteResultSerializer):
    communications = CommunicationSerializer(many=True)


class EndingInputSerializer(serializers.Serializer):
    decided_on = PastDateField()
    reason = serializers.ChoiceField(choices=EndingReason.choices)
    reasons = TextField(help_text="The reasons for the decision.")
    follow_up_offered = serializers.BooleanField(
        help_text="Whether a follow-up after the ending (uppföljning efter avslut) was offered."
    )


class EndingCreatedSerializer(CaseWriteResultSerializer, EndingSerializer):
    pass


class InterventionsInputSerializer(serializers.Serializer):
    decided_on = PastDateField()
    granted = serializers.ListField(
        child=InterventionCodeField(), required=False, default=list, max_length=20
    )
    refused = serializers.ListField(
        child=InterventionCodeField(), required=False, default=list, max_length=20
    )
    reason = TextField(help_text="The reasons for the decisions.")


class InterventionsDecidedSerializer(CaseWriteResultSerializer):
    decisions = CaseDecisionSerializer(many=True)
