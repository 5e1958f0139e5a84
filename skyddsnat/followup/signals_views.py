"""The follow-up area's outreach and welfare-crime pages (aggregates only, "<5" applied)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.cases.policy import may_follow_up, require
from skyddsnat.followup import signals, splits
from skyddsnat.followup.district_counts import GroupedFigures
from skyddsnat.followup.exports import refused_query
from skyddsnat.followup.forms import PeriodForm
from skyddsnat.followup.splits import SPLIT_CHOICES, parse_split
from skyddsnat.followup.views import _year, period_page
from skyddsnat.organisation.requests import AuthenticatedRequest


def _table(grouped: GroupedFigures, fields: tuple[str, ...]) -> list[tuple[str, str, list]]:
    """(group's name, part's label or "", figures): each group, then with a split its parts."""
    return [
        (name, label, [grouped.figures[key][field] for field in fields])
        for key, name, label, _code in grouped.rows([*grouped.districts, *grouped.areas])
    ]


@period_page("followup/outreach.html")
def outreach_page(
    request: AuthenticatedRequest, start: dt.date, end: dt.date, form: PeriodForm
) -> HttpResponse:
    split = form.cleaned_data["split"]
    grouped = signals.outreach_figures(user=request.user, start=start, end=end, split=split)
    return render(
        request,
        "followup/outreach.html",
        {
            "form": form,
            "splittable": True,
            "split_heading": splits.heading(split),
            "rows": _table(grouped, signals.OUTREACH_FIELDS),
        },
    )


@login_required
@require_safe
def welfare_crime_page(request: AuthenticatedRequest) -> HttpResponse:
    require(may_follow_up(request.user))
    try:
        year = _year(request)
        split = parse_split(request.GET.get("split"))
    except ValidationError as error:
        return refused_query(error)
    grouped = signals.welfare_crime_figures(user=request.user, year=year, split=split)
    return render(
        request,
        "followup/welfare_crime.html",
        {
            "year": year,
            "split": split or "",
            "split_choices": SPLIT_CHOICES,
            "split_heading": splits.heading(split),
            "rows": _table(grouped, signals.WELFARE_CRIME_FIELDS),
            "allocation": signals.welfare_crime_allocation(user=request.user, year=year),
        },
    )
