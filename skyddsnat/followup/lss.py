"""The LSS figures of the follow-up area (issue 4 point 7): decisions granted and refused per
intervention, time from application to decision and to implementation, and the housing queue.

Aggregates go to politicians and analysts only with small numbers suppressed (fewer than five
people: not shown), like the rest of follow-up; case staff see their own scope.
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import QuerySet

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseKind, Decision, Outcome
from skyddsnat.followup.suppression import MIN_CHILDREN, SUPPRESSED
from skyddsnat.lss.models import InterventionRule, QueueEntry, QueueStatus, RequestedIntervention
from skyddsnat.lss.selectors import lss_cases, today
from skyddsnat.organisation.models import User


def _aggregate_cases(user: User) -> QuerySet[Case]:
    """Politicians and analysts see the whole municipality in aggregate; case staff their scope."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if policy.sees_aggregates_only(user):
        return Case.objects.filter(kind=CaseKind.LSS)
    return lss_cases(user)


Figure = TypeVar("Figure", int, float)


def suppress(value: Figure | None, n: int, user: User) -> Figure | str | None:
    """Show a figure built from 1–4 people as "<5" to politicians and analysts.

    `n` counts distinct people, never decisions or requests: one person with five decisions is
    still one person. The threshold is the follow-up's (suppression.MIN_CHILDREN), which holds
    for adults as for children.
    """
    if policy.sees_aggregates_only(user) and 0 < n < MIN_CHILDREN:
        return SUPPRESSED
    return value


@dataclass(frozen=True)
class DecisionFigure:
    citation: str
    intervention: str
    granted: int | str | None
    refused: int | str | None


def decision_figures(*, user: User, start: dt.date, end: dt.date) -> list[DecisionFigure]:
    """Decisions granted and refused per intervention, decided within [start, end]. A count is
    suppressed when the people it is about are fewer than five."""
    decisions: dict[tuple[int, str], int] = defaultdict(int)
    people: dict[tuple[int, str], set[int]] = defaultdict(set)
    for itype_id, outcome, person_id in Decision.objects.filter(
        case__in=_aggregate_cases(user), decided_on__range=(start, end)
    ).values_list("intervention_type_id", "outcome", "case__person_id"):
        decisions[itype_id, outcome] += 1
        people[itype_id, outcome].add(person_id)
    figures = []
    for rule in InterventionRule.objects.select_related("intervention_type"):
        key = rule.intervention_type_id

        def shown(outcome: str, key: int = key) -> int | str | None:
            return suppress(decisions[key, outcome], len(people[key, outcome]), user)

        figures.append(
            DecisionFigure(
                citation=rule.intervention_type.citation,
                intervention=rule.intervention_type.name,
                granted=shown(Outcome.GRANT.value),
                refused=shown(Outcome.REFUSE.value),
            )
        )
    return figures


@dataclass(frozen=True)
class LeadTimeFigure:
    district: str
    decisions: int | str | None
    median_days_to_decision: float | str | None
    implementations: int | str | None
    median_days_to_implementation: float | str | None


def lead_times(*, user: User, start: dt.date, end: dt.date) -> list[LeadTimeFigure]:
    """Per district: days from application to decision, and from application to implementation
    (the first start of the decided intervention), for decisions taken within [start, end].
    Suppression counts the distinct people behind each figure. Medians computed in Python so
    SQLite works too."""
    requests: dict[int, dict[str, Any]] = {}
    for (
        request_id,
        district,
        person_id,
        received,
        decided,
        started,
    ) in RequestedIntervention.objects.filter(
        application__case__in=_aggregate_cases(user),
        decision__decided_on__range=(start, end),
    ).values_list(
        "pk",
        "application__case__district__name",
        "application__case__person_id",
        "application__received_on",
        "decision__decided_on",
        "decision__interventions__started_on",
    ):
        row = requests.setdefault(
            request_id,
            {"district": district or "", "person": person_id, "days": (decided - received).days},
        )
        if started is not None:
            first = row.get("started")
            row["started"] = started if first is None else min(first, started)
            row["start_days"] = (row["started"] - received).days
    to_decision: dict[str, list[int]] = defaultdict(list)
    to_start: dict[str, list[int]] = defaultdict(list)
    decided_people: dict[str, set[int]] = defaultdict(set)
    started_people: dict[str, set[int]] = defaultdict(set)
    for row in requests.values():
        to_decision[row["district"]].append(row["days"])
        decided_people[row["district"]].add(row["person"])
        if "start_days" in row:
            to_start[row["district"]].append(row["start_days"])
            started_people[row["district"]].add(row["person"])
    figures = []
    for district in sorted(to_decision):
        d, s = to_decision[district], to_start[district]
        p1, p2 = len(decided_people[district]), len(started_people[district])
        figures.append(
            LeadTimeFigure(
                district=district,
                decisions=suppress(len(d), p1, user),
                median_days_to_decision=suppress(statistics.median(d) if d else None, p1, user),
                implementations=suppress(len(s), p2, user),
                median_days_to_implementation=suppress(
                    statistics.median(s) if s else None, p2, user
                ),
            )
        )
    return figures


@dataclass(frozen=True)
class QueueFigure:
    resource_kind: str
    district: str
    waiting: int | str | None
    median_waiting_days: float | str | None
    placed: int | str | None
    median_days_to_place: float | str | None


def queue_figures(*, user: User, on: dt.date | None = None) -> list[QueueFigure]:
    """Queue length and waiting time per kind of place and district, as of `on`. Suppression
    counts the distinct people waiting (or placed), not queue entries."""
    on = on or today()
    waiting: dict[tuple[str, str], list[int]] = defaultdict(list)
    placed: dict[tuple[str, str], list[int]] = defaultdict(list)
    waiting_people: dict[tuple[str, str], set[int]] = defaultdict(set)
    placed_people: dict[tuple[str, str], set[int]] = defaultdict(set)
    entries = QueueEntry.objects.filter(
        decision__case__in=_aggregate_cases(user), queued_on__lte=on
    ).select_related("resource_kind", "district", "decision__case")
    for entry in entries:
        key = (entry.resource_kind.name, entry.district.name)
        person_id = entry.decision.case.person_id
        if entry.placed_on is not None and entry.placed_on <= on:
            placed[key].append((entry.placed_on - entry.queued_on).days)
            placed_people[key].add(person_id)
        elif entry.status in (QueueStatus.WAITING, QueueStatus.PLACED, QueueStatus.LEFT):
            waiting[key].append((on - entry.queued_on).days)
            waiting_people[key].add(person_id)
    figures = []
    for key in sorted(set(waiting) | set(placed)):
        w, p = waiting.get(key, []), placed.get(key, [])
        nw, np_ = len(waiting_people[key]), len(placed_people[key])
        figures.append(
            QueueFigure(
                resource_kind=key[0],
                district=key[1],
                waiting=suppress(len(w), nw, user),
                median_waiting_days=suppress(statistics.median(w) if w else None, nw, user),
                placed=suppress(len(p), np_, user),
                median_days_to_place=suppress(statistics.median(p) if p else None, np_, user),
            )
        )
    return figures
