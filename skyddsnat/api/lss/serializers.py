"""Serializers of the LSS API: applications with their requested interventions, decisions,
implementation and appeals; what each write takes; the lists to implement and the queue."""

from rest_framework import serializers

from skyddsnat.api.serializers import (
    IdentityNumberField,
    LineField,
    NameField,
    PastDateField,
    PlannedDateField,
    TextField,
)
from skyddsnat.cases.models import Decision, Intervention, InterventionType, Outcome
from skyddsnat.cases.policy import may_see_address
from skyddsnat.lss import implementation
from skyddsnat.lss.models import (
    ApplicantRole,
    Application,
    ClosureReason,
    DelayOfferAnswer,
    DelayReason,
    ProviderKind,
    ScopeUnit,
    SupportMeanwhile,
)
from skyddsnat.organisation.models import District


class ImplementationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    provider = serializers.CharField()
    provider_kind = serializers.SerializerMethodField()
    interruptions = serializers.SerializerMethodField()

    def get_provider_kind(self, obj: Intervention) -> str:
        impl = getattr(obj, "lss_implementation", None)
        return impl.provider_kind if impl else ""

    def get_interruptions(self, obj: Intervention) -> list[dict]:
        return [
            {"id": s.pk, "starts_on": s.starts_on, "ends_on": s.ends_on, "reason": s.reason}
            for s in obj.lss_interruptions.all()
        ]


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decided_on = serializers.DateField()
    outcome = serializers.CharField()
    reason = serializers.CharField()
    delegation = serializers.CharField(source="delegation.code")
    scope_amount = serializers.DecimalField(
        source="lss_terms.scope_amount", max_digits=6, decimal_places=1, allow_null=True
    )
    scope_unit = serializers.CharField(source="lss_terms.scope_unit")
    valid_from = serializers.DateField(source="lss_terms.valid_from", allow_null=True)
    valid_to = serializers.DateField(source="lss_terms.valid_to", allow_null=True)
    implement_by = serializers.SerializerMethodField()
    implementation = serializers.SerializerMethodField()
    appeals = serializers.SerializerMethodField()

    def get_implement_by(self, obj: Decision) -> str | None:
        if obj.outcome != Outcome.GRANT:
            return None
        # Read the rule once per response, not once per decision (the root's context is shared).
        if "implementation_rule" not in self.context:
            self.context["implementation_rule"] = implementation.implementation_rule()
        return self.context["implementation_rule"].due_from(obj.decided_on).isoformat()

    def get_implementation(self, obj: Decision) -> dict | None:
        interventions = list(obj.interventions.all())
        return ImplementationSerializer(interventions[0]).data if interventions else None

    def get_appeals(self, obj: Decision) -> list[dict]:
        return [
            {
                "id": a.pk,
                "received_on": a.received_on,
                "outcome": a.outcome,
                "outcome_on": a.outcome_on,
            }
            for a in obj.lss_appeals.all()
        ]


class RequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    intervention = serializers.CharField(source="intervention_type.code")
    citation = serializers.CharField(source="intervention_type.citation")
    name = serializers.CharField(source="intervention_type.name")
    decision = DecisionSerializer(allow_null=True)


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    reference = serializers.CharField(source="case.reference")
    status = serializers.CharField(source="case.status")
    person = serializers.SerializerMethodField()
    district = serializers.CharField(source="case.district.slug", allow_null=True)
    applicant_role = serializers.CharField()
    applicant_name = serializers.CharField()
    received_on = serializers.DateField()
    eligibility_group = serializers.SerializerMethodField()
    requests = RequestSerializer(many=True, source="requests.all")

    def get_person(self, obj: Application) -> dict:
        person = obj.case.person
        data = {
            "id": person.pk,
            "personal_identity_number": person.identity_number_display,
            "name": person.full_name,
            "address_protected": person.is_protected,
        }
        user = self.context.get("user")
        if user is not None and self.context.get("with_address") and may_see_address(user, person):
            data["address"] = ", ".join(
                p for p in (person.street_address, person.postal_code, person.city) if p
            )
        return data

    def get_eligibility_group(self, obj: Application) -> int | None:
        eligibility = getattr(obj, "eligibility", None)
        return eligibility.group if eligibility else None


class ApplicationInputSerializer(serializers.Serializer):
    personal_identity_number = IdentityNumberField()
    first_name = NameField()
    last_name = NameField()
    is_synthetic = serializers.BooleanField(default=False)
    district = serializers.SlugRelatedField(slug_field="slug", queryset=District.objects.all())
    received_on = PastDateField()
    applicant_role = serializers.ChoiceField(choices=ApplicantRole.choices)
    applicant_name = LineField(required=False, default="", allow_blank=True)
    interventions = serializers.ListField(
        child=serializers.SlugRelatedField(
            slug_field="code", queryset=InterventionType.objects.filter(case_kind="lss")
        ),
        help_text="Intervention codes, e.g. `lss-companion` (LSS 9 § 3).",
    )
    description = TextField(required=False, default="", allow_blank=True)


class ApplicationSentSerializer(serializers.Serializer):
    """An application registered for another district's unit: only what was sent and where it
    went, the same whether the person is new, known, protected or has cases there."""

    sent_to = serializers.CharField(help_text="The LSS unit that received the application.")
    personal_identity_number = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    district = serializers.CharField()
    received_on = serializers.DateField()
    applicant_role = serializers.ChoiceField(choices=ApplicantRole.choices)
    interventions = serializers.ListField(child=serializers.CharField())


class EligibilityInputSerializer(serializers.Serializer):
    group = serializers.IntegerField(allow_null=True, min_value=1, max_value=3)
    assessed_on = PastDateField()
    reasoning = TextField()


class DecisionInputSerializer(serializers.Serializer):
    decided_on = PastDateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = TextField()
    scope_amount = serializers.DecimalField(
        max_digits=6, decimal_places=1, required=False, allow_null=True, default=None
    )
    scope_unit = serializers.ChoiceField(
        choices=ScopeUnit.choices, required=False, default="", allow_blank=True
    )
    valid_from = PlannedDateField(required=False, allow_null=True, default=None)
    valid_to = PlannedDateField(required=False, allow_null=True, default=None)
    confirm_region = serializers.BooleanField(required=False, default=False)


class ImplementationInputSerializer(serializers.Serializer):
    started_on = PastDateField()
    provider_kind = serializers.ChoiceField(choices=ProviderKind.choices)
    provider = LineField(required=False, default="", allow_blank=True)


class InterruptionInputSerializer(serializers.Serializer):
    starts_on = PastDateField()
    reason = TextField()


class AppealInputSerializer(serializers.Serializer):
    received_on = PastDateField()


class PendingSerializer(serializers.Serializer):
    decision_id = serializers.IntegerField(source="decision.pk")
    application_id = serializers.IntegerField(source="decision.case.lss_application.pk")
    reference = serializers.CharField(source="decision.case.reference")
    intervention = serializers.CharField(source="decision.intervention_type.code")
    decided_on = serializers.DateField(source="decision.decided_on")
    implement_by = serializers.DateField(source="due")
    days_left = serializers.IntegerField()
    approaching = serializers.BooleanField()
    late = serializers.BooleanField()


class QueueRowSerializer(serializers.Serializer):
    entry_id = serializers.IntegerField(source="entry.pk")
    decision_id = serializers.IntegerField(source="entry.decision_id")
    reference = serializers.CharField(source="entry.decision.case.reference")
    resource_kind = serializers.CharField(source="entry.resource_kind.code")
    district = serializers.CharField(source="entry.district.slug")
    queued_on = serializers.DateField(source="entry.queued_on")
    waiting_days = serializers.IntegerField()


class DelayOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    offered_on = serializers.DateField()
    offered = serializers.CharField()
    answer = serializers.ChoiceField(choices=DelayOfferAnswer.choices)
    answered_on = serializers.DateField(allow_null=True)


class DelaySerializer(serializers.Serializer):
    """What is recorded about a granted decision not implemented in time (LSS 28 f–h §§)."""

    decision_id = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=DelayReason.choices)
    reason_text = serializers.CharField()
    consequences = serializers.CharField()
    support_kind = serializers.ChoiceField(choices=[("", ""), *SupportMeanwhile.choices])
    support_text = serializers.CharField()
    closed_reason = serializers.ChoiceField(
        choices=[("", ""), *ClosureReason.choices],
        help_text="Set when the decision ended without implementation.",
    )
    closed_on = serializers.DateField(allow_null=True)
    offers = DelayOfferSerializer(many=True, source="offers.all")
    updated_at = serializers.DateTimeField()


class DelayInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DelayReason.choices)
    reason_text = TextField(required=False, default="", allow_blank=True)
    consequences = TextField(required=False, default="", allow_blank=True)
    support_kind = serializers.ChoiceField(
        choices=[("", ""), *SupportMeanwhile.choices], required=False, default=""
    )
    support_text = TextField(required=False, default="", allow_blank=True)
    closed_reason = serializers.ChoiceField(
        choices=[("", ""), *ClosureReason.choices],
        required=False,
        default="",
        help_text="With `closed_on`: the decision ended without implementation (it leaves the "
        "list to implement and is reported as closed). A closed decision is not changed again.",
    )
    closed_on = PastDateField(required=False, allow_null=True, default=None)


class DelayOfferInputSerializer(serializers.Serializer):
    offered_on = PastDateField()
    offered = LineField(max_length=200)
    answer = serializers.ChoiceField(
        choices=DelayOfferAnswer.choices, required=False, default=DelayOfferAnswer.PENDING
    )
    answered_on = PastDateField(required=False, allow_null=True, default=None)
