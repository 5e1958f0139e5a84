"""Serializers of early help given without an investigation."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skyddsnat.api.serializers.cases import (
    NumberedChildInputSerializer,
)
from skyddsnat.api.serializers.fields import (
    InterventionCodeField,
    PastDateField,
    TextField,
)
from skyddsnat.lib import identity

# ----- early help --------------------------------------------------------------------------------


class EarlyHelpInputSerializer(serializers.Serializer):
    # Either the child (help asked for without a report) or the case it came from.
    child = NumberedChildInputSerializer(required=False, allow_null=True, default=None)
    case_id = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The case the help came from, e.g. after a decision not to investigate.",
    )
    intervention_type = InterventionCodeField(
        help_text="Code of an intervention offered without needs assessment: `parent-support`.",
    )
    started_on = PastDateField()
    consent_given = serializers.BooleanField(
        help_text="The guardians' consent (a child under the consent rule's age, 15 as loaded)."
    )
    consent_on = PastDateField(required=False, allow_null=True, default=None)
    note = TextField(required=False, allow_blank=True, default="")

    default_error_messages = {
        "child_or_case": _("Give either the child or the case, not both."),
    }

    def validate(self, attrs: dict) -> dict:
        if (attrs.get("child") is None) == (attrs.get("case_id") is None):
            raise serializers.ValidationError({"child": [self.error_messages["child_or_case"]]})
        return attrs


class EarlyHelpEndInputSerializer(serializers.Serializer):
    ended_on = PastDateField(help_text="The last day of the intervention.")


class EarlyHelpChildSerializer(serializers.Serializer):
    """The child as the unit knows it. `id` and `protected` only when the user may open the
    child's record (through a case); otherwise null, and the names are those the unit registered,
    so that the answer never tells what the register holds about the number."""

    id = serializers.IntegerField(allow_null=True)
    personal_identity_number = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    protected = serializers.BooleanField(allow_null=True)


class EarlyHelpSerializer(serializers.Serializer):
    """Each row needs `person_visible` (from `children.selectors.with_person_visibility`)."""

    id = serializers.IntegerField()
    child = serializers.SerializerMethodField()
    case_id = serializers.IntegerField(allow_null=True)
    intervention_type = serializers.CharField(source="intervention_type.code")
    intervention_name = serializers.CharField(source="intervention_type.name")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    consent_given = serializers.BooleanField()
    consent_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()

    @extend_schema_field(EarlyHelpChildSerializer)
    def get_child(self, record: Any) -> dict:
        visible = record.person_visible
        number = record.person.personal_identity_number
        return EarlyHelpChildSerializer(
            {
                "id": record.person_id if visible else None,
                "personal_identity_number": number,
                "first_name": record.child_first_name,
                "last_name": record.child_last_name,
                "date_of_birth": identity.birth_date(number),
                "protected": record.person.is_protected if visible else None,
            }
        ).data


class EarlyHelpListSerializer(serializers.Serializer):
    results = EarlyHelpSerializer(many=True)
