"""The page of a granted decision waiting past (or near) its implementation limit: the reason
for the delay, its consequences, offers made, support meanwhile, and closure for other reasons
(LSS 28 f–h §§), as the quarterly report to IVO asks them (services.delays)."""

from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from skyddsnat.audit.services import audit_log
from skyddsnat.cases.actions import form_action
from skyddsnat.cases.models import Decision
from skyddsnat.lss import forms, implementation, selectors, services
from skyddsnat.lss.models import DelayOfferAnswer, ImplementationDelay
from skyddsnat.lss.views.applications import _application_of, require_lss
from skyddsnat.organisation.requests import AuthenticatedRequest


def _delay_of(decision: Decision) -> ImplementationDelay | None:
    return (
        ImplementationDelay.objects.filter(decision=decision)
        .select_related("updated_by")
        .prefetch_related("offers")
        .first()
    )


def _render(
    request: AuthenticatedRequest,
    decision: Decision,
    bound: dict[str, django_forms.Form],
    status: int = 200,
) -> HttpResponse:
    application = _application_of(decision.case)
    delay = _delay_of(decision)
    today = timezone.localdate()
    due = implementation.implementation_rule().due_from(decision.decided_on)
    implemented = decision.interventions.exists()
    initial: dict[str, Any] = {}
    if delay is not None:
        initial = {
            f: getattr(delay, f)
            for f in ("reason", "reason_text", "consequences", "support_kind", "support_text")
        }
    audit_log(
        user=request.user,
        action="lss.implementation_delay.read",
        person_id=decision.case.person_id,
        case_id=decision.case_id,
        decision=decision.pk,
    )
    context = {
        "decision": decision,
        "case": decision.case,
        "person": decision.case.person,
        "application": application,
        "delay": delay,
        "due": due,
        "late": implementation.is_late(due, today),
        "implemented": implemented,
        "open": not implemented and (delay is None or not delay.is_closed),
        "form": bound.get("delay") or forms.DelayForm(initial=initial),
        "offer_form": bound.get("offer")
        or forms.DelayOfferForm(initial={"offered_on": today, "answer": DelayOfferAnswer.PENDING}),
        "version": decision.case.version,
    }
    return render(request, "lss/implementation_delay.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def implementation_delay(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    require_lss(request)
    decision = selectors.get_decision_for_user(request.user, decision_id)
    _application_of(decision.case)
    if request.method != "POST":
        return _render(request, decision, {})
    form = forms.DelayForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.implementation_delay_record(
            user=request.user,
            decision=decision,
            **data,
        ),
        case=decision.case,
        success=_("The delay was recorded."),
        redirect_to=reverse("lss-implementation-delay", args=[decision.pk]),
        failed=lambda form, status: _render(request, decision, {"delay": form}, status),
    )


@login_required
@require_POST
def implementation_delay_offer(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    require_lss(request)
    decision = selectors.get_decision_for_user(request.user, decision_id)
    _application_of(decision.case)
    form = forms.DelayOfferForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.implementation_delay_offer(
            user=request.user, decision=decision, **data
        ),
        case=decision.case,
        success=_("The offer was recorded."),
        redirect_to=reverse("lss-implementation-delay", args=[decision.pk]),
        failed=lambda form, status: _render(request, decision, {"offer": form}, status),
    )
