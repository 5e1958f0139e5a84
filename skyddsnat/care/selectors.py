"""Reads of the care flow for a case the caller already got through `policy.get_case_for_user`:
LVU (custodies with whether they have lapsed, care, reviews) and placements, each with its
relations fetched in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from skyddsnat.care.models import ImmediateCustody, LvuReview, Placement
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, Deadline, Intervention
from skyddsnat.organisation.models import User

LVU_CARE_CODES = ("lvu-care-2", "lvu-care-3")


@dataclass
class CareState:
    custodies: list[ImmediateCustody]
    care: list[Intervention]
    reviews: list[LvuReview]
    placements: list[Placement]
    today: dt.date

    @property
    def ongoing_custody(self) -> ImmediateCustody | None:
        return next((c for c in self.custodies if c.ended_on is None), None)

    @property
    def ongoing_care(self) -> Intervention | None:
        return next((i for i in self.care if i.ended_on is None), None)

    @property
    def active_placement(self) -> Placement | None:
        return next((p for p in self.placements if p.ended_on is None), None)

    def lapsed(self) -> list[tuple[ImmediateCustody, dt.date]]:
        """Custodies that lapsed (LVU 9 §) because a limit passed undone."""
        return [(c, day) for c in self.custodies if (day := c.lapsed_on(self.today))]

    def overdue_visits(self) -> list[Deadline]:
        return [
            link.deadline
            for p in self.placements
            for link in p.deadlines.all()
            if link.deadline.kind == "placement_visit" and link.deadline.is_overdue(self.today)
        ]


def care_state(case: Case, *, today: dt.date) -> CareState:
    custodies = list(
        ImmediateCustody.objects.filter(case=case).select_related(
            "court_deadline", "application_deadline", "decision"
        )
    )
    care = list(
        Intervention.objects.filter(case=case, intervention_type__code__in=LVU_CARE_CODES)
        .select_related("intervention_type", "decision")
        .order_by("started_on", "pk")
    )
    reviews = list(LvuReview.objects.filter(case=case).select_related("decided_by"))
    placements = list(
        Placement.objects.filter(case=case)
        .select_related("social_worker", "moved_from")
        .prefetch_related(
            "plans",
            "visits",
            "reviews",
            Prefetch("deadlines__deadline", queryset=Deadline.objects.all()),
        )
    )
    return CareState(
        custodies=custodies, care=care, reviews=reviews, placements=placements, today=today
    )


def get_placement_for_user(user: User, placement_id: int) -> Placement:
    """A placement on a case the user sees, or 404 like a placement that does not exist (the
    refused look is logged by `get_case_for_user`)."""
    case_id = Placement.objects.filter(pk=placement_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    case = policy.get_case_for_user(user, case_id)
    placement = Placement.objects.select_related("case__person").get(pk=placement_id)
    placement.case = case
    return placement


def get_custody_for_case(case: Case, custody_id: int) -> ImmediateCustody:
    custody = ImmediateCustody.objects.filter(case=case, pk=custody_id).first()
    if custody is None:
        raise Http404
    custody.case = case
    return custody


def get_care_for_case(case: Case, intervention_id: int) -> Intervention:
    care = Intervention.objects.filter(
        case=case, pk=intervention_id, intervention_type__code__in=LVU_CARE_CODES
    ).first()
    if care is None:
        raise Http404
    care.case = case
    return care
