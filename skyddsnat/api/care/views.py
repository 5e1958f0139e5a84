"""The care API: `/api/v1/cases/{id}/lvu/…` (LVU as events) and `/api/v1/placements/…`. Records
through the policy (an invisible case or placement: 404); every write through `api.actions.write`
(one service call, the case locked, `If-Match` honoured, problem+json errors); reads audited."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import IF_MATCH_PARAMETER, problems, write
from skyddsnat.api.care import serializers as s
from skyddsnat.api.views.cases import case_write_view
from skyddsnat.audit.services import audit_log
from skyddsnat.care import selectors, services
from skyddsnat.care.models import Placement
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff

_READ = problems(401, 404)
_WRITE = problems(400, 401, 403, 404, 409, 412)


def _state_data(case: Case) -> dict:
    today = timezone.localdate()
    state = selectors.care_state(case, today=today)
    data = {
        "custodies": state.custodies,
        "care": state.care,
        "reviews": state.reviews,
        "placements": state.placements,
    }
    return dict(s.LvuStateSerializer(data, context={"today": today}).data)


class LvuStateView(APIView):
    @extend_schema(
        summary="LVU and placements of a case",
        description=(
            "Immediate custodies with their limits and whether they have lapsed (LVU 9 §), care "
            "under 2 § or 3 §, the decisions on it, and the child's placements on the case."
        ),
        responses={200: s.LvuStateSerializer, **_READ},
        tags=["lvu"],
    )
    def get(self, request: Request, case_id: int) -> Response:
        user = staff(request)
        case = policy.get_case_for_user(user, case_id)
        audit_log(user=user, action="care.lvu.read", person_id=case.person_id, case_id=case.pk)
        return Response(_state_data(case))


def _custody(case: Case, custody_id: int) -> Any:
    return selectors.get_custody_for_case(case, custody_id)


def _limit(limit: str):  # type: ignore[no-untyped-def]
    def perform(user: User, case: Case, data: dict, *, custody_id: int) -> Any:
        services.custody_limit_done(
            user=user, custody=_custody(case, custody_id), limit=limit, **data
        )
        return _custody(case, custody_id)

    return perform


def _carried_out(user: User, case: Case, data: dict, *, custody_id: int) -> Any:
    return services.custody_carried_out(user=user, custody=_custody(case, custody_id), **data)


def _extension(user: User, case: Case, data: dict, *, custody_id: int) -> Any:
    services.custody_extend(user=user, custody=_custody(case, custody_id), **data)
    return _custody(case, custody_id)


def _review(user: User, case: Case, data: dict, *, intervention_id: int) -> Any:
    care = selectors.get_care_for_case(case, intervention_id)
    return services.lvu_review_record(user=user, intervention=care, **data)


CustodyView = case_write_view(
    summary="Record immediate custody (LVU 6 §)",
    description=(
        "At any stage of the case; the investigation goes on (it is opened if there is none). "
        "The submission to the court is due a week from the decision (7 §). Needs the "
        "delegation line for LVU decisions (the unit manager records the chair's decision)."
    ),
    input_class=s.CustodyInputSerializer,
    result_class=s.CustodyCreatedSerializer,
    perform=lambda user, case, data: services.custody_decide(user=user, case=case, **data),
)
CarriedOutView = case_write_view(
    summary="Record the day the custody was carried out",
    description="The application for care is due four weeks from that day (LVU 8 §).",
    input_class=s.CarriedOutInputSerializer,
    result_class=s.CustodyCreatedSerializer,
    perform=_carried_out,
)
CourtSubmissionView = case_write_view(
    summary="Record the submission of the custody to the court (LVU 7 §)",
    input_class=s.LimitDoneInputSerializer,
    result_class=s.CustodyCreatedSerializer,
    perform=_limit("court"),
)
ApplicationView = case_write_view(
    summary="Record the application for care (LVU 8 §)",
    input_class=type("CareApplicationInputSerializer", (s.LimitDoneInputSerializer,), {}),
    result_class=s.CustodyCreatedSerializer,
    perform=_limit("application"),
)
ExtensionView = case_write_view(
    summary="Record the court's extension of the time for the application (LVU 8 §)",
    input_class=s.CourtExtensionInputSerializer,
    result_class=s.CustodyCreatedSerializer,
    perform=_extension,
)
CareView = case_write_view(
    summary="Record care under LVU 2 § or 3 § decided by the court",
    description=(
        "An ongoing custody ends the day care begins; the investigation is closed; the "
        "six-monthly decision (13 §) and the end of care at 18 or 21 (21 §) become due."
    ),
    input_class=s.CareInputSerializer,
    result_class=s.CareCreatedSerializer,
    perform=lambda user, case, data: services.care_record(user=user, case=case, **data),
)
ReviewView = case_write_view(
    summary="Record the committee's decision on care under LVU (13 §)",
    description="Care under 2 § considered, under 3 § reviewed (appealable), with its reasons.",
    input_class=s.LvuReviewInputSerializer,
    result_class=s.LvuReviewCreatedSerializer,
    perform=_review,
)


# ----- placements --------------------------------------------------------------------------------


def _placement_answer(placement_id: int, status: int = 200) -> Response:
    placement = (
        Placement.objects.select_related("social_worker")
        .prefetch_related("plans", "visits", "reviews")
        .get(pk=placement_id)
    )
    return Response(s.PlacementSerializer(placement).data, status=status)


class PlacementCreateView(APIView):
    @extend_schema(
        summary="Place a child",
        description=(
            "One active placement per child (409 otherwise). A placement under LVU needs that "
            "LVU intervention ongoing on the case."
        ),
        request=s.PlacementInputSerializer,
        responses={201: s.PlacementSerializer, **_WRITE},
        parameters=[IF_MATCH_PARAMETER],
        tags=["placements"],
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        body = s.PlacementInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        case = policy.get_case_for_user(user, data.pop("case_id"))
        return write(
            request,
            data,
            lambda data: services.placement_create(user=user, case=case, **data),
            lambda placement: _placement_answer(placement.pk, 201),
            case=case,
        )


class PlacementDetailView(APIView):
    @extend_schema(
        summary="Read a placement with its plans, visits and reviews",
        responses={200: s.PlacementSerializer, **_READ},
        tags=["placements"],
    )
    def get(self, request: Request, placement_id: int) -> Response:
        user = staff(request)
        placement = selectors.get_placement_for_user(user, placement_id)
        audit_log(
            user=user,
            action="care.placement.read",
            person_id=placement.child_id,
            case_id=placement.case_id,
        )
        return _placement_answer(placement.pk)


def placement_write_view(
    *, summary: str, input_class: type[drf.Serializer], service: Any, description: str = ""
) -> type[APIView]:
    """`POST /api/v1/placements/{id}/…`: one service call on a visible placement, answered 201
    with the placement as it now stands (after a move: the new one)."""

    class PlacementWriteView(APIView):
        @extend_schema(
            summary=summary,
            description=description or None,
            request=input_class,
            responses={201: s.PlacementSerializer, **_WRITE},
            parameters=[IF_MATCH_PARAMETER],
            tags=["placements"],
        )
        def post(self, request: Request, placement_id: int) -> Response:
            user = staff(request)
            placement = selectors.get_placement_for_user(user, placement_id)

            def perform(data: dict) -> Any:
                return service(user=user, placement=placement, **data)

            def answer(result: Any) -> Response:
                target = result.pk if isinstance(result, Placement) else placement.pk
                return _placement_answer(target, 201)

            return write(request, input_class, perform, answer, case=placement.case)

    PlacementWriteView.__name__ = PlacementWriteView.__qualname__ = input_class.__name__.replace(
        "InputSerializer", "View"
    )
    return PlacementWriteView


MoveView = placement_write_view(
    summary="Move the child to another placement",
    description="Ends this placement (moved) and starts the next the same day, atomically.",
    input_class=s.PlacementMoveInputSerializer,
    service=services.placement_move,
)
EndView = placement_write_view(
    summary="End a placement",
    input_class=s.PlacementEndInputSerializer,
    service=services.placement_end,
)
PlanView = placement_write_view(
    summary="Record a care plan or an implementation plan",
    input_class=s.PlanInputSerializer,
    service=services.placement_plan_record,
)
VisitView = placement_write_view(
    summary="Record a visit to, or a conversation with, the placed child",
    input_class=s.VisitInputSerializer,
    service=services.placement_visit_record,
)
PlacementReviewView = placement_write_view(
    summary="Record a reconsideration of the placement or a custody transfer considered",
    input_class=s.PlacementReviewInputSerializer,
    service=services.placement_review_record,
)
SocialWorkerView = placement_write_view(
    summary="Designate the child's social worker",
    input_class=s.SocialWorkerInputSerializer,
    service=services.placement_social_worker_assign,
)
