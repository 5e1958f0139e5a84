"""The care flow's part of the case page: the LVU section (custody and its limits, whether it has
lapsed, care and its decisions) and the placements (moves, plans, visits, reviews), with the
action forms the user may use. An LVU decision is offered only to whom the delegation order gives
it (organisation migration 0004), never as a form that fails on submit."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from skyddsnat.care import forms
from skyddsnat.care.selectors import care_state
from skyddsnat.care.services.lvu import CARE_CODES, CUSTODY_CODE
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseKind, InterventionType
from skyddsnat.cases.registry import CasePage, TimelineItem
from skyddsnat.organisation.models import DecisionType

KINDS = frozenset({CaseKind.CHILDREN})


def _may_decide(page: CasePage, code: str) -> bool:
    itype = InterventionType.objects.filter(code=code).first()
    return itype is not None and policy.may_decide(page.user, DecisionType.INTERVENTION, itype)


def case_page_part(page: CasePage) -> None:
    case, bound, today = page.case, page.bound, page.today
    state = care_state(case, today=today)
    page.context["care"] = state
    if not case.is_open:
        return
    f = page.forms
    custody = state.ongoing_custody
    if custody is None and _may_decide(page, CUSTODY_CODE):
        f["lvu_custody"] = bound.get("lvu_custody") or forms.CustodyForm(
            initial={"decided_on": today}
        )
    if custody is not None:
        if custody.carried_out_on is None:
            f["lvu_carried_out"] = bound.get("lvu_carried_out") or forms.CarriedOutForm(
                initial={"carried_out_on": today}
            )
        if custody.court_deadline.done_at is None:
            f["lvu_court"] = bound.get("lvu_court") or forms.LimitDoneForm(
                initial={"done_on": today}
            )
        application = custody.application_deadline
        if application is not None and application.done_at is None:
            f["lvu_application"] = bound.get("lvu_application") or forms.LimitDoneForm(
                initial={"done_on": today}
            )
            f["lvu_extension"] = bound.get("lvu_extension") or forms.CourtExtensionForm(
                initial={"decided_on": today}
            )
    care = state.ongoing_care
    if care is None and any(_may_decide(page, code) for code in CARE_CODES.values()):
        f["lvu_care"] = bound.get("lvu_care") or forms.CareForm(initial={"decided_on": today})
    if care is not None and _may_decide(page, care.intervention_type.code):
        f["lvu_review"] = bound.get("lvu_review") or forms.LvuReviewForm(
            initial={"decided_on": today}
        )
    placement = state.active_placement
    unit_id = case.unit_id
    if placement is None:
        f["placement"] = bound.get("placement") or forms.PlacementCreateForm(
            unit_id=unit_id, initial={"started_on": today}
        )
    else:
        f["placement_visit"] = bound.get("placement_visit") or forms.VisitForm(
            initial={"visited_on": today}
        )
        f["placement_plan"] = bound.get("placement_plan") or forms.PlanForm(
            initial={"drawn_up_on": today}
        )
        f["placement_review"] = bound.get("placement_review") or forms.PlacementReviewForm(
            initial={"decided_on": today}
        )
        f["placement_move"] = bound.get("placement_move") or forms.PlacementMoveForm(
            initial={"moved_on": today}
        )
        f["placement_end"] = bound.get("placement_end") or forms.PlacementEndForm(
            initial={"ended_on": today}
        )
        f["placement_worker"] = bound.get("placement_worker") or forms.SocialWorkerForm(
            unit_id=unit_id
        )


def timeline_part(case: Case) -> Iterator[TimelineItem]:
    """The LVU events and placements on the case's timeline."""
    state = care_state(case, today=case.opened_at.date())
    for custody in state.custodies:
        yield TimelineItem(
            day=custody.decided_on,
            time=None,
            kind="lvu",
            title=_("Immediate custody decided (LVU 6 §), %(stage)s")
            % {"stage": custody.get_stage_display()},
            body=custody.decision.reason,
        )
        if custody.carried_out_on:
            yield TimelineItem(
                day=custody.carried_out_on,
                time=None,
                kind="lvu",
                title=_("Immediate custody carried out"),
            )
    for review in state.reviews:
        yield TimelineItem(
            day=review.decided_on,
            time=None,
            kind="lvu",
            title=f"{review.get_kind_display()}: {review.get_outcome_display()}".capitalize(),
            body=review.reason,
        )
    for placement in state.placements:
        yield TimelineItem(
            day=placement.started_on,
            time=None,
            kind="placement",
            title=_("Placed: %(form)s, %(provider)s")
            % {"form": placement.get_form_display(), "provider": placement.provider},
        )
        for visit in placement.visits.all():
            yield TimelineItem(
                day=visit.visited_on,
                time=None,
                kind="placement",
                title=visit.get_kind_display().capitalize(),
                body=visit.note,
            )
