"""Follow-up endpoints (the contract in issue 3). They call the same selectors as the pages. The
area of the follow-up roles (budget: also budget staff); any other role gets 404, as on the
pages (`cases.policy`)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, validated
from skyddsnat.cases import policy
from skyddsnat.followup import selectors
from skyddsnat.followup.forms import default_period, period_errors
from skyddsnat.followup.splits import SPLITS
from skyddsnat.organisation.requests import staff


class ReactionTimesQuery(serializers.Serializer):
    # "from" is a Python keyword, so the fields are renamed in to_internal_value.
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    by = serializers.ChoiceField(choices=["district", "area"], default="district")

    def to_internal_value(self, data):
        renamed = {"by": data.get("by", "district")}
        if "split" in self.fields:
            renamed["split"] = data.get("split", "")
        if data.get("from"):
            renamed["start"] = data["from"]
        if data.get("to"):
            renamed["end"] = data["to"]
        try:
            return super().to_internal_value(renamed)
        except serializers.ValidationError as error:
            detail = error.detail
            if isinstance(detail, dict):
                mapping = {"start": "from", "end": "to"}
                detail = {mapping.get(k, k): v for k, v in detail.items()}
            raise serializers.ValidationError(detail) from None

    def validate(self, attrs):
        start, end = default_period()
        attrs.setdefault("start", start)
        attrs.setdefault("end", end)
        errors = period_errors(attrs["start"], attrs["end"])
        if errors:
            names = {"start": "from", "end": "to"}
            raise serializers.ValidationError({names[k]: [v] for k, v in errors.items()})
        return attrs


class SplitReactionTimesQuery(ReactionTimesQuery):
    # By the child's sex or age band (followup.splits); empty: no split.
    split = serializers.ChoiceField(choices=["", *SPLITS], default="", required=False)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        attrs["split"] = attrs.get("split") or None
        return attrs


SPLIT_PARAMETER = OpenApiParameter(
    "split",
    str,
    enum=list(SPLITS),
    description=(
        "Split each group's row into parts: `sex` (field `sex`: female, male, unknown) or "
        "`age_band` (field `age_band`: the band, e.g. `0-6`, `65-`, or unknown); each group's "
        'row (the field null) is followed by its parts\' rows. Parts of 1–4 children are "<5", '
        "and when exactly one part of a group is, another is too."
    ),
)


class ReactionTimesView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, description="YYYY-MM-DD"),
            OpenApiParameter("by", str, enum=["district", "area"]),
            SPLIT_PARAMETER,
        ],
        responses={200: dict, **problems(400, 401, 404)},
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        policy.require(policy.may_follow_up(user))
        rows = selectors.reaction_times(
            user=user, **validated(SplitReactionTimesQuery, request, query=True)
        )
        return Response({"rows": rows})


class BudgetQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class BudgetView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: dict, **problems(400, 401, 404)},
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        policy.require(policy.may_see_budget(user))
        year = validated(BudgetQuery, request, query=True)["year"]
        rows = selectors.budget_outcome(user=user, year=year)
        lines = [
            {
                "programme": row.programme,
                "district": row.district,
                "base": row.base,
                "change": row.change,
                "change_percent": float(row.change_percent)
                if row.change_percent is not None
                else None,
                # base + change; null where the base is unknown
                "allocation": row.allocation,
                # what the money is compared with: "programme", "funded_interventions",
                # "staff_and_interventions" or null
                "compared_with": row.compared or None,
                "actual": row.actual,
                "deviation": row.deviation,
                # The parts of "actual": the estimated staff cost (median monthly salary ×
                # employees × 12 × (1 + employer's contributions), never suppressed) and the
                # recorded cost of interventions ("<5" when built from too few children).
                "staff_cost": row.staff_cost,
                "intervention_cost": row.intervention_cost,
                # Why the line is not compared: "no_staff_figures", "salary_missing",
                # "no_contribution_rate", "costs_incomplete", "nothing_funded"; null if compared
                "not_compared_reason": row.not_compared_reason or None,
            }
            for row in rows
        ]
        return Response({"lines": lines})
