"""The officer's list of decisions to implement, the decisions to take (prepared by an officer
for the manager), the quarterly report to IVO of decisions not implemented in time, and the
October statistics file."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from skyddsnat.lss import documents, forms, implementation, selectors
from skyddsnat.lss.views.applications import require_lss
from skyddsnat.organisation.requests import AuthenticatedRequest


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
def referral_list(request: AuthenticatedRequest) -> HttpResponse:
    """ "Beslut att fatta": decisions officers prepared for the user's role (a manager: housing),
    and the ones the user sent that wait for a decision."""
    require_lss(request)
    page = selectors.referrals_page(user=request.user, params=request.GET)
    return render(
        request,
        "lss/referrals.html",
        {"referrals": page.object_list, "page": page, "role": request.user.role},
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
