"""Serializers of reports and cases: what a report and each write on a case take and answer, the
case read, my deadlines and the person search."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skyddsnat.api.serializers.common import (
    AddressSerializer,
    CaseDecisionSerializer,
    CasePersonSerializer,
    CaseWriteResultSerializer,
    DeadlineSerializer,
    ExtensionSerializer,
    InterventionSerializer,
    JournalEntrySerializer,
    PageSerializer,
    PersonSerializer,
    ReportSerializer,
    ReportViolenceSerializer,
    SafetyAssessmentSerializer,
)
from skyddsnat.api.serializers.fields import (
    MAX_INT,
    IdentityNumberField,
    InterventionCodeField,
    LineField,
    NameField,
    PastDateField,
    PastDateTimeField,
    PlannedDateField,
    TextField,
)
from skyddsnat.api.serializers.violence import ViolenceInputSerializer
from skyddsnat.cases.models import CaseKind, CaseStatus, DeadlineKind, Outcome
from skyddsnat.children.models import ReporterType
from skyddsnat.lib import identity, validators
from skyddsnat.organisation.models import DecisionType, District
from skyddsnat.people.models import GuardianRelation, IdentityKind

# ----- reports -----------------------------------------------------------------------------------


class NumberedChildInputSerializer(serializers.Serializer):
    """A child given by number (early help): personal identity number and names."""

    personal_identity_number = IdentityNumberField()
    # Required even for a child already known, so that the answer never depends on what is stored.
    first_name = NameField()
    last_name = NameField()
    is_synthetic = serializers.BooleanField(
        required=False, default=False, help_text="Test and demo data only (synthetic persons)."
    )


class ChildInputSerializer(serializers.Serializer):
    """The child of a report: by number, or without one (issue 9 point 3)."""

    identity_kind = serializers.ChoiceField(
        choices=IdentityKind.choices,
        required=False,
        default=IdentityKind.PERSONAL,
        help_text=(
            "`personal` or `coordination`: by `personal_identity_number` (a coordination number "
            "is checksum-valid with the day + 60). Without a number: `reserve` (with "
            "`reserve_number`), `unknown`, or `unborn` (with `expected_birth_date`); such a child "
            "is matched later with `POST /cases/{id}/person-match/`."
        ),
    )
    personal_identity_number = IdentityNumberField(
        required=False, allow_blank=True, default="", help_text="Required when identified by one."
    )
    # Required even for a child already known, so that the answer never depends on what is stored.
    first_name = NameField()
    last_name = NameField()
    reserve_number = LineField(required=False, allow_blank=True, default="", max_length=40)
    expected_birth_date = PlannedDateField(required=False, allow_null=True, default=None)
    date_of_birth = PastDateField(
        required=False, allow_null=True, default=None, help_text="Without a number, if known."
    )
    is_synthetic = serializers.BooleanField(
        required=False, default=False, help_text="Test and demo data only (synthetic persons)."
    )

    def validate(self, attrs: dict) -> dict:
        by_number = attrs["identity_kind"] in (IdentityKind.PERSONAL, IdentityKind.COORDINATION)
        if by_number and not attrs.get("personal_identity_number"):
            raise serializers.ValidationError(
                {"personal_identity_number": [_("This field is required.")]}
            )
        if not by_number:
            attrs["personal_identity_number"] = ""
        return attrs


class ReportInputSerializer(serializers.Serializer):
    child = ChildInputSerializer()
    district = serializers.SlugField(
        max_length=50,
        required=False,
        allow_null=True,
        default=None,
        help_text="District slug, e.g. `jarva`; left out only in a municipality without districts.",
    )
    received_at = PastDateTimeField(help_text="ISO 8601 with offset; not in the future.")
    reporter_type = serializers.ChoiceField(choices=ReporterType.choices)
    reporter_name = LineField(required=False, allow_blank=True, default="")
    description = TextField()
    violence = ViolenceInputSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "What the report says of violence. When the child was exposed to or witnessed it "
            "(rule data), the investigation opens at once on the day of receipt."
        ),
    )

    default_error_messages = {"unknown_district": _("There is no district “%(slug)s”.")}

    def validate(self, attrs: dict) -> dict:
        # A report about a child cannot arrive before the child was born (a typo in the number
        # or the date); the number is already in its 12-digit form here.
        number = attrs["child"]["personal_identity_number"]
        if not number:
            return attrs  # without a number: the service checks a date of birth given
        try:
            validators.validate_born_before(
                born=identity.birth_date(number), event=attrs["received_at"]
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"received_at": exc.messages}) from None
        return attrs

    def validate_district(self, value: str | None) -> District | None:
        if value is None:
            return None
        district = District.objects.filter(slug=value).first()
        if district is None:
            raise serializers.ValidationError(
                self.error_messages["unknown_district"] % {"slug": value}
            )
        return district


class ReportChildSerializer(PersonSerializer):
    id = serializers.IntegerField(allow_null=True)
    protected = serializers.BooleanField(source="is_protected", allow_null=True)


class ReportCreatedSerializer(CaseWriteResultSerializer):
    """The registered report. A report that goes to a unit whose cases the user may not see
    (another district's) is answered only with what the user sent and where it went (`sent_to`):
    `id`, `reference`, `case_id`, the child's `id`, `case_status`, `joined_investigation` and
    `protected` are null, `deadlines` empty and the names as they were sent, so that the answer is
    the same whether the child is new, known, protected or has an open case there.

    Context, besides the case's: `sees_case` and `submitted_child` (the validated child input)."""

    id = serializers.SerializerMethodField()
    reference = serializers.SerializerMethodField()
    case_id = serializers.SerializerMethodField(method_name="get_case_id_if_visible")
    sent_to = serializers.SerializerMethodField(
        help_text="The unit that received the report (the district's children and youth unit)."
    )
    child = serializers.SerializerMethodField()
    district = serializers.CharField(source="district.slug", allow_null=True)
    received_at = serializers.DateTimeField()
    reporter_type = serializers.ChoiceField(choices=ReporterType.choices)
    reporter_name = serializers.CharField()
    description = serializers.CharField()
    joined_investigation = serializers.SerializerMethodField()
    violence = serializers.SerializerMethodField(
        help_text="What the report says of violence; null without, or for another unit's case."
    )
    # Null for a case the user may not see: a getter of its own, as the base one never answers null.
    case_status = serializers.SerializerMethodField(method_name="get_case_status_if_visible")

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_id(self, report: Any) -> int | None:
        return report.pk if self.context["sees_case"] else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reference(self, report: Any) -> str | None:
        return self.context["case"].reference if self.context["sees_case"] else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_case_id_if_visible(self, report: Any) -> int | None:
        return self.context["case"].pk if self.context["sees_case"] else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_sent_to(self, report: Any) -> str:
        return self.context["case"].unit.name

    @extend_schema_field(ReportChildSerializer)
    def get_child(self, report: Any) -> dict:
        if self.context["sees_case"]:
            return ReportChildSerializer(report.child).data
        # Only what was sent, in the stored (normalised) form of the number: nothing read back.
        submitted = self.context["submitted_child"]
        number = (
            identity.normalise(submitted["personal_identity_number"])
            if submitted["personal_identity_number"]
            else None
        )
        return {
            "id": None,
            "personal_identity_number": number,
            "first_name": submitted["first_name"].strip(),
            "last_name": submitted["last_name"].strip(),
            "date_of_birth": identity.birth_date(number).isoformat() if number else None,
            "protected": None,
        }

    @extend_schema_field(serializers.ChoiceField(choices=CaseStatus.choices, allow_null=True))
    def get_case_status_if_visible(self, report: Any) -> str | None:
        return self.get_case_status(report) if self.context["sees_case"] else None

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, report: Any) -> list:
        return super().get_deadlines(report) if self.context["sees_case"] else []

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_joined_investigation(self, report: Any) -> bool | None:
        if not self.context["sees_case"]:
            return None
        # A new case starts in pre-assessment (or in an investigation its violence opened at
        # once); a report that joins an open investigation does not.
        violence = getattr(report, "violence", None)
        if violence is not None and violence.investigation_opened:
            return False
        return self.context["case"].status == CaseStatus.INVESTIGATION

    @extend_schema_field(ReportViolenceSerializer(allow_null=True))
    def get_violence(self, report: Any) -> dict | None:
        if not self.context["sees_case"]:
            return None
        violence = getattr(report, "violence", None)
        return ReportViolenceSerializer(violence).data if violence else None


# ----- case reads --------------------------------------------------------------------------------


class InvestigationSerializer(serializers.Serializer):
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    extensions = ExtensionSerializer(many=True)


class GuardianSerializer(serializers.Serializer):
    """A guardian of the case's person (`cases.guardians.GuardianRow`): the address only for staff
    who may see it; a withheld address says `address_protected: true` and nothing more."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    relation = serializers.ChoiceField(
        choices=GuardianRelation.choices, help_text="`parent` or `appointed` (särskilt förordnad)."
    )
    address_protected = serializers.BooleanField(
        help_text="True when the address is withheld from this user (protected identity)."
    )
    address = serializers.SerializerMethodField()

    @extend_schema_field(AddressSerializer(allow_null=True))
    def get_address(self, row: Any) -> dict | None:
        if row.address_protected:
            return None
        return AddressSerializer(row.person).data


class CaseDetailSerializer(serializers.Serializer):
    """Context: `user` (for the address rule), `deadlines`, `investigation` (dict or None),
    `guardians` (`cases.guardians.guardian_rows`)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    district = serializers.CharField(source="district.slug", allow_null=True)
    unit = serializers.CharField(source="unit.name")
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    assigned_to = serializers.CharField(source="assigned_to.username", allow_null=True)
    person = CasePersonSerializer()
    deadlines = serializers.SerializerMethodField()
    investigation = serializers.SerializerMethodField()
    reports = ReportSerializer(many=True)
    decisions = CaseDecisionSerializer(many=True)
    interventions = InterventionSerializer(many=True)
    journal = JournalEntrySerializer(many=True)
    guardians = serializers.SerializerMethodField()

    @extend_schema_field(GuardianSerializer(many=True))
    def get_guardians(self, case: Any) -> list:
        return GuardianSerializer(self.context["guardians"], many=True).data  # type: ignore[return-value]

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case: Any) -> list:
        # many=True gives a ListSerializer, whose data is a list; the stubs do not model it.
        return DeadlineSerializer(self.context["deadlines"], many=True).data  # type: ignore[return-value]

    @extend_schema_field(InvestigationSerializer(allow_null=True))
    def get_investigation(self, case: Any) -> dict | None:
        investigation = self.context["investigation"]
        return InvestigationSerializer(investigation).data if investigation else None


class MyDeadlineSerializer(serializers.Serializer):
    """One pending deadline of 'Mina ärenden': a (case, DeadlineView) pair as a dict."""

    case_id = serializers.IntegerField(source="case.pk")
    reference = serializers.CharField(source="case.reference")
    status = serializers.ChoiceField(choices=CaseStatus.choices, source="case.status")
    kind = serializers.ChoiceField(choices=DeadlineKind.choices, source="deadline.kind")
    # A declared field, not `Field.label` (see DeadlineSerializer).
    label = serializers.CharField(source="deadline.label")  # type: ignore[assignment]
    due = serializers.DateField(source="deadline.due")
    done = serializers.BooleanField(source="deadline.done")
    overdue = serializers.BooleanField(source="deadline.overdue")
    days_left = serializers.IntegerField(source="deadline.days_left", allow_null=True)
    person = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            "required": ["id", "name"],
        }
    )
    def get_person(self, row: dict) -> dict:
        person = row["case"].person
        return {"id": person.pk, "name": person.full_name}


class MyDeadlinesSerializer(PageSerializer):
    deadlines = MyDeadlineSerializer(many=True)


class PersonSearchSerializer(PageSerializer):
    results = PersonSerializer(many=True)


# ----- case writes -------------------------------------------------------------------------------


class SafetyAssessmentInputSerializer(serializers.Serializer):
    assessed_at = PastDateTimeField()
    immediate_protection_needed = serializers.BooleanField()
    notes = TextField(required=False, allow_blank=True, default="")


class SafetyAssessmentCreatedSerializer(CaseWriteResultSerializer, SafetyAssessmentSerializer):
    pass


class PreAssessmentInputSerializer(serializers.Serializer):
    decided_on = PastDateField()
    decision = serializers.ChoiceField(
        choices=[
            (DecisionType.OPEN_INVESTIGATION.value, DecisionType.OPEN_INVESTIGATION.label),
            (DecisionType.NO_INVESTIGATION.value, DecisionType.NO_INVESTIGATION.label),
        ],
        help_text="Opening starts the investigation on `decided_on`.",
    )
    reason = TextField()
    exceptional_reasons = TextField(
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "Required for `no_investigation` decided after the pre-assessment's time limit "
            "(14 days): the exceptional reasons (synnerliga skäl)."
        ),
    )


class CaseDecisionCreatedSerializer(CaseWriteResultSerializer, CaseDecisionSerializer):
    pass


class ExtensionInputSerializer(serializers.Serializer):
    new_due = PlannedDateField(
        help_text="At most the rule's longest extension past the original due date."
    )
    reason = TextField(help_text="The special reasons for the extension.")


class ExtensionCreatedSerializer(CaseWriteResultSerializer, ExtensionSerializer):
    pass


class CaseDecisionInputSerializer(serializers.Serializer):
    decided_on = PastDateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    intervention_type = InterventionCodeField(
        help_text="Code from the intervention catalogue, e.g. `contact-person`."
    )
    reason = TextField()


class InterventionInputSerializer(serializers.Serializer):
    decision_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    started_on = PlannedDateField()
    cost_sek = serializers.IntegerField(required=False, default=0, min_value=0, max_value=MAX_INT)
    provider = LineField(required=False, allow_blank=True, default="")


class InterventionCreatedSerializer(CaseWriteResultSerializer, InterventionSerializer):
    pass


class DeadlineDoneInputSerializer(serializers.Serializer):
    done_on = PastDateField()
    note = TextField(required=False, allow_blank=True, default="")


class DeadlineDoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    starts_on = serializers.DateField()
    due = serializers.DateField()
    done_at = serializers.DateTimeField()
    done_note = serializers.CharField()


class DeadlineDoneCreatedSerializer(CaseWriteResultSerializer, DeadlineDoneSerializer):
    """The deadline marked done, and the case's deadlines (with the next reconsideration when
    one started)."""


class JournalInputSerializer(serializers.Serializer):
    text = TextField()


class JournalEntryCreatedSerializer(CaseWriteResultSerializer, JournalEntrySerializer):
    pass
