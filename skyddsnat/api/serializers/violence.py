"""Serializers of violence in a report (issue 10 point 5): what a report or a marking takes, and
what a case read and a marking answer."""

from rest_framework import serializers

from skyddsnat.api.serializers.common import CaseWriteResultSerializer
from skyddsnat.children.models import ViolenceKind

__all__ = ["ViolenceCreatedSerializer", "ViolenceInputSerializer", "ViolenceSerializer"]


class ViolenceInputSerializer(serializers.Serializer):
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=ViolenceKind.choices),
        min_length=1,
        max_length=len(ViolenceKind.values),
        help_text="The kinds of violence the report names, at least one.",
    )
    child_exposed = serializers.BooleanField(
        required=False, default=False, help_text="The child was exposed to the violence."
    )
    child_witnessed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The child witnessed violence against a close person.",
    )


class ViolenceSerializer(serializers.Serializer):
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceKind.choices))
    child_exposed = serializers.BooleanField()
    child_witnessed = serializers.BooleanField()
    investigation_opened = serializers.BooleanField(
        help_text="The marking opened the investigation at once (rule data)."
    )
    rule = serializers.CharField(
        source="rule.code",
        allow_null=True,
        help_text="The code of the rule that opened the investigation at once, if any.",
    )
    recorded_at = serializers.DateTimeField()


class ViolenceCreatedSerializer(CaseWriteResultSerializer, ViolenceSerializer):
    report_id = serializers.IntegerField()
