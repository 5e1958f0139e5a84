"""The LSS figures in the follow-up area (issue 4 point 7): decisions granted and refused per
intervention, time from application to decision and to implementation, and the housing queue,
for a period, with CSV and XLSX downloads.

Open to the follow-up roles (politicians, analysts, managers). The figures come from
followup.lss, which suppress every figure built from 1–4 people as "<5" for politicians and
analysts; the page and its downloads are the same tables, so they always agree. The tables use
the follow-up's Table and CSV/XLSX writers; every download is audited as
`followup.export.lss_<table>`. Page and downloads take `split=sex|age_band` (splits.py): each row
is followed by its parts, the file's name ends in the split.
"""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from skyddsnat.cases.policy import may_follow_up, require
from skyddsnat.followup import lss as selectors
from skyddsnat.followup import lss_delays, splits
from skyddsnat.followup.exports import Table, audit_download, download, refused_query
from skyddsnat.followup.forms import PeriodForm, period_from
from skyddsnat.followup.views import period_page, period_query
from skyddsnat.lss.forms import QuarterForm
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import AuthenticatedRequest


def _shown(value: object) -> object:
    """Medians to one decimal; counts, "<5" and None as they are."""
    if isinstance(value, float):
        return round(value, 1)
    return value


def _part_column(split: str | None) -> list[tuple[str, str]]:
    """The column of a split's part ("Kön", "Åldersgrupp"), none without a split."""
    return [("part", splits.heading(split))] if split else []


def decisions_table(*, user: User, start: dt.date, end: dt.date, split: str | None = None) -> Table:
    return Table(
        name="lss_decisions",
        title=_("LSS decisions per intervention, %(start)s – %(end)s")
        % {"start": start, "end": end},
        columns=[
            ("intervention", _("Intervention")),
            ("citation", _("Provision")),
            *_part_column(split),
            ("granted", pgettext("decisions", "Granted")),
            ("refused", pgettext("decisions", "Refused")),
        ],
        rows=[
            {
                "intervention": f.intervention,
                "citation": f.citation,
                "granted": f.granted,
                "refused": f.refused,
                "part": f.part,
            }
            for f in selectors.decision_figures(user=user, start=start, end=end, split=split)
        ],
    )


def lead_times_table(
    *, user: User, start: dt.date, end: dt.date, split: str | None = None
) -> Table:
    return Table(
        name="lss_lead_times",
        title=_("LSS lead times per district, decisions %(start)s – %(end)s")
        % {"start": start, "end": end},
        columns=[
            ("district", _("District")),
            *_part_column(split),
            ("decisions", _("Decisions")),
            ("median_days_to_decision", _("Application → decision, median (days)")),
            ("implementations", _("Implemented")),
            ("median_days_to_implementation", _("Application → implementation, median (days)")),
        ],
        rows=[
            {key: _shown(value) for key, value in vars(f).items()}
            for f in selectors.lead_times(user=user, start=start, end=end, split=split)
        ],
    )


def queue_on(end: dt.date) -> dt.date:
    """The queue is shown as it stood at the end of the period (today at the latest)."""
    return min(end, timezone.localdate())


def queue_table(*, user: User, start: dt.date, end: dt.date, split: str | None = None) -> Table:
    on = queue_on(end)
    return Table(
        name="lss_queue",
        title=_("Queue for places per kind and district on %(day)s") % {"day": on},
        columns=[
            ("resource_kind", _("Kind of place")),
            ("district", _("District")),
            *_part_column(split),
            ("waiting", _("Waiting")),
            ("median_waiting_days", _("Waiting time so far, median (days)")),
            ("placed", _("Placed")),
            ("median_days_to_place", _("Queue → place, median (days)")),
        ],
        rows=[
            {key: _shown(value) for key, value in vars(f).items()}
            for f in selectors.queue_figures(user=user, on=on, split=split)
        ],
    )


# The tables by the name in their download address; the audit action is followup.export.lss_<name>.
TABLES: dict[str, Callable[..., Table]] = {
    "decisions": decisions_table,
    "lead_times": lead_times_table,
    "queue": queue_table,
}


@period_page("lss/followup.html")
def followup_page(
    request: AuthenticatedRequest, start: dt.date, end: dt.date, form: PeriodForm
) -> HttpResponse:
    split = form.cleaned_data["split"]
    tables = {
        name: build(user=request.user, start=start, end=end, split=split)
        for name, build in TABLES.items()
    }
    context = {
        "form": form,
        "splittable": True,
        "tables": tables,
        "query": period_query(start, end, split),
        "queue_on": queue_on(end),
    }
    return render(request, "lss/followup.html", context)


@login_required
@require_safe
def followup_export(request: AuthenticatedRequest, table: str, fmt: str) -> HttpResponse:
    require(may_follow_up(request.user))
    build = TABLES.get(table)
    if build is None:
        raise Http404
    try:
        start, end, form = period_from(request.GET)
    except ValidationError as error:
        return refused_query(error)
    split = form.cleaned_data["split"]
    result = build(user=request.user, start=start, end=end, split=split)
    audit_download(request, result, fmt, action=f"followup.export.lss_{table}")
    filename = f"{result.name}-{start.isoformat()}_{end.isoformat()}"
    return download(result, fmt, filename=f"{filename}_{split}" if split else filename)


def _last_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)


COUNCIL_TITLE = "Ej verkställda beslut enligt LSS – rapport till kommunfullmäktige"


@login_required
@require_safe
def council_report(request: AuthenticatedRequest) -> HttpResponse:
    """The council's version of the quarterly report of decisions not implemented in time:
    counts only, split by sex, small numbers suppressed (followup.lss_delays); page, CSV, PDF."""
    require(may_follow_up(request.user))
    year, quarter = _last_quarter(timezone.localdate())
    form = QuarterForm(request.GET or {"year": year, "quarter": quarter})
    fmt = request.GET.get("format", "")
    if fmt not in ("", "csv", "pdf"):
        raise Http404
    if not form.is_valid():
        if fmt:
            return refused_query(ValidationError([str(e) for e in form.errors.values()]))
        return render(request, "lss/council_report.html", {"form": form}, status=400)
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    report = lss_delays.council_report(user=request.user, year=year, quarter=quarter)
    filename = f"ej-verkstallda-beslut-fullmaktige-{year}-Q{quarter}"
    if fmt == "csv":
        response = HttpResponse(
            lss_delays.council_csv(report), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "pdf":
        pdf = lss_delays.council_pdf(report, title=COUNCIL_TITLE)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
        return response
    query = f"year={year}&quarter={quarter}"
    return render(
        request,
        "lss/council_report.html",
        {
            "form": form,
            "report": report,
            "csv_url": f"{reverse('lss-council-report')}?{query}&format=csv",
            "pdf_url": f"{reverse('lss-council-report')}?{query}&format=pdf",
        },
    )
