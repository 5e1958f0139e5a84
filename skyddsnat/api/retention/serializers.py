from rest_framework import serializers

from skyddsnat.api.serializers import IdentityNumberField, LineField, PastDateField
from skyddsnat.retention.forms import HOLD_CATEGORIES
from skyddsnat.retention.models import RetentionRule


class RetentionRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = RetentionRule
        fields = [
            "code",
            "name",
            "kind",
            "category",
            "years",
            "completion_years",
            "age",
            "birth_days",
            "placement_forms",
            "citation",
            "unverified",
            "active",
        ]


class RetentionRunSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    as_of = serializers.DateField()
    status = serializers.CharField()
    proposed_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    to_remove = serializers.IntegerField()
    to_keep = serializers.IntegerField()
    removed = serializers.IntegerField()
    skipped = serializers.IntegerField()


class RetentionItemSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(source="item.person_id")
    # Null once the person is removed.
    name = serializers.CharField(allow_null=True)
    born = serializers.DateField(allow_null=True)
    last_entry = serializers.DateField(source="item.last_entry")
    due_on = serializers.DateField(source="item.due_on")
    complete_by = serializers.DateField(source="item.complete_by")
    verdict = serializers.CharField(source="item.verdict")
    kept_by = serializers.CharField(source="item.kept_by.code", allow_null=True, default=None)
    kept_until = serializers.DateField(source="item.kept_until", allow_null=True)
    kept_reason = serializers.CharField(source="item.kept_reason")
    outcome = serializers.CharField(source="item.outcome")


class RetentionItemPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RetentionItemSerializer(many=True)


class RetentionDecisionInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()


class RetentionHoldInputSerializer(serializers.Serializer):
    personal_identity_number = IdentityNumberField()
    category = serializers.ChoiceField(choices=HOLD_CATEGORIES)
    recorded_on = PastDateField()
    child_personal_identity_number = IdentityNumberField(required=False)
    note = LineField(required=False, allow_blank=True)


class RetentionHoldSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    person_id = serializers.IntegerField()
    category = serializers.CharField()
    recorded_on = serializers.DateField()
    child_id = serializers.IntegerField(allow_null=True)
