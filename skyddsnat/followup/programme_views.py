"""The follow-up page of the targeted programmes (`/uppfoljning/program/`): participants,
outcomes and recorded cost per programme and district for a year, with the "<5" rule
(`selectors.programmes`). Those who follow up (politicians, analysts, managers) only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from skyddsnat.cases.policy import may_follow_up, require
from skyddsnat.followup.exports import refused_query
from skyddsnat.followup.selectors.programmes import programme_figures
from skyddsnat.followup.splits import SPLIT_CHOICES, parse_split
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.programmes.models import ParticipantOutcome


@login_required
@require_safe
def programmes_page(request: AuthenticatedRequest) -> HttpResponse:
    require(may_follow_up(request.user))
    raw = request.GET.get("year") or str(timezone.localdate().year)
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        return refused_query(ValidationError(_("Enter a year between 2000 and 2100.")))
    year = int(raw)
    try:
        split = parse_split(request.GET.get("split"))
    except ValidationError as error:
        return refused_query(error)
    rows = programme_figures(user=request.user, year=year, split=split)
    outcomes = [(f"outcome_{o.value}", str(o.label).capitalize()) for o in ParticipantOutcome]
    table = [
        {
            "row": row,
            "outcomes": [row.figures[key] for key, _label in outcomes],
        }
        for row in rows
    ]
    return render(
        request,
        "followup/programmes.html",
        {
            "year": year,
            "table": table,
            "outcome_labels": [label for _key, label in outcomes],
            "split": split or "",
            "split_choices": SPLIT_CHOICES,
            "split_heading": (_("Sex") if split == "sex" else _("Age band")) if split else "",
        },
    )
