"""The application pages: the list, registering one, and the application page with its action
forms (eligibility, a decision per requested intervention, implementation, interruptions,
appeals). The decision letters are the letters app's (`registry`: it adds them to the page)."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action
from skyddsnat.cases.models import Case, Outcome
from skyddsnat.lib import identity
from skyddsnat.lss import forms, implementation, registry, selectors, services
from skyddsnat.lss.models import Application
from skyddsnat.organisation.models import DecisionType, Role, User
from skyddsnat.organisation.requests import AuthenticatedRequest


def require_lss(request: AuthenticatedRequest) -> None:
    """The LSS pages are an area of LSS staff: any other role gets 404 (policy)."""
    policy.require(policy.is_lss_staff(request.user))


@login_required
@require_safe
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    require_lss(request)
    form = forms.ApplicationListForm(request.GET)
    page = selectors.applications_page(user=request.user, params=request.GET, **form.filters())
    return render(
        request,
        "lss/application_list.html",
        {
            "applications": page.object_list,
            "page": page,
            "form": form,
            "filtered": form.filtered(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_create(request: AuthenticatedRequest) -> HttpResponse:
    require_lss(request)
    if request.method != "POST":
        unit = request.user.unit
        form = forms.ApplicationForm(
            initial={
                "district": unit.district_id if unit else None,
                "received_on": timezone.localdate(),
                "applicant_role": "person",
            }
        )
        return render(request, "lss/application_form.html", {"form": form})

    def registered(application: Application) -> HttpResponse:
        if policy.may_see_case(request.user, application.case):
            messages.success(
                request,
                _("The application was registered on %(case)s.") % {"case": application.case},
            )
            return redirect("lss-application-detail", application_id=application.pk)
        # Another district's unit: only what was sent and where it went, never the case or what
        # is stored about the person.
        data = form.cleaned_data
        messages.success(
            request,
            _("The application for %(first_name)s %(last_name)s (%(number)s) was sent to %(unit)s.")
            % {**identity.as_typed(data), "unit": application.case.unit.name},
        )
        return redirect("lss-application-create")

    form = forms.ApplicationForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.application_register(user=request.user, **form.service_kwargs()),
        redirect_to=registered,
        failed=lambda form, status: render(
            request, "lss/application_form.html", {"form": form}, status=status
        ),
    )


def _undecided_row(
    user: User, req: Any, bound: dict[str, django_forms.Form], today: Any
) -> dict[str, Any]:
    """A request not yet decided: the decision form to one whose delegation covers it (filled in
    from a prepared decision), "send to …" to anyone else (issue 9 point 7)."""
    referral = getattr(req, "referral", None)
    row: dict[str, Any] = {"request": req, "decision": None, "referral": referral}
    itype = req.intervention_type
    initial: dict[str, Any] = {"decided_on": today, "scope_unit": itype.lss_rule.scope_unit}
    if policy.may_decide(user, DecisionType.INTERVENTION, itype):
        if referral is not None:
            initial |= {
                "outcome": referral.proposed_outcome,
                "scope_amount": referral.scope_amount,
                "scope_unit": referral.scope_unit,
                "valid_from": referral.valid_from,
                "valid_to": referral.valid_to,
                "reason": referral.reason,
            }
        row["form"] = bound.get(f"decide-{req.pk}") or forms.LssDecisionForm(
            initial=initial, prefix=f"d{req.pk}"
        )
    elif referral is None:
        role = policy.deciding_role(DecisionType.INTERVENTION, itype)
        row["refer_to"] = Role(role).label if role else ""
        row["refer_form"] = role and (
            bound.get(f"refer-{req.pk}")
            or forms.LssReferralForm(initial=initial, prefix=f"p{req.pk}")
        )
    return row


def _request_row(
    user: User, req: Any, bound: dict[str, django_forms.Form], today: Any, rule: Any
) -> dict[str, Any]:
    """One requested intervention on the application page, with the form its state offers."""
    decision = req.decision
    if decision is None:
        return _undecided_row(user, req, bound, today)
    row: dict[str, Any] = {"request": req, "decision": decision}
    interventions = list(decision.interventions.all())
    row["intervention"] = interventions[0] if interventions else None
    row["appeals"] = [
        (a, bound.get(f"outcome-{a.pk}") or forms.AppealOutcomeForm(prefix=f"o{a.pk}"))
        for a in decision.lss_appeals.all()
    ]
    row["appeal_form"] = bound.get(f"appeal-{decision.pk}") or forms.AppealForm(
        prefix=f"a{decision.pk}"
    )
    if decision.outcome != Outcome.GRANT:
        return row
    row["due"] = rule.due_from(decision.decided_on)
    row["queue_entry"] = getattr(decision, "queue_entry", None)
    intervention = row["intervention"]
    if intervention is None:
        row["implement_form"] = bound.get(f"implement-{decision.pk}") or forms.ImplementationForm(
            initial={"started_on": today, "provider_kind": "own"}, prefix=f"i{decision.pk}"
        )
        return row
    stops = list(intervention.lss_interruptions.all())
    row["interruptions"] = [
        (
            s,
            s.ends_on is None
            and (bound.get(f"resume-{s.pk}") or forms.InterruptionEndForm(prefix=f"r{s.pk}")),
            rule.due_from(s.starts_on),
        )
        for s in stops
    ]
    if not any(s.ends_on is None for s in stops):
        row["interrupt_form"] = bound.get(f"interrupt-{intervention.pk}") or forms.InterruptionForm(
            prefix=f"s{intervention.pk}"
        )
    return row


def _render_detail(
    request: AuthenticatedRequest,
    application_id: int,
    bound: dict[str, django_forms.Form],
    status: int = 200,
) -> HttpResponse:
    """The application page; `bound` carries a failed form with its errors and posted values."""
    application = selectors.application_detail(user=request.user, application_id=application_id)
    today = timezone.localdate()
    eligibility = getattr(application, "eligibility", None)
    rule = implementation.implementation_rule()
    requests = [
        _request_row(request.user, req, bound, today, rule) for req in application.requests.all()
    ]
    for part in registry.decision_parts():
        part(request.user, application, requests, bound)
    person = application.case.person
    context = {
        "application": application,
        "case": application.case,
        "person": person,
        "show_address": policy.may_see_address(request.user, person),
        "eligibility": eligibility,
        "eligibility_form": bound.get("eligibility")
        or forms.EligibilityForm(
            initial={
                "assessed_on": today,
                "group": str(eligibility.group or "") if eligibility else None,
                "reasoning": eligibility.reasoning if eligibility else "",
            }
        ),
        "may_assess": not any(r["decision"] for r in requests),
        # Posted back by every form of the page: a post based on an older view is refused (409).
        "version": application.case.version,
        "requests": requests,
        "today": today,
    }
    return render(request, "lss/application_detail.html", context, status=status)


@login_required
@require_safe
def application_detail(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    require_lss(request)
    return _render_detail(request, application_id, {})


def _application_action(
    request: AuthenticatedRequest,
    application: Application,
    *,
    key: str,
    form: django_forms.Form,
    call: Callable[[dict], Any],
    success: str,
) -> HttpResponse:
    """An action form of the application page (`key` names it there): the write locks the case
    and is refused (409) when the page showed an older version of it."""
    return form_action(
        request,
        form,
        call,
        case=application.case_id,
        success=success,
        redirect_to=reverse("lss-application-detail", args=[application.pk]),
        failed=lambda form, status: _render_detail(request, application.pk, {key: form}, status),
    )


def _application_of(case: Case) -> Application:
    """The application of an LSS case; a record of another kind of case is not found here."""
    application = getattr(case, "lss_application", None)
    if application is None:
        raise Http404
    return application


@login_required
@require_POST
def eligibility_assess(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    require_lss(request)
    application = selectors.application_detail(user=request.user, application_id=application_id)
    form = forms.EligibilityForm(request.POST)
    return _application_action(
        request,
        application,
        key="eligibility",
        form=form,
        call=lambda data: services.eligibility_assess(
            user=request.user, application=application, **form.service_kwargs()
        ),
        success=_("The eligibility group was recorded."),
    )


def application_action(
    *,
    find: Callable[[User, int], Any],
    form_class: type[django_forms.Form],
    key: str,
    prefix: str,
    perform: Callable[[User, Any, dict[str, Any]], Any],
    success: str | Promise,
    application_of: Callable[[Any], Application] = lambda record: _application_of(record.case),
) -> Callable[..., HttpResponse]:
    """The view of an action form of the application page, posted for one record: `find(user,
    id)` gets the record the address names (404 when not visible), `application_of(record)` its
    application; the form is `form_class` prefixed `<prefix><record id>` (the page shows it under
    `<key>-<record id>`), and `perform(user, record, data)` is the one service call."""

    @login_required
    @require_POST
    def view(request: AuthenticatedRequest, **url_kwargs: int) -> HttpResponse:
        require_lss(request)
        (record_id,) = url_kwargs.values()
        record = find(request.user, record_id)
        return _application_action(
            request,
            application_of(record),
            key=f"{key}-{record.pk}",
            form=form_class(request.POST, prefix=f"{prefix}{record.pk}"),
            call=lambda data: perform(request.user, record, data),
            success=str(success),
        )

    return view


decision_create = application_action(
    find=selectors.get_request_for_user,
    application_of=lambda req: req.application,
    form_class=forms.LssDecisionForm,
    key="decide",
    prefix="d",
    perform=lambda user, req, data: services.decision_record(user=user, request=req, **data),
    success=gettext_lazy("The LSS decision was recorded."),
)
decision_refer = application_action(
    find=selectors.get_request_for_user,
    application_of=lambda req: req.application,
    form_class=forms.LssReferralForm,
    key="refer",
    prefix="p",
    perform=lambda user, req, data: services.decision_refer(user=user, request=req, **data),
    success=gettext_lazy("The prepared decision was sent to the one who may take it."),
)
implementation_create = application_action(
    find=selectors.get_decision_for_user,
    form_class=forms.ImplementationForm,
    key="implement",
    prefix="i",
    perform=lambda user, decision, data: services.implementation_record(
        user=user, decision=decision, **data
    ),
    success=gettext_lazy("The implementation was recorded."),
)
appeal_create = application_action(
    find=selectors.get_decision_for_user,
    form_class=forms.AppealForm,
    key="appeal",
    prefix="a",
    perform=lambda user, decision, data: services.appeal_register(
        user=user, decision=decision, **data
    ),
    success=gettext_lazy("The appeal was recorded."),
)
appeal_outcome = application_action(
    find=selectors.get_appeal_for_user,
    application_of=lambda appeal: _application_of(appeal.decision.case),
    form_class=forms.AppealOutcomeForm,
    key="outcome",
    prefix="o",
    perform=lambda user, appeal, data: services.appeal_outcome_record(
        user=user, appeal=appeal, **data
    ),
    success=gettext_lazy("The court's outcome was recorded."),
)
interruption_create = application_action(
    find=selectors.get_intervention_for_user,
    form_class=forms.InterruptionForm,
    key="interrupt",
    prefix="s",
    perform=lambda user, intervention, data: services.interruption_start(
        user=user, intervention=intervention, **data
    ),
    success=gettext_lazy("The interruption was recorded."),
)
interruption_end = application_action(
    find=selectors.get_interruption_for_user,
    application_of=lambda interruption: _application_of(interruption.intervention.case),
    form_class=forms.InterruptionEndForm,
    key="resume",
    prefix="r",
    perform=lambda user, interruption, data: services.interruption_end(
        user=user, interruption=interruption, **data
    ),
    success=gettext_lazy("The intervention was recorded as resumed."),
)
