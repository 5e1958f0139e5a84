"""Children-and-youth pages: report intake, and the safety assessment and pre-assessment forms of
the case page (which the case spine renders)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action
from skyddsnat.cases.forms import PreAssessmentForm, SafetyAssessmentForm, apply_service_errors
from skyddsnat.cases.guardians import guardians_of
from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.cases.services import CaseConflict
from skyddsnat.cases.views import case_action
from skyddsnat.children import selectors, services
from skyddsnat.children.forms import (
    REPORT_KEY,
    CaseEarlyHelpForm,
    EarlyHelpEndForm,
    EarlyHelpForm,
    EarlyHelpListForm,
    ReportForm,
)
from skyddsnat.children.guardians import guardian_consent_record, report_guardian_add
from skyddsnat.children.models import ReportViolence, SafetyAssessment
from skyddsnat.children.pages import background_form, consent_form, violence_form
from skyddsnat.drafts.services import draft_discard
from skyddsnat.lib import identity
from skyddsnat.organisation.models import Unit
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.organisation.selectors import current_districts


def report_sent_message(form: ReportForm, unit: Unit) -> str:
    data = form.cleaned_data
    if form.without_number:
        return _("The report about %(first_name)s %(last_name)s was sent to %(unit)s.") % {
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "unit": unit.name,
        }
    return _("The report about %(first_name)s %(last_name)s (%(number)s) was sent to %(unit)s.") % {
        **identity.as_typed(data),
        "unit": unit.name,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_create(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.works_with_cases(request.user))
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                # The report and what the page says about it in one transaction: a failure
                # while building the answer stores nothing, so an error page tells the truth.
                with transaction.atomic():
                    report = services.report_register(user=request.user, **form.service_kwargs())
                    report_guardian_add(
                        user=request.user, report=report, guardian=form.guardian_kwargs()
                    )
                    saved = _("The report was registered on %(case)s.") % {"case": report.case}
                    sent_message = report_sent_message(form, report.case.unit)
                    draft_discard(user=request.user, key=REPORT_KEY)
            except ValidationError as error:
                apply_service_errors(form, error, form.field_map)
            except PermissionDenied:
                raise Http404 from None
            else:
                if policy.visible_cases(request.user).filter(pk=report.case_id).exists():
                    messages.success(request, saved)
                    return redirect("cases-case-detail", case_id=report.case_id)
                # Another unit's case: say only what was sent and where it went, never the case,
                # its reference or what is stored about the child (which may differ from what
                # was typed, and may be protected).
                messages.success(request, sent_message)
                return redirect("children-report-create")
        status = 400
    else:
        now = timezone.localtime()
        unit = request.user.unit
        district_id = unit.district_id if unit else None
        default_district = (
            district_id
            if district_id is not None and current_districts().filter(pk=district_id).exists()
            else None
        )
        form = ReportForm(
            initial={
                "district": default_district,
                "received_date": now.date(),
                "received_time": now.time().replace(second=0, microsecond=0),
            }
        )
        status = 200
    return render(request, "children/report_form.html", {"form": form}, status=status)


@login_required
@require_POST
def safety_assessment_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    def record(case: Case, data: dict) -> SafetyAssessment:
        # The earliest report still waiting; the service refuses a second assessment of one report.
        report = services.pending_safety_report(case)
        if report is None:
            raise ValidationError(
                {"assessed_at": _("No report of this case waits for a safety assessment.")}
            )
        return services.safety_assessment_record(
            user=request.user, report=report, **form.service_kwargs()
        )

    form = SafetyAssessmentForm(request.POST)
    return case_action(
        request,
        case_id,
        name="safety",
        form=form,
        call=record,
        field_map=form.field_map,
        success=_("The safety assessment was recorded."),
    )


@login_required
@require_POST
def pre_assessment_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return case_action(
        request,
        case_id,
        name="pre_assessment",
        form=PreAssessmentForm(request.POST),
        call=lambda case, data: services.pre_assessment_decide(
            user=request.user, case=case, **data
        ),
        success=_("The pre-assessment decision was recorded."),
    )


@login_required
@require_POST
def case_violence_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """A report of the case marked with violence; a rule may open the investigation at once."""
    case = policy.get_case_for_user(request.user, case_id)

    def record(case: Case, data: dict) -> ReportViolence:
        report = case.reports.filter(pk=data["report"]).first()
        if report is None:
            raise ValidationError({"report": _("Choose a report of the case.")})
        return services.report_violence_record(
            user=request.user,
            report=report,
            kinds=data["violence_kinds"],
            child_exposed=data["child_exposed"],
            child_witnessed=data["child_witnessed"],
        )

    form = violence_form(case, request.POST)
    return case_action(
        request,
        case_id,
        name="violence",
        form=form,
        call=record,
        field_map=form.field_map,
        success=_("The violence in the report was recorded."),
        case=case,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_background_update(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """The child's and the guardians' details for the national register (country of birth,
    unaccompanied minor): a page of its own, reached from the case page (its country lists are
    long, and only this page needs them)."""
    policy.require(policy.works_with_cases(request.user))
    case = policy.get_case_for_user(request.user, case_id)
    if case.kind != CaseKind.CHILDREN:
        raise Http404

    def page(form: forms.Form, status: int = 200) -> HttpResponse:
        return render(
            request,
            "children/background_form.html",
            {"case": case, "child": case.person, "form": form, "version": case.version},
            status=status,
        )

    if request.method != "POST":
        form = background_form(case)
        services.child_background_read(user=request.user, case=case)
        return page(form)
    form = background_form(case, request.POST)
    return form_action(
        request,
        form,
        lambda data: services.child_background_update(
            user=request.user,
            case=case,
            country_of_birth=data["country_of_birth"],
            unaccompanied_minor=data["unaccompanied_minor"],
            guardian_countries=form.guardian_countries(),
        ),
        case=case,
        success=_("The details for the statistics were saved."),
        redirect_to=reverse("cases-case-detail", args=[case.pk]),
        failed=page,
    )


# ----- early help ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def early_help_create(request: AuthenticatedRequest) -> HttpResponse:
    """Early help asked for without a report (no case is opened)."""
    policy.require(policy.gives_early_help(request.user))
    if request.method == "POST":
        form = EarlyHelpForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                record = services.early_help_start(user=request.user, **form.service_kwargs())
            except ValidationError as error:
                apply_service_errors(form, error)
                if isinstance(error, CaseConflict):
                    status = 409  # the child already has this help (perhaps a second click)
            except PermissionDenied:
                raise Http404 from None
            else:
                # Only what was typed and where the help is given: never the register's names
                # for the number (which may be another district's protected child).
                data = form.cleaned_data
                messages.success(
                    request,
                    _(
                        "%(intervention)s was started for %(first_name)s %(last_name)s "
                        "(%(number)s) by %(unit)s."
                    )
                    % {
                        "intervention": data["intervention_type"].name,
                        **identity.as_typed(data),
                        "unit": record.unit.name,
                    },
                )
                return redirect("children-early-help-list")
    else:
        form = EarlyHelpForm(initial={"started_on": timezone.localdate()})
        status = 200
    return render(request, "children/early_help_form.html", {"form": form}, status=status)


@login_required
@require_safe
def early_help_list(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.gives_early_help(request.user))
    return _early_help_list_page(request)


def _early_help_list_page(
    request: AuthenticatedRequest, *, failed: tuple[int, forms.Form] | None = None
) -> HttpResponse:
    """The list, also shown again (400) with the failed end form of one row."""
    form = EarlyHelpListForm(request.GET)
    chosen = form.filters()
    page = selectors.early_help_page(
        user=request.user,
        params=request.GET,
        state=chosen["state"],
        intervention=chosen["intervention"],
        sort=chosen["sort"],
    )
    rows = page.object_list
    today = timezone.localdate()
    for row in rows:
        # Each ongoing row carries its own end form (the one that failed keeps its errors).
        row.end_form = (  # type: ignore[attr-defined]
            failed[1]
            if failed and failed[0] == row.pk
            else EarlyHelpEndForm(prefix=f"end{row.pk}", initial={"ended_on": today})
        )
    status = 400 if failed else 200
    return render(
        request,
        "children/early_help_list.html",
        {"rows": rows, "page": page, "form": form, "filtered": form.filtered()},
        status=status,
    )


@login_required
@require_POST
def early_help_end(request: AuthenticatedRequest, early_help_id: int) -> HttpResponse:
    policy.require(policy.gives_early_help(request.user))
    record = selectors.get_early_help_for_user(request.user, early_help_id)
    return form_action(
        request,
        EarlyHelpEndForm(request.POST, prefix=f"end{record.pk}"),
        lambda data: services.early_help_end(
            user=request.user, early_help=record, ended_on=data["ended_on"]
        ),
        success=_("The intervention was ended."),
        redirect_to=reverse("children-early-help-list"),
        failed=lambda form, _status: _early_help_list_page(request, failed=(record.pk, form)),
    )


@login_required
@require_POST
def case_early_help_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = CaseEarlyHelpForm(request.POST)
    return case_action(
        request,
        case_id,
        name="early_help",
        form=form,
        call=lambda case, data: services.early_help_start(
            user=request.user, case=case, **form.service_kwargs()
        ),
        success=_("The intervention was started."),
    )


@login_required
@require_POST
def case_consent_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """A guardian's answer to early help from this case (given, refused or withdrawn)."""
    policy.require(policy.gives_early_help(request.user))
    case = policy.get_case_for_user(request.user, case_id)
    # The choices the page offered: the case's ongoing early help and the child's guardians.
    ongoing = list(
        selectors.visible_early_help(request.user)
        .filter(case=case, ended_on__isnull=True)
        .select_related("intervention_type", "case")
    )
    guardians = guardians_of(case.person)
    form = consent_form(ongoing, guardians, request.POST)
    by_id = {h.pk: h for h in ongoing}
    people = {g.pk: g for g in guardians}
    return case_action(
        request,
        case_id,
        case=case,
        name="consent",
        form=form,
        call=lambda case, data: guardian_consent_record(
            user=request.user,
            early_help=by_id[data["early_help"]],
            guardian=people[data["guardian"]],
            answer=data["answer"],
            answered_on=data["answered_on"],
        ),
        success=_("The guardian's answer was recorded."),
    )
