"""Serializers of the JSON API. They validate and convert, nothing more: the rules (dates not in
the future, delegation, what state a case must be in) live in the services they feed."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skyddsnat.audit.labels import action_label
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import CaseKind, CaseStatus, DeadlineKind, InterventionType, Outcome
from skyddsnat.cases.permissions import may_see_address
from skyddsnat.children.models import ReporterType
from skyddsnat.lib import identity, validators
from skyddsnat.organisation.models import DecisionType, District
from skyddsnat.people.models import ProtectionLevel

# Largest value a PositiveIntegerField holds on every database we run on.
MAX_INT = 2_147_483_647


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that must carry its offset: a naive time is ambiguous (DST)."""

    default_error_messages = {
        "invalid": _("Give an ISO 8601 date and time, e.g. 2025-03-01T09:30:00+01:00."),
        "naive": _("Give the time with its offset from UTC, e.g. 2025-03-01T09:30:00+01:00."),
    }

    def to_internal_value(self, value: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            parsed: dt.datetime | None = value
        elif isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
        else:
            parsed = None
        if parsed is None:
            self.fail("invalid")
        if timezone.is_naive(parsed):
            self.fail("naive")
        return super().to_internal_value(parsed)


class PastDateTimeField(AwareDateTimeField):
    """The time of something that has happened: from 1900 up to now (`lib.validators`)."""

    default_validators = [validators.validate_past]


class PastDateField(serializers.DateField):
    """The date of something that has happened: from 1900 up to today."""

    default_validators = [validators.validate_past]


class PlannedDateField(serializers.DateField):
    """A date that may lie ahead (a start, a due date): from 1900 to the planning horizon."""

    default_validators = [validators.validate_planned]


class NameField(serializers.CharField):
    """A first or last name: a letter at least, no control or text-direction characters."""

    default_validators = [validators.validate_name]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", validators.NAME_MAX_LENGTH)
        super().__init__(**kwargs)


class LineField(serializers.CharField):
    """One line of text (a reporter's name, a provider)."""

    default_validators = [validators.validate_line]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", validators.LINE_MAX_LENGTH)
        super().__init__(**kwargs)


class TextField(serializers.CharField):
    """Free text: descriptions, reasons, notes, the journal."""

    default_validators = [validators.validate_text]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", validators.TEXT_MAX_LENGTH)
        super().__init__(**kwargs)


class IdentityNumberField(serializers.CharField):
    """A Swedish personal identity number (10 or 12 digits), converted to the 12-digit form."""

    default_error_messages = {
        "identity": _(
            "Enter a valid personal identity number (YYYYMMDD-NNNN) with a correct check digit."
        )
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            return identity.normalise(value)
        except identity.InvalidIdentityNumber:
            self.fail("identity")


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


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


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


class PersonSerializer(serializers.Serializer):
    """A person without any address: what lists and search results may show."""

    id = serializers.IntegerField()
    personal_identity_number = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    protected = serializers.BooleanField(source="is_protected")


class AddressSerializer(serializers.Serializer):
    street_address = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()


class CasePersonSerializer(PersonSerializer):
    """The person of a case; the address only for staff who may see it (protected identity)."""

    protection_level = serializers.ChoiceField(choices=ProtectionLevel.choices)
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


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    district = serializers.CharField(source="district.slug", allow_null=True)
    received_at = serializers.DateTimeField()
    reporter_type = serializers.ChoiceField(choices=ReporterType.choices)
    reporter_name = serializers.CharField()
    description = serializers.CharField()
    registered_by = serializers.CharField(source="registered_by.username")
    registered_at = serializers.DateTimeField()
    safety_assessment = serializers.SerializerMethodField()

    @extend_schema_field(SafetyAssessmentSerializer(allow_null=True))
    def get_safety_assessment(self, report: Any) -> dict | None:
        assessment = getattr(report, "safety_assessment", None)
        return SafetyAssessmentSerializer(assessment).data if assessment else None


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


# ----- reports -----------------------------------------------------------------------------------


class ChildInputSerializer(serializers.Serializer):
    personal_identity_number = IdentityNumberField()
    # Required even for a child already known, so that the answer never depends on what is stored.
    first_name = NameField()
    last_name = NameField()
    is_synthetic = serializers.BooleanField(
        required=False, default=False, help_text="Test and demo data only (synthetic persons)."
    )


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

    default_error_messages = {"unknown_district": _("There is no district “%(slug)s”.")}

    def validate(self, attrs: dict) -> dict:
        # A report about a child cannot arrive before the child was born (a typo in the number
        # or the date); the number is already in its 12-digit form here.
        number = attrs["child"]["personal_identity_number"]
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
        number = identity.normalise(submitted["personal_identity_number"])
        return {
            "id": None,
            "personal_identity_number": number,
            "first_name": submitted["first_name"].strip(),
            "last_name": submitted["last_name"].strip(),
            "date_of_birth": identity.birth_date(number).isoformat(),
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
        # A new case starts in pre-assessment; a report that joins an open investigation does not.
        return self.context["case"].status == CaseStatus.INVESTIGATION


# ----- case reads --------------------------------------------------------------------------------


class InvestigationSerializer(serializers.Serializer):
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    extensions = ExtensionSerializer(many=True)


class CaseDetailSerializer(serializers.Serializer):
    """Context: `user` (for the address rule), `deadlines`, `investigation` (dict or None)."""

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


class PageSerializer(serializers.Serializer):
    """What every paged list answers besides its rows (`?page=`, 50 rows a page)."""

    count = serializers.IntegerField(help_text="Rows in the whole list.")
    page = serializers.IntegerField(help_text="This page's number, from 1.")
    pages = serializers.IntegerField(help_text="Number of pages (at least 1).")
    next = serializers.CharField(allow_null=True, help_text="Address of the next page, if any.")
    previous = serializers.CharField(
        allow_null=True, help_text="Address of the previous page, if any."
    )


class MyDeadlinesSerializer(PageSerializer):
    deadlines = MyDeadlineSerializer(many=True)


class PersonSearchSerializer(PageSerializer):
    results = PersonSerializer(many=True)


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
    intervention_type = serializers.SlugField(
        max_length=50, help_text="Code from the intervention catalogue, e.g. `contact-person`."
    )
    reason = TextField()

    default_error_messages = {
        "unknown_intervention": _("There is no intervention type “%(code)s” in the catalogue.")
    }

    def validate_intervention_type(self, value: str) -> InterventionType:
        found = InterventionType.objects.filter(code=value).first()
        if found is None:
            raise serializers.ValidationError(
                self.error_messages["unknown_intervention"] % {"code": value}
            )
        return found


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


# ----- early help --------------------------------------------------------------------------------


class EarlyHelpInputSerializer(serializers.Serializer):
    # Either the child (help asked for without a report) or the case it came from.
    child = ChildInputSerializer(required=False, allow_null=True, default=None)
    case_id = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The case the help came from, e.g. after a decision not to investigate.",
    )
    intervention_type = serializers.SlugField(
        max_length=50,
        help_text="Code of an intervention offered without needs assessment: `parent-support`.",
    )
    started_on = PastDateField()
    consent_given = serializers.BooleanField(help_text="The guardians' consent (a child).")
    consent_on = PastDateField(required=False, allow_null=True, default=None)
    note = TextField(required=False, allow_blank=True, default="")

    default_error_messages = {
        "unknown_intervention": _("There is no intervention type “%(code)s” in the catalogue."),
        "child_or_case": _("Give either the child or the case, not both."),
    }

    def validate_intervention_type(self, value: str) -> InterventionType:
        found = InterventionType.objects.filter(code=value).first()
        if found is None:
            raise serializers.ValidationError(
                self.error_messages["unknown_intervention"] % {"code": value}
            )
        return found

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
