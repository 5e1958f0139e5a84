"""Serializers every part of the API answers with: the problem body, the token, the paged list,
and the records a write on a case returns (deadlines, persons, decisions...)."""

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skyddsnat.cases.models import CaseStatus, DeadlineKind, Outcome
from skyddsnat.cases.policy import may_see_address
from skyddsnat.children.models import ReporterType, ViolenceKind
from skyddsnat.organisation.models import DecisionType
from skyddsnat.people.models import IdentityKind, ProtectionLevel

# ----- problems and authentication ---------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, the body of every error."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    # DRF's serializer metaclass takes declared fields out of the class, so this field does not
    # replace `Serializer.errors`; the stubs cannot express that.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field; nested fields are named with dots.",
    )


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
    otp = serializers.RegexField(
        r"^[0-9]{6}$",
        required=False,
        write_only=True,
        help_text="The current code of the authenticator app (two-step sign-in).",
        error_messages={"invalid": gettext_lazy("Enter the six digits the app shows.")},
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class ApiTokenSerializer(serializers.Serializer):
    """An issued token as listed: never the token itself."""

    id = serializers.IntegerField()
    prefix = serializers.CharField()
    username = serializers.CharField(source="user.username")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)


# ----- shared output -----------------------------------------------------------------------------


class DeadlineSerializer(serializers.Serializer):
    """A `cases.selectors.DeadlineView`."""

    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    # A declared field, not `Field.label` (see ProblemSerializer).
    label = serializers.CharField()  # type: ignore[assignment]
    due = serializers.DateField()
    done = serializers.BooleanField()
    overdue = serializers.BooleanField()
    days_left = serializers.IntegerField(allow_null=True)
    citation = serializers.CharField()
    id = serializers.IntegerField()
    completed_by_hand = serializers.BooleanField(
        help_text="Marked done with POST …/deadlines/{id}/done/ (the LVU time limits)."
    )
    done_note = serializers.CharField()
    days_late = serializers.IntegerField(
        help_text="A done time limit: how many days after its due date it was done (0 in time)."
    )


class PersonSerializer(serializers.Serializer):
    """A person without any address: what lists and search results may show."""

    id = serializers.IntegerField()
    personal_identity_number = serializers.CharField(
        allow_null=True, help_text="Null for a child reported without a number."
    )
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    protected = serializers.BooleanField(source="is_protected")


class AddressSerializer(serializers.Serializer):
    street_address = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()


class CasePersonSerializer(PersonSerializer):
    """The person of a case; the address only for staff who may see it (protected identity)."""

    protection_level = serializers.ChoiceField(choices=ProtectionLevel.choices)
    identity_kind = serializers.ChoiceField(
        choices=IdentityKind.choices,
        help_text="`reserve`, `unknown` or `unborn`: no number yet (matched later).",
    )
    address = serializers.SerializerMethodField()
    address_protected = serializers.SerializerMethodField()

    @extend_schema_field(AddressSerializer(allow_null=True))
    def get_address(self, person: Any) -> dict | None:
        if not may_see_address(self.context["user"], person):
            return None
        return AddressSerializer(person).data

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_address_protected(self, person: Any) -> bool:
        return not may_see_address(self.context["user"], person)


class CaseWriteResultSerializer(serializers.Serializer):
    """What every POST on a case returns besides the record: the case's state and deadlines.

    Context: `case` (re-read after the write, deadlines prefetched) and `deadlines` (views)."""

    case_id = serializers.SerializerMethodField()
    case_status = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.INT)
    def get_case_id(self, record: Any) -> int:
        return self.context["case"].pk

    @extend_schema_field(serializers.ChoiceField(choices=CaseStatus.choices))
    def get_case_status(self, record: Any) -> str:
        return self.context["case"].status

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, record: Any) -> list:
        # many=True gives a ListSerializer, whose data is a list; the stubs do not model it.
        return DeadlineSerializer(self.context["deadlines"], many=True).data  # type: ignore[return-value]


class SafetyAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    report_id = serializers.IntegerField()
    assessed_at = serializers.DateTimeField()
    immediate_protection_needed = serializers.BooleanField()
    notes = serializers.CharField()
    assessed_by = serializers.CharField(source="assessed_by.username")


class ReportViolenceSerializer(serializers.Serializer):
    """What a report says of violence (issue 10 point 5); null when it says none."""

    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceKind.choices))
    child_exposed = serializers.BooleanField()
    child_witnessed = serializers.BooleanField()
    investigation_opened = serializers.BooleanField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    district = serializers.CharField(source="district.slug", allow_null=True)
    received_at = serializers.DateTimeField()
    reporter_type = serializers.ChoiceField(choices=ReporterType.choices)
    reporter_name = serializers.CharField()
    description = serializers.CharField()
    # None for a report sent through the public e-service (`channel` "eservice").
    registered_by = serializers.CharField(source="registered_by.username", allow_null=True)
    registered_at = serializers.DateTimeField()
    channel = serializers.CharField()
    safety_assessment = serializers.SerializerMethodField()
    violence = serializers.SerializerMethodField()

    @extend_schema_field(SafetyAssessmentSerializer(allow_null=True))
    def get_safety_assessment(self, report: Any) -> dict | None:
        assessment = getattr(report, "safety_assessment", None)
        return SafetyAssessmentSerializer(assessment).data if assessment else None

    @extend_schema_field(ReportViolenceSerializer(allow_null=True))
    def get_violence(self, report: Any) -> dict | None:
        violence = getattr(report, "violence", None)
        return ReportViolenceSerializer(violence).data if violence else None


class CaseDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision_type = serializers.ChoiceField(choices=DecisionType.choices)
    decided_on = serializers.DateField()
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, allow_blank=True, help_text="Empty for pre-assessment decisions."
    )
    intervention_type = serializers.CharField(source="intervention_type.code", allow_null=True)
    reason = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username")
    delegation = serializers.CharField(source="delegation.code")
    recorded_at = serializers.DateTimeField()


class InterventionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision_id = serializers.IntegerField(allow_null=True)
    intervention_type = serializers.CharField(source="intervention_type.code")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    cost_sek = serializers.IntegerField()
    provider = serializers.CharField()


class JournalEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(source="author.username")
    written_at = serializers.DateTimeField()
    text = serializers.CharField()


class ExtensionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DeadlineKind.choices, source="deadline.kind")
    previous_due = serializers.DateField()
    new_due = serializers.DateField()
    reason = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username")
    decided_at = serializers.DateTimeField()


class PageSerializer(serializers.Serializer):
    """What every paged list answers besides its rows (`?page=`, 50 rows a page)."""

    count = serializers.IntegerField(help_text="Rows in the whole list.")
    page = serializers.IntegerField(help_text="This page's number, from 1.")
    pages = serializers.IntegerField(help_text="Number of pages (at least 1).")
    next = serializers.CharField(allow_null=True, help_text="Address of the next page, if any.")
    previous = serializers.CharField(
        allow_null=True, help_text="Address of the previous page, if any."
    )
