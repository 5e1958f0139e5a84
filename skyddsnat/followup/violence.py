"""Violence and sheltered housing in the follow-up area (issue 10 points 5 and 8), per district
for a period: reports that tell of violence, children exposed to it and children who witnessed
it, investigations the rule opened at once, sheltered housing granted, and children waiting for
a sheltered place at the end of the period.

Every figure counts distinct children; for politicians and analysts a figure of 1–4 children is
shown as "<5" (`suppression.MIN_CHILDREN`, as the rest of follow-up). There is no total row: with
only districts, no shown figure can be subtracted from another to reveal a hidden one. Managers
see their own scope (`policy.visible_cases`). Page and download are the same table; the download
is audited as `followup.export.violence`."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseKind, Decision, Outcome
from skyddsnat.children.models import ReportViolence
from skyddsnat.followup.exports import Table, audit_download, download, refused_query
from skyddsnat.followup.forms import PeriodForm, period_from
from skyddsnat.followup.suppression import MIN_CHILDREN, SUPPRESSED
from skyddsnat.followup.views import period_page, period_query
from skyddsnat.lss.models import QueueEntry, QueueStatus
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.organisation.selectors import current_districts

SHELTERED_HOUSING = "skyddat-boende"
FIGURES = ("reports", "exposed", "witnessed", "opened_at_once", "sheltered_granted", "waiting")


@dataclass(frozen=True)
class ViolenceFigure:
    district: str
    reports: int | str
    exposed: int | str
    witnessed: int | str
    opened_at_once: int | str
    sheltered_granted: int | str
    waiting: int | str


def _cases(user: User) -> QuerySet[Case]:
    """Politicians and analysts: every children's case, in aggregate; others their own scope."""
    if policy.sees_aggregates_only(user):
        return Case.objects.filter(kind=CaseKind.CHILDREN)
    return policy.visible_cases(user).filter(kind=CaseKind.CHILDREN)


def _shown(children: set[int], user: User) -> int | str:
    if policy.sees_aggregates_only(user) and 0 < len(children) < MIN_CHILDREN:
        return SUPPRESSED
    return len(children)


def violence_figures(*, user: User, start: dt.date, end: dt.date) -> list[ViolenceFigure]:
    """Per current district, the children behind each figure (reports received in the period,
    decisions taken in it, the queue as it stood at its end)."""
    cases = _cases(user)
    children: dict[tuple[str, str], set[int]] = defaultdict(set)
    marked = ReportViolence.objects.filter(
        report__case__in=cases,
        report__received_at__date__range=(start, end),
    ).values_list(
        "report__case__district__slug",
        "report__child_id",
        "child_exposed",
        "child_witnessed",
        "investigation_opened",
    )
    for slug, child, exposed, witnessed, opened in marked:
        children[slug, "reports"].add(child)
        for figure, flag in (
            ("exposed", exposed),
            ("witnessed", witnessed),
            ("opened_at_once", opened),
        ):
            if flag:
                children[slug, figure].add(child)
    granted = Decision.objects.filter(
        case__in=cases,
        intervention_type__code=SHELTERED_HOUSING,
        outcome=Outcome.GRANT,
        decided_on__range=(start, end),
    ).values_list("case__district__slug", "case__person_id")
    for slug, person in granted:
        children[slug, "sheltered_granted"].add(person)
    on = min(end, timezone.localdate())
    waiting = (
        QueueEntry.objects.filter(
            decision__case__in=cases, resource_kind__code=SHELTERED_HOUSING, queued_on__lte=on
        )
        .filter(
            Q(status=QueueStatus.WAITING)
            | Q(placed_on__gt=on)
            | Q(placed_on__isnull=True, left_on__gt=on)
        )
        .values_list("district__slug", "decision__case__person_id")
    )
    for slug, person in waiting:
        children[slug, "waiting"].add(person)
    return [
        ViolenceFigure(
            district=district.name,
            **{figure: _shown(children[district.slug, figure], user) for figure in FIGURES},
        )
        for district in current_districts()
    ]


def violence_table(*, user: User, start: dt.date, end: dt.date) -> Table:
    return Table(
        name="violence",
        title=_("Violence and sheltered housing per district, %(start)s – %(end)s")
        % {"start": start, "end": end},
        columns=[
            ("district", _("District")),
            ("reports", _("Children in reports of violence")),
            ("exposed", _("Exposed to violence")),
            ("witnessed", _("Witnessed violence")),
            ("opened_at_once", _("Investigation opened at once")),
            ("sheltered_granted", _("Sheltered housing granted")),
            ("waiting", _("Waiting for sheltered housing")),
        ],
        rows=[dict(vars(f)) for f in violence_figures(user=user, start=start, end=end)],
    )


@period_page("followup/violence.html")
def violence_page(
    request: AuthenticatedRequest, start: dt.date, end: dt.date, form: PeriodForm
) -> HttpResponse:
    context = {
        "form": form,
        "table": violence_table(user=request.user, start=start, end=end),
        "query": period_query(start, end),
    }
    return render(request, "followup/violence.html", context)


@login_required
@require_safe
def violence_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    policy.require(policy.may_follow_up(request.user))
    try:
        start, end, _form = period_from(request.GET)
    except ValidationError as error:
        return refused_query(error)
    table = violence_table(user=request.user, start=start, end=end)
    audit_download(request, table, fmt, action="followup.export.violence")
    return download(table, fmt, filename=table.name)
