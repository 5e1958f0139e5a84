"""The care flow's action forms on the case page. Each gets its record through the policy (an
invisible case or placement: 404) and runs one service through `case_page.case_action` (400, 403,
409 as on every case page action)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skyddsnat.care import forms, selectors, services
from skyddsnat.cases import policy
from skyddsnat.cases.views.case_page import case_action
from skyddsnat.organisation.requests import AuthenticatedRequest


def _case(request: AuthenticatedRequest, case_id: int):  # type: ignore[no-untyped-def]
    policy.require(policy.works_with_cases(request.user))
    return policy.get_case_for_user(request.user, case_id)


def _run(
    request: AuthenticatedRequest,
    case: Any,
    name: str,
    form: Any,
    call: Callable[[Any, dict], object],
    success: str,
) -> HttpResponse:
    return case_action(
        request, case.pk, case=case, name=name, form=form, call=call, success=success
    )


@login_required
@require_POST
def custody_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _run(
        request,
        case,
        "lvu_custody",
        forms.CustodyForm(request.POST),
        lambda case, data: services.custody_decide(user=request.user, case=case, **data),
        _("The immediate custody was recorded."),
    )


@login_required
@require_POST
def custody_carried_out(
    request: AuthenticatedRequest, case_id: int, custody_id: int
) -> HttpResponse:
    case = _case(request, case_id)
    custody = selectors.get_custody_for_case(case, custody_id)
    return _run(
        request,
        case,
        "lvu_carried_out",
        forms.CarriedOutForm(request.POST),
        lambda case, data: services.custody_carried_out(user=request.user, custody=custody, **data),
        _("The day the custody was carried out was recorded."),
    )


def _limit(limit: str, name: str, success: Any):  # type: ignore[no-untyped-def]
    @login_required
    @require_POST
    def view(request: AuthenticatedRequest, case_id: int, custody_id: int) -> HttpResponse:
        case = _case(request, case_id)
        custody = selectors.get_custody_for_case(case, custody_id)
        return _run(
            request,
            case,
            name,
            forms.LimitDoneForm(request.POST),
            lambda case, data: services.custody_limit_done(
                user=request.user, custody=custody, limit=limit, **data
            ),
            str(success),
        )

    return view


custody_court = _limit(
    "court", "lvu_court", gettext_lazy("The submission to the court was recorded.")
)
custody_application = _limit(
    "application", "lvu_application", gettext_lazy("The application for care was recorded.")
)


@login_required
@require_POST
def custody_extension(request: AuthenticatedRequest, case_id: int, custody_id: int) -> HttpResponse:
    case = _case(request, case_id)
    custody = selectors.get_custody_for_case(case, custody_id)
    return _run(
        request,
        case,
        "lvu_extension",
        forms.CourtExtensionForm(request.POST),
        lambda case, data: services.custody_extend(user=request.user, custody=custody, **data),
        _("The court's extension was recorded."),
    )


@login_required
@require_POST
def care_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _run(
        request,
        case,
        "lvu_care",
        forms.CareForm(request.POST),
        lambda case, data: services.care_record(user=request.user, case=case, **data),
        _("The care under LVU was recorded."),
    )


@login_required
@require_POST
def review_create(
    request: AuthenticatedRequest, case_id: int, intervention_id: int
) -> HttpResponse:
    case = _case(request, case_id)
    care = selectors.get_care_for_case(case, intervention_id)
    return _run(
        request,
        case,
        "lvu_review",
        forms.LvuReviewForm(request.POST),
        lambda case, data: services.lvu_review_record(user=request.user, intervention=care, **data),
        _("The decision on the care was recorded."),
    )


@login_required
@require_POST
def placement_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return _run(
        request,
        case,
        "placement",
        forms.PlacementCreateForm(request.POST, unit_id=case.unit_id),
        lambda case, data: services.placement_create(user=request.user, case=case, **data),
        _("The placement was recorded."),
    )


def _placement_action(name: str, form_class: Any, service: Any, success: Any, **extra: Any):  # type: ignore[no-untyped-def]
    @login_required
    @require_POST
    def view(request: AuthenticatedRequest, case_id: int, placement_id: int) -> HttpResponse:
        case = _case(request, case_id)
        placement = selectors.get_placement_for_user(request.user, placement_id)
        if placement.case_id != case.pk:
            raise selectors.Http404
        kwargs = {"unit_id": case.unit_id} if extra.get("unit") else {}
        return _run(
            request,
            case,
            name,
            form_class(request.POST, **kwargs),
            lambda case, data: service(user=request.user, placement=placement, **data),
            str(success),
        )

    return view


placement_move = _placement_action(
    "placement_move",
    forms.PlacementMoveForm,
    services.placement_move,
    gettext_lazy("The move was recorded."),
)
placement_end = _placement_action(
    "placement_end",
    forms.PlacementEndForm,
    services.placement_end,
    gettext_lazy("The placement was ended."),
)
placement_plan = _placement_action(
    "placement_plan",
    forms.PlanForm,
    services.placement_plan_record,
    gettext_lazy("The plan was recorded."),
)
placement_visit = _placement_action(
    "placement_visit",
    forms.VisitForm,
    services.placement_visit_record,
    gettext_lazy("The visit was recorded."),
)
placement_review = _placement_action(
    "placement_review",
    forms.PlacementReviewForm,
    services.placement_review_record,
    gettext_lazy("The decision on the placement was recorded."),
)
placement_worker = _placement_action(
    "placement_worker",
    forms.SocialWorkerForm,
    services.placement_social_worker_assign,
    gettext_lazy("The child's social worker was designated."),
    unit=True,
)
