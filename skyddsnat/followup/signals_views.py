"""The follow-up area's outreach and welfare-crime pages (aggregates only, "<5" applied)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.cases.policy import may_follow_up, require
from skyddsnat.followup import signals
from skyddsnat.followup.district_counts import GroupedFigures
from skyddsnat.followup.exports import refused_query
from skyddsnat.followup.forms import PeriodForm
from skyddsnat.followup.views import _year, period_page
from skyddsnat.organisation.requests import AuthenticatedRequest


def _table(grouped: GroupedFigures, fields: tuple[str, ...]) -> list[tuple[str, list]]:
    groups = [*grouped.districts, *grouped.areas]
    return [
        (grouped.names.get(group, group), [grouped.figures[group][name] for name in fields])
        for group in groups
    ]


@period_page("followup/outreach.html")
def outreach_page(
    request: AuthenticatedRequest, start: dt.date, end: dt.date, form: PeriodForm
) -> HttpResponse:
    grouped = signals.outreach_figures(user=request.user, start=start, end=end)
    return render(
        request,
        "followup/outreach.html",
        {"form": form, "rows": _table(grouped, signals.OUTREACH_FIELDS)},
    )


@login_required
@require_safe
def welfare_crime_page(request: AuthenticatedRequest) -> HttpResponse:
    require(may_follow_up(request.user))
    try:
        year = _year(request)
    except ValidationError as error:
        return refused_query(error)
    grouped = signals.welfare_crime_figures(user=request.user, year=year)
    return render(
        request,
        "followup/welfare_crime.html",
        {
            "year": year,
            "rows": _table(grouped, signals.WELFARE_CRIME_FIELDS),
            "allocation": signals.welfare_crime_allocation(user=request.user, year=year),
        },
    )
