"""The LSS JSON API under /api/v1/lss/. Thin views: check the role (404 otherwise, like the pages),
get records through the selectors (404 when not visible), call one service, serialize. Errors
become problem+json in `skyddsnat.api.errors`; the audit channel "api" comes from the middleware.
"""

from typing import Any

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.errors import PROBLEM_CONTENT_TYPE
from skyddsnat.api.paging import PAGE_HEADERS, PAGE_PARAMETER, array_response, page_params
from skyddsnat.api.serializers import (
    IdentityNumberField,
    LineField,
    NameField,
    PastDateField,
    PlannedDateField,
    ProblemSerializer,
    TextField,
)
from skyddsnat.cases.models import Decision, Intervention, InterventionType, Outcome
from skyddsnat.cases.permissions import may_see_address, visible_cases
from skyddsnat.lib import identity
from skyddsnat.lss import implementation, selectors, services
from skyddsnat.lss.models import (
    ApplicantRole,
    Application,
    ProviderKind,
    ResourceKind,
    ScopeUnit,
)
from skyddsnat.lss.services import is_lss_staff
from skyddsnat.organisation.models import District, User
from skyddsnat.organisation.requests import staff


def problems(*codes: int) -> dict:
    return {(code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer) for code in codes}


def require_lss(request: Request) -> User:
    """The signed-in LSS officer or manager; any other role gets 404, like the pages."""
    user = staff(request)
    if not is_lss_staff(user):
        raise Http404
    return user


def validated(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ----- serializers -------------------------------------------------------------------------------


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


# ----- views -------------------------------------------------------------------------------------

_READ = problems(401, 404)
_WRITE = problems(400, 401, 403, 404, 409)


def _application_response(user: User, application_id: int, status: int = 200) -> Response:
    application = selectors.application_detail(user=user, application_id=application_id)
    context = {"user": user, "with_address": True}
    return Response(ApplicationSerializer(application, context=context).data, status=status)


class ApplicationListView(APIView):
    @extend_schema(
        summary="List the unit's LSS applications",
        operation_id="lss_applications_list",
        parameters=[PAGE_PARAMETER, *PAGE_HEADERS],
        responses={200: ApplicationSerializer(many=True), **_READ},
        tags=["lss"],
    )
    def get(self, request: Request) -> Response:
        user = require_lss(request)
        page = selectors.applications_page(user=user, params=page_params(request))
        return array_response(
            request, page, ApplicationSerializer(page.object_list, many=True).data
        )

    @extend_schema(
        summary="Register an LSS application",
        description="One application may ask for several interventions of LSS 9 §.",
        request=ApplicationInputSerializer,
        responses={
            201: ApplicationSerializer,
            202: OpenApiResponse(
                ApplicationSentSerializer,
                description="Registered for another district's unit, whose cases the user may "
                "not see: the answer only repeats what was sent and names the receiving unit.",
            ),
            **_WRITE,
        },
        tags=["lss"],
    )
    def post(self, request: Request) -> Response:
        user = require_lss(request)
        data = validated(ApplicationInputSerializer, request)
        data["intervention_types"] = data.pop("interventions")
        # The write and its answer in one transaction: a failure while building the answer
        # stores nothing, so the 500 that says so is true.
        with transaction.atomic():
            application = services.application_register(user=user, **data)
            if visible_cases(user).filter(pk=application.case_id).exists():
                return _application_response(user, application.pk, status=201)
            number = identity.normalise(data["personal_identity_number"])
            sent = {
                "sent_to": application.case.unit.name,
                "personal_identity_number": number,
                "first_name": data["first_name"].strip(),
                "last_name": data["last_name"].strip(),
                "district": data["district"].current().slug,
                "received_on": data["received_on"],
                "applicant_role": data["applicant_role"],
                "interventions": [t.code for t in data["intervention_types"]],
            }
            return Response(ApplicationSentSerializer(sent).data, status=202)


class ApplicationDetailView(APIView):
    @extend_schema(
        summary="Read an LSS application with its decisions and implementation",
        description="A protected person's address is never included.",
        responses={200: ApplicationSerializer, **_READ},
        tags=["lss"],
    )
    def get(self, request: Request, application_id: int) -> Response:
        user = require_lss(request)
        return _application_response(user, application_id)


class EligibilityView(APIView):
    @extend_schema(
        summary="Record the eligibility group (personkrets)",
        description="`group` 1–3, or null when the person is outside LSS.",
        request=EligibilityInputSerializer,
        responses={201: ApplicationSerializer, **_WRITE},
        tags=["lss"],
    )
    def post(self, request: Request, application_id: int) -> Response:
        user = require_lss(request)
        application = selectors.application_detail(user=user, application_id=application_id)
        data = validated(EligibilityInputSerializer, request)
        with transaction.atomic():
            services.eligibility_assess(user=user, application=application, **data)
            return _application_response(user, application.pk, status=201)


class DecisionView(APIView):
    @extend_schema(
        summary="Grant or refuse one requested intervention",
        description=(
            "Under delegation. A grant needs an eligibility group the intervention allows "
            "(daily activity: groups 1–2) and starts the 3-month implementation limit."
        ),
        request=DecisionInputSerializer,
        responses={201: ApplicationSerializer, **_WRITE},
        tags=["lss"],
    )
    def post(self, request: Request, request_id: int) -> Response:
        user = require_lss(request)
        req = selectors.get_request_for_user(user, request_id)
        data = validated(DecisionInputSerializer, request)
        with transaction.atomic():
            services.decision_record(user=user, request=req, **data)
            return _application_response(user, req.application_id, status=201)


def _application_id(decision_or_intervention: Decision | Intervention) -> int:
    application = getattr(decision_or_intervention.case, "lss_application", None)
    if application is None:
        raise Http404
    return application.pk


class ImplementationView(APIView):
    @extend_schema(
        summary="Record the implementation (verkställighet) of a granted decision",
        request=ImplementationInputSerializer,
        responses={201: ApplicationSerializer, **_WRITE},
        tags=["lss"],
    )
    def post(self, request: Request, decision_id: int) -> Response:
        user = require_lss(request)
        decision = selectors.get_decision_for_user(user, decision_id)
        application_id = _application_id(decision)
        data = validated(ImplementationInputSerializer, request)
        with transaction.atomic():
            services.implementation_record(user=user, decision=decision, **data)
            return _application_response(user, application_id, status=201)


class InterruptionView(APIView):
    @extend_schema(
        summary="Record an interruption of an implemented intervention",
        request=InterruptionInputSerializer,
        responses={201: ApplicationSerializer, **_WRITE},
        tags=["lss"],
    )
    def post(self, request: Request, intervention_id: int) -> Response:
        user = require_lss(request)
        intervention = selectors.get_intervention_for_user(user, intervention_id)
        application_id = _application_id(intervention)
        data = validated(InterruptionInputSerializer, request)
        with transaction.atomic():
            services.interruption_start(user=user, intervention=intervention, **data)
            return _application_response(user, application_id, status=201)


class AppealView(APIView):
    @extend_schema(
        summary="Register an appeal of a decision",
        request=AppealInputSerializer,
        responses={201: ApplicationSerializer, **_WRITE},
        tags=["lss"],
    )
    def post(self, request: Request, decision_id: int) -> Response:
        user = require_lss(request)
        decision = selectors.get_decision_for_user(user, decision_id)
        application_id = _application_id(decision)
        data = validated(AppealInputSerializer, request)
        with transaction.atomic():
            services.appeal_register(user=user, decision=decision, **data)
            return _application_response(user, application_id, status=201)


class ToImplementView(APIView):
    @extend_schema(
        summary="Granted decisions not yet implemented, nearest 3-month limit first",
        parameters=[PAGE_PARAMETER, *PAGE_HEADERS],
        responses={200: PendingSerializer(many=True), **_READ},
        tags=["lss"],
    )
    def get(self, request: Request) -> Response:
        user = require_lss(request)
        page = implementation.decisions_to_implement_page(user=user, params=page_params(request))
        return array_response(request, page, PendingSerializer(page.object_list, many=True).data)


class QueueView(APIView):
    @extend_schema(
        summary="People waiting for a place, longest wait first",
        parameters=[
            OpenApiParameter("resource_kind", str, description="e.g. lss-housing-adults"),
            PAGE_PARAMETER,
            *PAGE_HEADERS,
        ],
        responses={200: QueueRowSerializer(many=True), **_READ},
        tags=["lss"],
    )
    def get(self, request: Request) -> Response:
        user = require_lss(request)
        kind = None
        if request.query_params.get("resource_kind"):
            kind = ResourceKind.objects.filter(code=request.query_params["resource_kind"]).first()
            if kind is None:
                raise Http404
        page = selectors.queue_page(user=user, params=page_params(request), resource_kind=kind)
        return array_response(request, page, QueueRowSerializer(page.object_list, many=True).data)
