"""Requests for help sent through the public e-service, for the reception of the children and
youth unit they were sent to (issue 11): the list and the record that one was handled. Any other
role gets 404, as on the pages; a request of another unit answers 404, exactly like one that does
not exist."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, validated, write
from skyddsnat.cases import policy
from skyddsnat.eservices import selectors, services
from skyddsnat.eservices.models import HelpAbout, HelpOutcome, HelpRequest
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff


class HelpRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(source="submission.reference")
    received_at = serializers.DateTimeField(source="submission.received_at")
    about = serializers.ChoiceField(choices=HelpAbout.choices)
    intervention_type = serializers.CharField(
        source="intervention_type.code", allow_null=True, default=None
    )
    name = serializers.CharField()
    phone = serializers.CharField()
    description = serializers.CharField()
    handled_at = serializers.DateTimeField(allow_null=True)
    handled_by = serializers.CharField(source="handled_by.username", allow_null=True, default=None)
    outcome = serializers.ChoiceField(choices=HelpOutcome.choices, allow_blank=True)


class HelpRequestListSerializer(serializers.Serializer):
    results = HelpRequestSerializer(many=True)


class HelpRequestQuerySerializer(serializers.Serializer):
    # Not a BooleanField: in a query string DRF reads a missing boolean as false.
    handled = serializers.ChoiceField(
        choices=["true", "false"],
        required=False,
        help_text="true: only those handled; false: only those still to handle; absent: all.",
    )


class HelpHandledInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=HelpOutcome.choices)


def reception(request: Request) -> User:
    user = staff(request)
    policy.require(policy.receives_help_requests(user))
    return user


class HelpRequestListView(APIView):
    @extend_schema(
        summary="The unit's requests for help",
        description=(
            "Requests for help or advice sent through the public e-service to the user's "
            "children and youth unit, newest first (at most 200); the list shown is logged."
        ),
        parameters=[
            OpenApiParameter("handled", bool, required=False, description="Filter by handled.")
        ],
        responses={200: HelpRequestListSerializer, **problems(400, 401, 404)},
        tags=["e-services"],
    )
    def get(self, request: Request) -> Response:
        user = reception(request)
        query = validated(HelpRequestQuerySerializer, request, query=True)
        handled = query.get("handled")
        rows = selectors.help_requests(
            user=user, handled=None if handled is None else handled == "true"
        )
        return Response(HelpRequestListSerializer({"results": rows}).data)


class HelpRequestHandledView(APIView):
    @extend_schema(
        summary="Record that a request for help was handled",
        description=(
            "The reception has contacted the sender: `outcome` says what came of it. Once only: "
            "a request already handled answers 409."
        ),
        request=HelpHandledInputSerializer,
        responses={200: HelpRequestSerializer, **problems(400, 401, 404, 409)},
        tags=["e-services"],
    )
    def post(self, request: Request, help_request_id: int) -> Response:
        user = reception(request)
        row = selectors.get_help_request_for_user(user, help_request_id)
        return write(
            request,
            HelpHandledInputSerializer,
            lambda data: services.help_request_handle(
                user=user, help_request=row, outcome=data["outcome"]
            ),
            lambda handled: Response(HelpRequestSerializer(_reread(handled)).data),
        )


def _reread(row: HelpRequest) -> HelpRequest:
    return HelpRequest.objects.select_related("submission", "intervention_type", "handled_by").get(
        pk=row.pk
    )
