"""`GET /api/v1/followup/programmes/?year=&by=district`: the targeted programmes' participants,
outcomes and recorded cost per programme (and district), with the "<5" rule
(`followup.selectors.programmes`). Those who follow up only (404 for everyone else)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, validated
from skyddsnat.cases import policy
from skyddsnat.followup.selectors.programmes import programme_figures
from skyddsnat.followup.splits import SPLITS
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff


class ProgrammesQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    by = serializers.ChoiceField(choices=["district", "city"], required=False, default="district")
    split = serializers.ChoiceField(choices=["", *SPLITS], required=False, default="")


class ProgrammesView(APIView):
    @extend_schema(
        summary="Programmes in the follow-up",
        description=(
            "Per programme (`sig`, `sspf`, `crime-exit`) for the whole city (`group: city`) and, "
            "with `by=district`, each district with participants: the year's `participants`, "
            "`started`, `ended`, the `outcomes` of the endings and `cost_sek`, the recorded cost "
            "of interventions decided for participants. A figure built from 1–4 people is the "
            'string "<5"; complementary cells are hidden too. A manager sees the city and their '
            "own district."
        ),
        parameters=[
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("by", str, enum=["district", "city"]),
            OpenApiParameter(
                "split",
                str,
                enum=list(SPLITS),
                description=(
                    "Each row followed by its parts: `sex` (field `sex`: female, male, unknown) "
                    "or `age_band` (field `age_band`: e.g. `13-17`, or unknown), on the day the "
                    "participation or intervention started; the whole row has the field null."
                ),
            ),
        ],
        responses={200: dict, **problems(400, 401, 404)},
        tags=["follow-up"],
    )
    def get(self, request: Request) -> Response:
        user: User = staff(request)
        policy.require(policy.sees_programme_figures(user))
        query = validated(ProgrammesQuery, request, query=True)
        rows = programme_figures(
            user=user, year=query["year"], by=query["by"], split=query.get("split") or None
        )
        return Response({"rows": [row.as_api() for row in rows]})
