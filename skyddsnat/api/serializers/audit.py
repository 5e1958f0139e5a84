"""Serializers of the audit log search and the log review (auditors only)."""

from typing import Any

from rest_framework import serializers

from skyddsnat.audit.labels import action_label
from skyddsnat.audit.models import AuditEntry


class AuditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.CharField(source="username")
    action = serializers.CharField()
    action_label = serializers.SerializerMethodField(help_text="The action in Swedish words.")
    at = serializers.DateTimeField()
    case_id = serializers.IntegerField(allow_null=True)
    case_reference = serializers.SerializerMethodField()
    person_id = serializers.IntegerField(allow_null=True)
    person_ids = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Every person a list or search showed (null for a single read or write).",
    )
    case_ids = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    channel = serializers.CharField()
    ip_address = serializers.IPAddressField(allow_null=True)

    def get_action_label(self, entry: AuditEntry) -> str:
        return action_label(entry.action)

    def get_case_reference(self, entry: AuditEntry) -> str | None:
        return self.context.get("references", {}).get(entry.case_id)


class AuditSearchSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Entries matching, on every page.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    entries = AuditEntrySerializer(many=True)


class AuditReviewEntrySerializer(serializers.Serializer):
    user = serializers.CharField(source="entry.username")
    action = serializers.CharField(source="entry.action")
    at = serializers.DateTimeField(source="entry.at")
    person_id = serializers.IntegerField(source="entry.person_id", allow_null=True)
    case_id = serializers.IntegerField(source="entry.case_id", allow_null=True)
    action_label = serializers.SerializerMethodField(help_text="The action in Swedish words.")
    reason = serializers.CharField(help_text="The most serious reason the entry is flagged.")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Every reason.")

    def get_action_label(self, flagged: Any) -> str:
        return action_label(flagged.entry.action)


class AuditReviewSerializer(serializers.Serializer):
    entries = AuditReviewEntrySerializer(many=True)
