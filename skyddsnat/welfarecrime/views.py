"""Welfare-crime pages: the district's register of signals (with its CSV export), a new signal
and a signal with its assessment. Officers write; the district's unit manager reads
(`cases.policy.sees_welfare_crime`); anyone else: 404."""

import csv
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action
from skyddsnat.lib.spreadsheet import csv_cell
from skyddsnat.organisation.models import District
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.welfarecrime import selectors, services
from skyddsnat.welfarecrime.forms import AssessmentForm, SignalForm, YearForm
from skyddsnat.welfarecrime.models import Signal


def _district(user) -> District:  # type: ignore[no-untyped-def]
    # Only called after the area's check, which requires a district.
    return District.objects.get(pk=policy.home_district_id(user) or 0)


@login_required
@require_safe
def register(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.sees_welfare_crime(request.user))
    form = YearForm(request.GET)
    year = form.chosen_year()
    page = selectors.register_page(user=request.user, year=year, params=request.GET)
    return render(
        request,
        "welfarecrime/register.html",
        {
            "rows": page.object_list,
            "page": page,
            "year": year,
            "form": form,
            "district": _district(request.user),
            "may_register": policy.handles_welfare_crime(request.user),
        },
    )


EXPORT_COLUMNS = [
    "id",
    "received_on",
    "personal_identity_number",
    "first_name",
    "last_name",
    "source",
    "benefit",
    "authority",
    "description",
    "status",
    "notified_on",
    "recipient",
    "days_to_notification",
    "reason",
]


def _status(signal: Signal) -> str:
    assessment = getattr(signal, "assessment", None)
    if assessment is None:
        return _("Not assessed")
    return _("Notified") if assessment.notify else _("Not notified")


@login_required
@require_safe
def register_export(request: AuthenticatedRequest) -> HttpResponse:
    """The year's register as CSV (semicolons, UTF-8 with BOM, as Swedish Excel reads it); every
    text cell escaped against formulas; every row audited."""
    policy.require(policy.sees_welfare_crime(request.user))
    year = YearForm(request.GET).chosen_year()
    rows = selectors.register_rows(user=request.user, year=year)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for signal in rows:
        assessment = getattr(signal, "assessment", None)
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    signal.pk,
                    signal.received_on.isoformat(),
                    signal.person.personal_identity_number if signal.person else "",
                    signal.first_name,
                    signal.last_name,
                    signal.get_source_display(),
                    signal.get_benefit_display(),
                    signal.get_authority_display(),
                    signal.description,
                    _status(signal),
                    assessment.notified_on.isoformat()
                    if assessment and assessment.notified_on
                    else "",
                    assessment.get_recipient_display() if assessment and assessment.notify else "",
                    assessment.days_to_notification if assessment else "",
                    assessment.reason if assessment else "",
                )
            ]
        )
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="valfardsbrott-{year}.csv"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signal_create(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.handles_welfare_crime(request.user))
    district = _district(request.user)

    def failed(form: forms.Form, status: int) -> HttpResponse:
        return render(
            request,
            "welfarecrime/signal_form.html",
            {"form": form, "district": district},
            status=status,
        )

    if request.method == "POST":
        return form_action(
            request,
            SignalForm(request.POST),
            lambda data: services.signal_register(user=request.user, **data),
            failed=failed,
            success=_("The signal was registered."),
            redirect_to=lambda signal: redirect("welfarecrime-signal-detail", signal.pk),
        )
    return failed(SignalForm(initial={"received_on": timezone.localdate()}), 200)


def _detail(
    request: AuthenticatedRequest, signal: Signal, form: forms.Form | None, status: int
) -> HttpResponse:
    assessment = getattr(signal, "assessment", None)
    if form is None and assessment is None and policy.handles_welfare_crime(request.user):
        form = AssessmentForm(initial={"notified_on": timezone.localdate()})
    return render(
        request,
        "welfarecrime/signal_detail.html",
        {"signal": signal, "assessment": assessment, "form": form},
        status=status,
    )


@login_required
@require_safe
def signal_detail(request: AuthenticatedRequest, signal_id: int) -> HttpResponse:
    policy.require(policy.sees_welfare_crime(request.user))
    signal = selectors.get_signal_for_user(request.user, signal_id)
    return _detail(request, signal, None, 200)


@login_required
@require_POST
def signal_assess(request: AuthenticatedRequest, signal_id: int) -> HttpResponse:
    # Officers assess; to anyone else (the manager who reads the register too) the action does
    # not exist, for a signal as for a missing id.
    policy.require(policy.handles_welfare_crime(request.user))
    signal = selectors.get_signal_for_user(request.user, signal_id)
    return form_action(
        request,
        AssessmentForm(request.POST),
        lambda data: services.signal_assess(user=request.user, signal=signal, **data),
        failed=lambda form, status: _detail(request, signal, form, status),
        success=_("The assessment was recorded."),
        redirect_to=reverse("welfarecrime-signal-detail", args=[signal.pk]),
    )
