""" "Beslut att fatta": the decisions sent to the user's role (issue 9 point 7), each with the
form to decide it. The unit manager decides under their own delegation line, with the ordinary
services."""

from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.cases import forms, policy, selectors, services
from skyddsnat.cases.actions import form_action, unplaced_errors
from skyddsnat.cases.models import Referral
from skyddsnat.organisation.models import DecisionType
from skyddsnat.organisation.requests import AuthenticatedRequest


def _decide_form(referral: Referral, data: object = None) -> forms.ReferralDecideForm:
    extension = referral.decision_type == DecisionType.EXTEND_INVESTIGATION
    return forms.ReferralDecideForm(
        data,  # type: ignore[arg-type]
        extension=extension,
        prefix=f"r{referral.pk}",
        initial={"new_due": referral.proposed_due, "outcome": referral.proposed_outcome},
    )


def _render(
    request: AuthenticatedRequest,
    bound: dict[str, django_forms.Form],
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    items: list[dict[str, Any]] = []
    for referral in selectors.referral_queue(user=request.user):
        investigation = getattr(referral.case, "investigation", None)
        deadline = investigation.deadline if investigation is not None else None
        items.append(
            {
                "referral": referral,
                "due": deadline.due if deadline is not None else None,
                "days_left": (deadline.due - today).days if deadline is not None else None,
                "form": bound.get(f"r{referral.pk}") or _decide_form(referral),
            }
        )
    unplaced_errors(request, bound, {f"r{i['referral'].pk}" for i in items})  # type: ignore[union-attr]
    return render(request, "cases/referrals.html", {"items": items}, status=status)


@login_required
@require_safe
def referral_list(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.may_decide_referrals(request.user))
    return _render(request, {})


@login_required
@require_POST
def referral_decide(request: AuthenticatedRequest, referral_id: int) -> HttpResponse:
    policy.require(policy.may_decide_referrals(request.user))
    referral = selectors.get_referral_for_user(request.user, referral_id)
    return form_action(
        request,
        _decide_form(referral, request.POST),
        lambda data: services.referral_decide(user=request.user, referral=referral, **data),
        case=referral.case_id,
        success=_("The decision was recorded."),
        redirect_to=reverse("cases-referrals"),
        failed=lambda form, status: _render(request, {f"r{referral.pk}": form}, status),
    )
