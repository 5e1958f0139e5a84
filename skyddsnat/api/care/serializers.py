"""Serializers of the care API: LVU as events on a case and placements. They validate and
convert; the rules are the care services'."""

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skyddsnat.api.serializers import CaseWriteResultSerializer
from skyddsnat.api.serializers.fields import LineField, PastDateField, PlannedDateField, TextField
from skyddsnat.care.models import (
    REGISTER_BASIS,
    LvuSection,
    PlacementBasis,
    PlacementEnd,
    PlacementForm,
    PlacementReviewKind,
    PlanKind,
    ReviewOutcome,
    VisitKind,
)
from skyddsnat.organisation.models import User


class _Deadline(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    starts_on = serializers.DateField()
    original_due = serializers.DateField()
    due = serializers.DateField(help_text="Moved by the court's extension, if any.")
    done_at = serializers.DateTimeField(allow_null=True)


class CustodySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    section = serializers.CharField(help_text="`2` or `3`: the ground under LVU.")
    stage = serializers.CharField(
        help_text="Where the case stood: `report`, `pre_assessment`, `investigation`, "
        "`intervention`."
    )
    decided_on = serializers.DateField()
    carried_out_on = serializers.DateField(allow_null=True)
    court_submission = _Deadline(source="court_deadline", help_text="LVU 7 §.")
    care_application = _Deadline(
        source="application_deadline", allow_null=True, help_text="LVU 8 §."
    )
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    lapsed = serializers.SerializerMethodField(
        help_text="True when a limit passed undone: the custody has lapsed (LVU 9 §)."
    )
    lapsed_on = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_lapsed(self, custody: Any) -> bool:
        return custody.lapsed_on(self.context.get("today") or timezone.localdate()) is not None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_lapsed_on(self, custody: Any) -> str | None:
        day = custody.lapsed_on(self.context.get("today") or timezone.localdate())
        return day.isoformat() if day else None


class CareSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    intervention_type = serializers.CharField(source="intervention_type.code")
    decided_on = serializers.DateField(source="decision.decided_on")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class LvuReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    intervention_id = serializers.IntegerField()
    kind = serializers.CharField()
    decided_on = serializers.DateField()
    outcome = serializers.CharField()
    reason = serializers.CharField()
    appealable = serializers.BooleanField(help_text="A review under 3 § may be appealed.")
    decided_by = serializers.CharField(source="decided_by.username")
    delegation = serializers.CharField(source="delegation.code")


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    drawn_up_on = serializers.DateField()
    text = serializers.CharField()


class VisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    visited_on = serializers.DateField()
    child_alone = serializers.BooleanField()
    note = serializers.CharField()


class PlacementReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    decided_on = serializers.DateField()
    reason = serializers.CharField()


class PlacementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    form = serializers.CharField()
    provider = serializers.CharField()
    basis = serializers.CharField()
    legal_basis = serializers.SerializerMethodField(
        help_text="As the national register writes it: `SoL`, `LVU 2 §`, `LVU 3 §`, `LVU 6 §`."
    )
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    moved_from_id = serializers.IntegerField(allow_null=True)
    social_worker = serializers.SerializerMethodField()
    plans = PlanSerializer(many=True, source="plans.all")
    visits = VisitSerializer(many=True, source="visits.all")
    reviews = PlacementReviewSerializer(many=True, source="reviews.all")

    @extend_schema_field(OpenApiTypes.STR)
    def get_legal_basis(self, placement: Any) -> str:
        return REGISTER_BASIS[placement.basis]

    @extend_schema_field(OpenApiTypes.STR)
    def get_social_worker(self, placement: Any) -> str | None:
        worker = placement.social_worker
        return worker.get_username() if worker else None


class LvuStateSerializer(serializers.Serializer):
    custodies = CustodySerializer(many=True)
    care = CareSerializer(many=True)
    reviews = LvuReviewSerializer(many=True)
    placements = PlacementSerializer(many=True)


# ----- inputs ------------------------------------------------------------------------------------


class CustodyInputSerializer(serializers.Serializer):
    decided_on = PastDateField()
    section = serializers.ChoiceField(choices=LvuSection.choices)
    reason = TextField()


class CarriedOutInputSerializer(serializers.Serializer):
    carried_out_on = PastDateField(help_text="The application for care is due 4 weeks later.")


class LimitDoneInputSerializer(serializers.Serializer):
    done_on = PastDateField()
    note = TextField(required=False, allow_blank=True, help_text="E.g. the court's case number.")


class CourtExtensionInputSerializer(serializers.Serializer):
    decided_on = PastDateField(help_text="The court's decision; before the limit ran out.")
    new_due = PlannedDateField()
    reason = TextField()


class CareInputSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=LvuSection.choices)
    decided_on = PastDateField(help_text="The court's decision on care.")
    started_on = PastDateField(help_text="The day care began (LVU 13 § counts from it).")
    reason = TextField()


class LvuReviewInputSerializer(serializers.Serializer):
    decided_on = PastDateField()
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    reason = TextField()


class _StaffField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="username", queryset=User.objects.all(), **kwargs)


class PlacementInputSerializer(serializers.Serializer):
    case_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    form = serializers.ChoiceField(choices=PlacementForm.choices)
    provider = LineField()
    basis = serializers.ChoiceField(choices=PlacementBasis.choices)
    started_on = PastDateField()
    social_worker = _StaffField(required=False, allow_null=True, help_text="A username.")


class PlacementMoveInputSerializer(serializers.Serializer):
    moved_on = PastDateField()
    form = serializers.ChoiceField(choices=PlacementForm.choices)
    provider = LineField()
    basis = serializers.ChoiceField(
        choices=PlacementBasis.choices, required=False, help_text="Default: unchanged."
    )


class PlacementEndInputSerializer(serializers.Serializer):
    ended_on = PastDateField()
    reason = serializers.ChoiceField(
        choices=[c for c in PlacementEnd.choices if c[0] != PlacementEnd.MOVED]
    )


class PlanInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    drawn_up_on = PastDateField()
    text = TextField()


class VisitInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    visited_on = PastDateField()
    child_alone = serializers.BooleanField(required=False, default=False)
    note = TextField()


class PlacementReviewInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlacementReviewKind.choices)
    decided_on = PastDateField()
    reason = TextField()


class SocialWorkerInputSerializer(serializers.Serializer):
    social_worker = _StaffField(help_text="A username of the case's unit.")


# ----- results of writes on a case ---------------------------------------------------------------


class CustodyCreatedSerializer(CaseWriteResultSerializer):
    custody = serializers.SerializerMethodField()

    @extend_schema_field(CustodySerializer)
    def get_custody(self, custody: Any) -> dict:
        return dict(CustodySerializer(custody, context=self.context).data)


class CareCreatedSerializer(CaseWriteResultSerializer, CareSerializer):
    pass


class LvuReviewCreatedSerializer(CaseWriteResultSerializer, LvuReviewSerializer):
    pass
