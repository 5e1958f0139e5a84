"""The LSS JSON API under /api/v1/lss/. The area of LSS staff (any other role gets 404, like the
pages); records through the LSS selectors (404 when not visible); every write through
`api.actions.write` (one service call, answered with the application as it now stands)."""

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, validated, write
from skyddsnat.api.lss.serializers import (
    AppealInputSerializer,
    ApplicationInputSerializer,
    ApplicationSentSerializer,
    ApplicationSerializer,
    DecisionInputSerializer,
    DelayInputSerializer,
    DelayOfferInputSerializer,
    DelaySerializer,
    EligibilityInputSerializer,
    ImplementationInputSerializer,
    InterruptionInputSerializer,
    PendingSerializer,
    QueueRowSerializer,
)
from skyddsnat.api.paging import PAGE_HEADERS, PAGE_PARAMETER, array_response, page_params
from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case
from skyddsnat.lib import identity
from skyddsnat.lss import implementation, selectors, services
from skyddsnat.lss.models import ImplementationDelay, ResourceKind
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff

_READ = problems(401, 404)
_WRITE = problems(400, 401, 403, 404, 409)


def require_lss(request: Request) -> User:
    """The signed-in LSS officer or manager; any other role gets 404, like the pages."""
    user = staff(request)
    policy.require(policy.is_lss_staff(user))
    return user


def _application_response(user: User, application_id: int, status: int = 200) -> Response:
    application = selectors.application_detail(user=user, application_id=application_id)
    context = {"user": user, "with_address": True}
    return Response(ApplicationSerializer(application, context=context).data, status=status)


def _application_id(case: Case) -> int:
    """The application of an LSS case; a record of another kind of case is not found here."""
    application = getattr(case, "lss_application", None)
    if application is None:
        raise Http404
    return application.pk


def application_write_view(
    *,
    summary: str,
    input_class: type[drf.Serializer],
    find: Callable[[User, int], Any],
    perform: Callable[[User, Any, dict[str, Any]], Any],
    application_of: Callable[[Any], int] = lambda record: _application_id(record.case),
    description: str | None = None,
) -> type[APIView]:
    """An endpoint that writes on an application: `POST …/{id}/…` with `input_class`, answered
    201 with the application as it stands after the write.

    `find(user, id)` gets the record the address names (404 when not visible);
    `application_of(record)` is its application's id (by default the application of the record's
    case); `perform(user, record, data)` is the one service call (`api.actions.write`)."""

    class ApplicationWriteView(APIView):
        @extend_schema(
            summary=summary,
            description=description,
            request=input_class,
            responses={201: ApplicationSerializer, **_WRITE},
            tags=["lss"],
        )
        def post(self, request: Request, **url_kwargs: int) -> Response:
            user = require_lss(request)
            (record_id,) = url_kwargs.values()
            record = find(user, record_id)
            application_id = application_of(record)
            return write(
                request,
                input_class,
                lambda data: perform(user, record, data),
                lambda _written: _application_response(user, application_id, status=201),
            )

    ApplicationWriteView.__name__ = ApplicationWriteView.__qualname__ = (
        input_class.__name__.replace("InputSerializer", "View")
    )
    return ApplicationWriteView


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

        def answer(application: Any) -> Response:
            if policy.may_see_case(user, application.case):
                return _application_response(user, application.pk, status=201)
            sent = {
                "sent_to": application.case.unit.name,
                "personal_identity_number": identity.normalise(data["personal_identity_number"]),
                "first_name": data["first_name"].strip(),
                "last_name": data["last_name"].strip(),
                "district": data["district"].current().slug,
                "received_on": data["received_on"],
                "applicant_role": data["applicant_role"],
                "interventions": [t.code for t in data["intervention_types"]],
            }
            return Response(ApplicationSentSerializer(sent).data, status=202)

        return write(
            request,
            data,
            lambda data: services.application_register(user=user, **data),
            answer,
        )


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


EligibilityView = application_write_view(
    summary="Record the eligibility group (personkrets)",
    description="`group` 1–3, or null when the person is outside LSS.",
    input_class=EligibilityInputSerializer,
    find=lambda user, pk: selectors.application_detail(user=user, application_id=pk),
    application_of=lambda application: application.pk,
    perform=lambda user, application, data: services.eligibility_assess(
        user=user, application=application, **data
    ),
)
DecisionView = application_write_view(
    summary="Grant or refuse one requested intervention",
    description=(
        "Under delegation. A grant needs an eligibility group the intervention allows "
        "(daily activity: groups 1–2) and starts the 3-month implementation limit."
    ),
    input_class=DecisionInputSerializer,
    find=selectors.get_request_for_user,
    application_of=lambda req: req.application_id,
    perform=lambda user, req, data: services.decision_record(user=user, request=req, **data),
)
ImplementationView = application_write_view(
    summary="Record the implementation (verkställighet) of a granted decision",
    input_class=ImplementationInputSerializer,
    find=selectors.get_decision_for_user,
    perform=lambda user, decision, data: services.implementation_record(
        user=user, decision=decision, **data
    ),
)
InterruptionView = application_write_view(
    summary="Record an interruption of an implemented intervention",
    input_class=InterruptionInputSerializer,
    find=selectors.get_intervention_for_user,
    perform=lambda user, intervention, data: services.interruption_start(
        user=user, intervention=intervention, **data
    ),
)
AppealView = application_write_view(
    summary="Register an appeal of a decision",
    input_class=AppealInputSerializer,
    find=selectors.get_decision_for_user,
    perform=lambda user, decision, data: services.appeal_register(
        user=user, decision=decision, **data
    ),
)


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
        # The places serve every flow: a children's unit manager sees their sheltered housing.
        user = staff(request)
        policy.require(policy.manages_places(user))
        kind = None
        if request.query_params.get("resource_kind"):
            kind = ResourceKind.objects.filter(code=request.query_params["resource_kind"]).first()
            if kind is None:
                raise Http404
        page = selectors.queue_page(user=user, params=page_params(request), resource_kind=kind)
        return array_response(request, page, QueueRowSerializer(page.object_list, many=True).data)


def _delay_response(decision_id: int, status: int = 200) -> Response:
    delay = ImplementationDelay.objects.prefetch_related("offers").get(decision_id=decision_id)
    return Response(DelaySerializer(delay).data, status=status)


class DelayView(APIView):
    """The facts the report to IVO asks of a granted decision not implemented in time."""

    @extend_schema(
        summary="Read the reason, consequences, offers, support and closure of a delay",
        description="404 when nothing is recorded for the decision yet.",
        operation_id="lss_decision_delay_read",
        responses={200: DelaySerializer, **_READ},
        tags=["lss"],
    )
    def get(self, request: Request, decision_id: int) -> Response:
        user = require_lss(request)
        decision = selectors.get_decision_for_user(user, decision_id)
        if not ImplementationDelay.objects.filter(decision=decision).exists():
            raise Http404
        audit_log(
            user=user,
            action="lss.implementation_delay.read",
            person_id=decision.case.person_id,
            case_id=decision.case_id,
            decision=decision.pk,
        )
        return _delay_response(decision.pk)

    @extend_schema(
        summary="Record why a granted decision is not implemented (or that it ended without)",
        description=(
            "Creates or replaces the record (one per decision). Only a granted decision not yet "
            "implemented; 409 when it has been implemented or has ended meanwhile."
        ),
        operation_id="lss_decision_delay_record",
        request=DelayInputSerializer,
        responses={200: DelaySerializer, **_WRITE},
        tags=["lss"],
    )
    def put(self, request: Request, decision_id: int) -> Response:
        user = require_lss(request)
        decision = selectors.get_decision_for_user(user, decision_id)
        return write(
            request,
            DelayInputSerializer,
            lambda data: services.implementation_delay_record(user=user, decision=decision, **data),
            lambda delay: _delay_response(delay.decision_id),
        )


class DelayOfferView(APIView):
    @extend_schema(
        summary="Record an offer made while a granted decision waits",
        description="The reason for the delay must be recorded first (400 otherwise).",
        operation_id="lss_decision_delay_offer",
        request=DelayOfferInputSerializer,
        responses={201: DelaySerializer, **_WRITE},
        tags=["lss"],
    )
    def post(self, request: Request, decision_id: int) -> Response:
        user = require_lss(request)
        decision = selectors.get_decision_for_user(user, decision_id)
        return write(
            request,
            DelayOfferInputSerializer,
            lambda data: services.implementation_delay_offer(user=user, decision=decision, **data),
            lambda offer: _delay_response(decision.pk, status=201),
        )
