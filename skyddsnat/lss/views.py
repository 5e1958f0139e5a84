"""LSS pages: applications, the application page with its action forms, decisions to implement,
the queue, the quarterly report of decisions not implemented in time, letters and statistics.

Views are thin: they check the role (404 otherwise), get records through the selectors (404 when
not visible), convert the form and call one service.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skyddsnat.cases.forms import apply_service_errors
from skyddsnat.cases.models import Decision, Outcome
from skyddsnat.cases.permissions import may_see_address, visible_cases
from skyddsnat.cases.services import CaseChanged, CaseConflict, case_write
from skyddsnat.cases.views import posted_version
from skyddsnat.lib import identity
from skyddsnat.lss import documents, forms, implementation, selectors, services
from skyddsnat.lss.models import Application, OfferAnswer
from skyddsnat.lss.services import is_lss_staff
from skyddsnat.organisation.requests import AuthenticatedRequest


def require_lss(request: AuthenticatedRequest) -> None:
    """Pages a role may not use answer 404, like records it may not see."""
    if not is_lss_staff(request.user):
        raise Http404


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
    status = 200
    if request.method == "POST":
        form = forms.ApplicationForm(request.POST)
        if form.is_valid():
            try:
                application = services.application_register(
                    user=request.user,
                    **form.service_kwargs(),
                )
            except ValidationError as error:
                apply_service_errors(form, error, {"intervention_types": "interventions"})
            else:
                if visible_cases(request.user).filter(pk=application.case_id).exists():
                    messages.success(
                        request,
                        _("The application was registered on %(case)s.")
                        % {"case": application.case},
                    )
                    return redirect("lss-application-detail", application_id=application.pk)
                # Another district's unit: only what was sent and where it went, never the case
                # or what is stored about the person.
                data = form.cleaned_data
                messages.success(
                    request,
                    _(
                        "The application for %(first_name)s %(last_name)s (%(number)s) was sent "
                        "to %(unit)s."
                    )
                    % {
                        "first_name": data["first_name"].strip(),
                        "last_name": data["last_name"].strip(),
                        "number": identity.display(
                            identity.normalise(data["personal_identity_number"])
                        ),
                        "unit": application.case.unit.name,
                    },
                )
                return redirect("lss-application-create")
        status = 400
    else:
        unit = request.user.unit
        form = forms.ApplicationForm(
            initial={
                "district": unit.district_id if unit else None,
                "received_on": timezone.localdate(),
                "applicant_role": "person",
            }
        )
    return render(request, "lss/application_form.html", {"form": form}, status=status)


def _detail_context(
    request: AuthenticatedRequest, application: Application, bound: dict[str, django_forms.Form]
) -> dict[str, Any]:
    today = timezone.localdate()
    eligibility = getattr(application, "eligibility", None)
    rule = implementation.implementation_rule()
    requests = []
    for req in application.requests.all():
        decision = req.decision
        row: dict[str, Any] = {"request": req, "decision": decision}
        if decision is None:
            row["form"] = bound.get(f"decide-{req.pk}") or forms.LssDecisionForm(
                initial={
                    "decided_on": today,
                    "scope_unit": req.intervention_type.lss_rule.scope_unit,
                },
                prefix=f"d{req.pk}",
            )
        else:
            interventions = list(decision.interventions.all())
            row["intervention"] = interventions[0] if interventions else None
            row["appeals"] = [
                (a, bound.get(f"outcome-{a.pk}") or forms.AppealOutcomeForm(prefix=f"o{a.pk}"))
                for a in decision.lss_appeals.all()
            ]
            row["appeal_form"] = bound.get(f"appeal-{decision.pk}") or forms.AppealForm(
                prefix=f"a{decision.pk}"
            )
            if decision.outcome == Outcome.GRANT:
                row["due"] = rule.due_from(decision.decided_on)
                row["queue_entry"] = getattr(decision, "queue_entry", None)
                if row["intervention"] is None:
                    row["implement_form"] = bound.get(
                        f"implement-{decision.pk}"
                    ) or forms.ImplementationForm(
                        initial={"started_on": today, "provider_kind": "own"},
                        prefix=f"i{decision.pk}",
                    )
                else:
                    intervention = row["intervention"]
                    stops = list(intervention.lss_interruptions.all())
                    row["interruptions"] = [
                        (
                            s,
                            s.ends_on is None
                            and (
                                bound.get(f"resume-{s.pk}")
                                or forms.InterruptionEndForm(prefix=f"r{s.pk}")
                            ),
                            rule.due_from(s.starts_on),
                        )
                        for s in stops
                    ]
                    if not any(s.ends_on is None for s in stops):
                        row["interrupt_form"] = bound.get(
                            f"interrupt-{intervention.pk}"
                        ) or forms.InterruptionForm(prefix=f"s{intervention.pk}")
        requests.append(row)
    person = application.case.person
    return {
        "application": application,
        "case": application.case,
        "person": person,
        "show_address": may_see_address(request.user, person),
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


@login_required
@require_safe
def application_detail(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    require_lss(request)
    application = selectors.application_detail(user=request.user, application_id=application_id)
    return render(request, "lss/application_detail.html", _detail_context(request, application, {}))


def _action(
    request: AuthenticatedRequest,
    *,
    application_id: int,
    key: str,
    form: django_forms.Form,
    call: Callable[[dict], Any],
    success: str,
    field_map: dict[str, str] | None = None,
) -> HttpResponse:
    """Validate the form, call the service; on errors show the page again with the form. A post
    based on an older view of the case (its version) is refused with 409, as on the case page."""
    status = 400
    if form.is_valid():
        case_id = Application.objects.values_list("case_id", flat=True).get(pk=application_id)
        try:
            with case_write(case_id, expected_version=posted_version(request)):
                call(form.cleaned_data)
        except CaseChanged as changed:
            form.add_error(None, changed.messages[0])
            status = 409
        except ValidationError as error:
            apply_service_errors(form, error, field_map)
            if isinstance(error, CaseConflict):
                status = 409
        except PermissionDenied as error:
            # Visible, but not this user's to write (e.g. no delegation): 403, not an input error.
            form.add_error(None, str(error) or _("You may not do this."))
            status = 403
        else:
            messages.success(request, success)
            return redirect("lss-application-detail", application_id=application_id)
    application = selectors.application_detail(user=request.user, application_id=application_id)
    context = _detail_context(request, application, {key: form})
    return render(request, "lss/application_detail.html", context, status=status)


@login_required
@require_POST
def eligibility_assess(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    require_lss(request)
    application = selectors.application_detail(user=request.user, application_id=application_id)
    form = forms.EligibilityForm(request.POST)
    return _action(
        request,
        application_id=application.pk,
        key="eligibility",
        form=form,
        call=lambda data: services.eligibility_assess(
            user=request.user,
            application=application,
            **form.service_kwargs(),
        ),
        success=_("The eligibility group was recorded."),
    )


@login_required
@require_POST
def decision_create(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    require_lss(request)
    req = selectors.get_request_for_user(request.user, request_id)
    form = forms.LssDecisionForm(request.POST, prefix=f"d{req.pk}")
    return _action(
        request,
        application_id=req.application_id,
        key=f"decide-{req.pk}",
        form=form,
        call=lambda data: services.decision_record(user=request.user, request=req, **data),
        success=_("The LSS decision was recorded."),
    )


def _decision_and_application(
    request: AuthenticatedRequest, decision_id: int
) -> tuple[Decision, Application]:
    decision = selectors.get_decision_for_user(request.user, decision_id)
    application = getattr(decision.case, "lss_application", None)
    if application is None:
        raise Http404
    return decision, application


@login_required
@require_POST
def implementation_create(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    require_lss(request)
    decision, application = _decision_and_application(request, decision_id)
    form = forms.ImplementationForm(request.POST, prefix=f"i{decision.pk}")
    return _action(
        request,
        application_id=application.pk,
        key=f"implement-{decision.pk}",
        form=form,
        call=lambda data: services.implementation_record(
            user=request.user,
            decision=decision,
            **data,
        ),
        success=_("The implementation was recorded."),
    )


@login_required
@require_POST
def appeal_create(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    require_lss(request)
    decision, application = _decision_and_application(request, decision_id)
    form = forms.AppealForm(request.POST, prefix=f"a{decision.pk}")
    return _action(
        request,
        application_id=application.pk,
        key=f"appeal-{decision.pk}",
        form=form,
        call=lambda data: services.appeal_register(user=request.user, decision=decision, **data),
        success=_("The appeal was recorded."),
    )


@login_required
@require_POST
def appeal_outcome(request: AuthenticatedRequest, appeal_id: int) -> HttpResponse:
    require_lss(request)
    appeal = selectors.get_appeal_for_user(request.user, appeal_id)
    _decision, application = _decision_and_application(request, appeal.decision_id)
    form = forms.AppealOutcomeForm(request.POST, prefix=f"o{appeal.pk}")
    return _action(
        request,
        application_id=application.pk,
        key=f"outcome-{appeal.pk}",
        form=form,
        call=lambda data: services.appeal_outcome_record(user=request.user, appeal=appeal, **data),
        success=_("The court's outcome was recorded."),
    )


@login_required
@require_POST
def interruption_create(request: AuthenticatedRequest, intervention_id: int) -> HttpResponse:
    require_lss(request)
    intervention = selectors.get_intervention_for_user(request.user, intervention_id)
    application = getattr(intervention.case, "lss_application", None)
    if application is None:
        raise Http404
    form = forms.InterruptionForm(request.POST, prefix=f"s{intervention.pk}")
    return _action(
        request,
        application_id=application.pk,
        key=f"interrupt-{intervention.pk}",
        form=form,
        call=lambda data: services.interruption_start(
            user=request.user,
            intervention=intervention,
            **data,
        ),
        success=_("The interruption was recorded."),
    )


@login_required
@require_POST
def interruption_end(request: AuthenticatedRequest, interruption_id: int) -> HttpResponse:
    require_lss(request)
    interruption = selectors.get_interruption_for_user(request.user, interruption_id)
    application = getattr(interruption.intervention.case, "lss_application", None)
    if application is None:
        raise Http404
    form = forms.InterruptionEndForm(request.POST, prefix=f"r{interruption.pk}")
    return _action(
        request,
        application_id=application.pk,
        key=f"resume-{interruption.pk}",
        form=form,
        call=lambda data: services.interruption_end(
            user=request.user,
            interruption=interruption,
            **data,
        ),
        success=_("The intervention was recorded as resumed."),
    )


@login_required
@require_safe
def decision_letter(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    require_lss(request)
    decision, _application = _decision_and_application(request, decision_id)
    pdf = documents.decision_letter_pdf(decision=decision, user=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="beslut-{decision.case.reference}-{decision.pk}.pdf"'
    )
    return response


@login_required
@require_safe
def my_decisions(request: AuthenticatedRequest) -> HttpResponse:
    require_lss(request)
    form = forms.ImplementListForm(request.GET)
    chosen = form.filters()
    page = implementation.decisions_to_implement_page(
        user=request.user, params=request.GET, limit=chosen["limit"], sort=chosen["sort"]
    )
    return render(
        request,
        "lss/my_decisions.html",
        {
            "rows": page.object_list,
            "page": page,
            "approaching_days": implementation.APPROACHING_DAYS,
            "form": form,
            "filtered": form.filtered(),
        },
    )


@login_required
@require_safe
def queue(request: AuthenticatedRequest) -> HttpResponse:
    require_lss(request)
    return _render_queue(request, {})


def _render_queue(
    request: AuthenticatedRequest, bound: dict[str, django_forms.Form], status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    list_form = forms.QueueListForm(request.GET)
    chosen = list_form.filters()
    page = selectors.queue_page(
        user=request.user,
        params=request.GET,
        resource_kind=chosen["resource_kind"],
        sort=chosen["sort"],
    )
    rows = page.object_list
    facilities = selectors.facilities()
    choices = [f.facility for f in facilities]  # one read for every entry's offer form
    items = []
    for row in rows:
        entry = row.entry
        pending = [o for o in entry.offers.all() if o.answer == OfferAnswer.PENDING]
        item: dict[str, Any] = {"row": row, "entry": entry, "offers": list(entry.offers.all())}
        if pending:
            item["pending"] = pending[0]
            item["answer_form"] = bound.get(f"answer-{pending[0].pk}") or forms.OfferAnswerForm(
                initial={"answered_on": today}, prefix=f"a{pending[0].pk}"
            )
        else:
            item["offer_form"] = bound.get(f"offer-{entry.pk}") or forms.OfferForm(
                initial={"offered_on": today},
                resource_kind_id=entry.resource_kind_id,
                facilities=choices,
                prefix=f"o{entry.pk}",
            )
        items.append(item)
    return render(
        request,
        "lss/queue.html",
        {
            "items": items,
            "facilities": facilities,
            "page": page,
            "form": list_form,
            "filtered": list_form.filtered(),
        },
        status=status,
    )


def _queue_action(
    request: AuthenticatedRequest,
    *,
    case_id: int,
    key: str,
    form: django_forms.Form,
    call: Callable[[dict], Any],
    success: str,
) -> HttpResponse:
    """As `_action`, for the queue page: an offer or answer posted from an older view of the case
    (its version) is refused with 409, so a place is not offered or taken on stale facts."""
    status = 400
    if form.is_valid():
        try:
            with case_write(case_id, expected_version=posted_version(request)):
                call(form.cleaned_data)
        except CaseChanged as changed:
            # Above the list, not in the form: the entry's form may be gone from the fresh page
            # (e.g. a colleague's offer now awaits its answer).
            messages.error(request, changed.messages[0])
            status = 409
        except ValidationError as error:
            apply_service_errors(form, error)
            if isinstance(error, CaseConflict):
                status = 409
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, success)
            return redirect("lss-queue")
    return _render_queue(request, {key: form}, status=status)


@login_required
@require_POST
def offer_create(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    require_lss(request)
    entry = selectors.get_queue_entry_for_user(request.user, entry_id)
    form = forms.OfferForm(
        request.POST, resource_kind_id=entry.resource_kind_id, prefix=f"o{entry.pk}"
    )
    return _queue_action(
        request,
        case_id=entry.decision.case_id,
        key=f"offer-{entry.pk}",
        form=form,
        call=lambda data: services.offer_make(user=request.user, entry=entry, **data),
        success=_("The offer was recorded."),
    )


@login_required
@require_POST
def offer_answer(request: AuthenticatedRequest, offer_id: int) -> HttpResponse:
    require_lss(request)
    offer = selectors.get_offer_for_user(request.user, offer_id)
    form = forms.OfferAnswerForm(request.POST, prefix=f"a{offer.pk}")
    return _queue_action(
        request,
        case_id=offer.entry.decision.case_id,
        key=f"answer-{offer.pk}",
        form=form,
        call=lambda data: services.offer_answer(
            user=request.user,
            offer=offer,
            accepted=data["answer"] == "accepted",
            answered_on=data["answered_on"],
            refusal_reason=data["refusal_reason"],
        ),
        success=_("The answer was recorded."),
    )


def _last_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)


@login_required
@require_safe
def ivo_report(request: AuthenticatedRequest) -> HttpResponse:
    require_lss(request)
    year, quarter = _last_quarter(timezone.localdate())
    form = forms.QuarterForm(request.GET or {"year": year, "quarter": quarter})
    if not form.is_valid():
        return render(request, "lss/ivo_report.html", {"form": form, "rows": None}, status=400)
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    start, end, rows = implementation.ivo_report(user=request.user, year=year, quarter=quarter)
    filename = f"ej-verkstallda-beslut-{year}-Q{quarter}"
    if request.GET.get("format") == "csv":
        response = HttpResponse(documents.ivo_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if request.GET.get("format") == "pdf":
        unit = request.user.unit
        pdf = documents.ivo_pdf(rows, unit_name=str(unit), start=start, end=end)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
        return response
    query = f"year={year}&quarter={quarter}"
    return render(
        request,
        "lss/ivo_report.html",
        {
            "form": form,
            "rows": rows,
            "start": start,
            "end": end,
            "csv_url": f"{reverse('lss-ivo-report')}?{query}&format=csv",
            "pdf_url": f"{reverse('lss-ivo-report')}?{query}&format=pdf",
        },
    )


@login_required
@require_safe
def october_statistics(request: AuthenticatedRequest) -> HttpResponse:
    require_lss(request)
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:  # the range QuarterForm allows; dt.date() fails outside 1–9999
        raise Http404
    text = documents.october_statistics_csv(user=request.user, year=year)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lss-1-oktober-{year}.csv"'
    return response
