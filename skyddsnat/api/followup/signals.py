"""Follow-up of outreach and welfare crime (issue 10 points 6 and 7): the same figures as the
follow-up pages, "<5" applied (`followup.district_counts`), for the follow-up roles only."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, validated
from skyddsnat.api.followup.views import SPLIT_PARAMETER, SplitReactionTimesQuery
from skyddsnat.cases import policy
from skyddsnat.followup import signals
from skyddsnat.followup.district_counts import api_rows
from skyddsnat.followup.splits import SPLITS
from skyddsnat.organisation.requests import staff


class OutreachView(APIView):
    @extend_schema(
        summary="Outreach contacts per district or area",
        description=(
            "Rows `{group, contacts, joint_with_police, referrals}` for contacts dated in "
            '[from, to] (default: the last twelve months); figures of 1–4 are "<5". With '
            "`split`, anonymous contacts (no identity) count under `unknown`; a named person's "
            "age is on the contact's day."
        ),
        parameters=[
            OpenApiParameter("from", str, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, description="YYYY-MM-DD"),
            OpenApiParameter("by", str, enum=["district", "area"]),
            SPLIT_PARAMETER,
        ],
        responses={200: dict, **problems(400, 401, 404)},
        tags=["follow-up"],
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        policy.require(policy.may_follow_up(user))
        query = validated(SplitReactionTimesQuery, request, query=True)
        grouped = signals.outreach_figures(
            user=user, start=query["start"], end=query["end"], split=query["split"]
        )
        return Response({"rows": api_rows(grouped, by=query["by"], fields=signals.OUTREACH_FIELDS)})


class WelfareCrimeQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    by = serializers.ChoiceField(choices=["district", "area"], default="district")
    # By the person's sex or age band (followup.splits); empty: no split.
    split = serializers.ChoiceField(choices=["", *SPLITS], default="", required=False)


class WelfareCrimeView(APIView):
    @extend_schema(
        summary="Welfare-crime signals and notifications per district or area",
        description=(
            "Rows `{group, signals, notifications, median_days_to_notification}` for signals "
            'received in `year`; figures of 1–4 are "<5" (a median with its count). With '
            "`split`, the age is on the day the signal was received; a signal about no known "
            "person counts under `unknown`."
        ),
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("by", str, enum=["district", "area"]),
            SPLIT_PARAMETER,
        ],
        responses={200: dict, **problems(400, 401, 404)},
        tags=["follow-up"],
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        policy.require(policy.may_follow_up(user))
        query = validated(WelfareCrimeQuery, request, query=True)
        grouped = signals.welfare_crime_figures(
            user=user, year=query["year"], split=query.get("split") or None
        )
        return Response(
            {"rows": api_rows(grouped, by=query["by"], fields=signals.WELFARE_CRIME_FIELDS)}
        )
