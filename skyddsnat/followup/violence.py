"""Violence and sheltered housing in the follow-up area (issue 10 points 5 and 8), per district
for a period: reports that tell of violence, children exposed to it and children who witnessed
it, investigations the rule opened at once, sheltered housing granted, and children waiting for
a sheltered place at the end of the period.

Every figure counts distinct children; for politicians and analysts a figure of 1–4 children is
shown as "<5" (`suppression.MIN_CHILDREN`, as the rest of follow-up). There is no total row: with
only districts, no shown figure can be subtracted from another to reveal a hidden one. With a
split by sex or age band (`split`, splits.py; the age on the report's day, the decision's day and
the queue's day) each district's row is followed by its parts, and a district is the sum of its
parts, so when exactly one part is hidden another is too (`suppression.complete`). Managers
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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseKind, Decision, Outcome
from skyddsnat.children.models import ReportViolence
from skyddsnat.followup import splits
from skyddsnat.followup.exports import Table, audit_download, download, refused_query
from skyddsnat.followup.forms import PeriodForm, period_from
from skyddsnat.followup.suppression import SUPPRESSED
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
    part: str = ""
    part_code: str | None = None


def _cases(user: User) -> QuerySet[Case]:
    """Politicians and analysts: every children's case, in aggregate; others their own scope."""
    if policy.sees_aggregates_only(user):
        return Case.objects.filter(kind=CaseKind.CHILDREN)
    return policy.visible_cases(user).filter(kind=CaseKind.CHILDREN)


def violence_figures(
    *, user: User, start: dt.date, end: dt.date, split: str | None = None
) -> list[ViolenceFigure]:
    """Per current district, the children behind each figure (reports received in the period,
    decisions taken in it, the queue as it stood at its end); with a `split`, each district's
    row is followed by its parts."""
    cases = _cases(user)
    # (district slug, figure, child, day of the event)
    events: list[tuple[str, str, int, dt.date]] = []
    marked = ReportViolence.objects.filter(
        report__case__in=cases,
        report__received_at__date__range=(start, end),
    ).values_list(
        "report__case__district__slug",
        "report__child_id",
        "report__received_at",
        "child_exposed",
        "child_witnessed",
        "investigation_opened",
    )
    for slug, child, received_at, exposed, witnessed, opened in marked:
        day = timezone.localdate(received_at)
        events.append((slug, "reports", child, day))
        for figure, flag in (
            ("exposed", exposed),
            ("witnessed", witnessed),
            ("opened_at_once", opened),
        ):
            if flag:
                events.append((slug, figure, child, day))
    granted = Decision.objects.filter(
        case__in=cases,
        intervention_type__code=SHELTERED_HOUSING,
        outcome=Outcome.GRANT,
        decided_on__range=(start, end),
    ).values_list("case__district__slug", "case__person_id", "decided_on")
    for slug, person, decided_on in granted:
        events.append((slug, "sheltered_granted", person, decided_on))
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
        events.append((slug, "waiting", person, on))
    parts = splits.Parts(split, {child for _s, _f, child, _d in events})
    # (district slug, part: "" for the whole) → figure → children
    children: dict[str, dict[tuple[str, str], set[int]]] = {f: defaultdict(set) for f in FIGURES}
    for slug, figure, child, day in events:
        part = parts.part(child, day)
        for key in [(slug, "")] + ([(slug, part)] if part is not None else []):
            children[figure][key].add(child)
    districts = current_districts()
    aggregate = policy.sees_aggregates_only(user)
    names = parts.names() if split else []
    hidden = {
        figure: splits.hidden_people(children[figure], [(d.slug, "") for d in districts], names)
        if aggregate
        else set()
        for figure in FIGURES
    }
    rows: list[tuple[str, str, str | None]] = [("", "", None)]
    if split:
        rows = [("", str(ALL_LABEL), None)] + [(p, parts.label(p), parts.code(p)) for p in names]
    return [
        ViolenceFigure(
            district=district.name,
            **{
                figure: SUPPRESSED
                if (district.slug, part) in hidden[figure]
                else len(children[figure].get((district.slug, part), ()))
                for figure in FIGURES
            },
            part=label,
            part_code=code,
        )
        for district in districts
        for part, label, code in rows
    ]


ALL_LABEL = gettext_lazy("All")


def violence_table(*, user: User, start: dt.date, end: dt.date, split: str | None = None) -> Table:
    return Table(
        name="violence",
        title=_("Violence and sheltered housing per district, %(start)s – %(end)s")
        % {"start": start, "end": end},
        columns=[
            ("district", _("District")),
            *([("part", splits.heading(split))] if split else []),
            ("reports", _("Children in reports of violence")),
            ("exposed", _("Exposed to violence")),
            ("witnessed", _("Witnessed violence")),
            ("opened_at_once", _("Investigation opened at once")),
            ("sheltered_granted", _("Sheltered housing granted")),
            ("waiting", _("Waiting for sheltered housing")),
        ],
        rows=[
            dict(vars(f)) for f in violence_figures(user=user, start=start, end=end, split=split)
        ],
    )


@period_page("followup/violence.html")
def violence_page(
    request: AuthenticatedRequest, start: dt.date, end: dt.date, form: PeriodForm
) -> HttpResponse:
    split = form.cleaned_data["split"]
    context = {
        "form": form,
        "splittable": True,
        "table": violence_table(user=request.user, start=start, end=end, split=split),
        "query": period_query(start, end, split),
    }
    return render(request, "followup/violence.html", context)


@login_required
@require_safe
def violence_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    policy.require(policy.may_follow_up(request.user))
    try:
        start, end, form = period_from(request.GET)
    except ValidationError as error:
        return refused_query(error)
    split = form.cleaned_data["split"]
    table = violence_table(user=request.user, start=start, end=end, split=split)
    audit_download(request, table, fmt, action="followup.export.violence")
    return download(table, fmt, filename=f"{table.name}_{split}" if split else table.name)
