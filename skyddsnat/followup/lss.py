"""The LSS figures of the follow-up area (issue 4 point 7): decisions granted and refused per
intervention, time from application to decision and to implementation, and the housing queue.
Each can be split by the person's sex or age band (`split`, followup/splits.py): every row is
then followed by one row per part, the age taken on the day of the figure's event (the decision's
day; the queue's day for those waiting, the day of the place for those placed).

Aggregates go to politicians and analysts only with small numbers suppressed (fewer than five
people: not shown), like the rest of follow-up; case staff see their own scope. A row is the sum
of its parts, so when exactly one part is hidden another is too (`suppression.complete`).
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseKind, Decision, Outcome
from skyddsnat.followup import splits
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
class Part:
    """A row's part under a split: "" and None for the whole row (label "Alla" with a split)."""

    key: str = ""
    label: str = ""
    code: str | None = None


def _parts(parts: splits.Parts) -> list[Part]:
    """The whole row's part, then each part of the split (none without one)."""
    if not parts.split:
        return [Part()]
    return [
        Part(label=gettext("All")),
        *(Part(key=p, label=parts.label(p), code=parts.code(p)) for p in parts.names()),
    ]


def _keys(parts: splits.Parts, person_id: int | None, day: dt.date) -> tuple[str, ...]:
    """The whole ("") and, with a split, the person's part on `day`."""
    part = parts.part(person_id, day)
    return ("",) if part is None else ("", part)


def _hidden(user: User, people: dict[Any, set[int]], wholes: Any, parts: splits.Parts) -> set[Any]:
    """The cells shown as "<5" (to politicians and analysts only): 1–4 people, and with a split
    the complements across a row's parts (splits.hidden_people)."""
    if not policy.sees_aggregates_only(user):
        return set()
    return splits.hidden_people(people, wholes, parts.names() if parts.split else [])


@dataclass(frozen=True)
class DecisionFigure:
    citation: str
    intervention: str
    granted: int | str | None
    refused: int | str | None
    part: str = ""
    part_code: str | None = None


def decision_figures(
    *, user: User, start: dt.date, end: dt.date, split: str | None = None
) -> list[DecisionFigure]:
    """Decisions granted and refused per intervention, decided within [start, end]. A count is
    suppressed when the people it is about are fewer than five. With a `split`, each
    intervention's row is followed by its parts (the age on the decision's day)."""
    decisions: dict[tuple[int, str, str], int] = defaultdict(int)
    people: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    rows = list(
        Decision.objects.filter(
            case__in=_aggregate_cases(user), decided_on__range=(start, end)
        ).values_list("intervention_type_id", "outcome", "case__person_id", "decided_on")
    )
    parts = splits.Parts(split, {row[2] for row in rows})
    for itype_id, outcome, person_id, decided_on in rows:
        for part in _keys(parts, person_id, decided_on):
            decisions[itype_id, outcome, part] += 1
            people[itype_id, outcome, part].add(person_id)
    hidden = _hidden(user, people, [k for k in list(people) if k[2] == ""], parts)
    figures = []
    for rule in InterventionRule.objects.select_related("intervention_type"):
        key = rule.intervention_type_id
        for shown_part in _parts(parts):

            def shown(outcome: str, key: int = key, part: str = shown_part.key) -> int | str | None:
                cell = (key, outcome, part)
                return SUPPRESSED if cell in hidden else decisions.get(cell, 0)

            figures.append(
                DecisionFigure(
                    citation=rule.intervention_type.citation,
                    intervention=rule.intervention_type.name,
                    granted=shown(Outcome.GRANT.value),
                    refused=shown(Outcome.REFUSE.value),
                    part=shown_part.label,
                    part_code=shown_part.code,
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
    part: str = ""
    part_code: str | None = None


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def lead_times(
    *, user: User, start: dt.date, end: dt.date, split: str | None = None
) -> list[LeadTimeFigure]:
    """Per district: days from application to decision, and from application to implementation
    (the first start of the decided intervention), for decisions taken within [start, end].
    Suppression counts the distinct people behind each figure. Medians computed in Python so
    SQLite works too. With a `split`, each district's row is followed by its parts (the age on
    the decision's day)."""
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
            {
                "district": district or "",
                "person": person_id,
                "decided": decided,
                "days": (decided - received).days,
            },
        )
        if started is not None:
            first = row.get("started")
            row["started"] = started if first is None else min(first, started)
            row["start_days"] = (row["started"] - received).days
    parts = splits.Parts(split, {row["person"] for row in requests.values()})
    to_decision: dict[tuple[str, str], list[int]] = defaultdict(list)
    to_start: dict[tuple[str, str], list[int]] = defaultdict(list)
    decided_people: dict[tuple[str, str], set[int]] = defaultdict(set)
    started_people: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in requests.values():
        for part in _keys(parts, row["person"], row["decided"]):
            key = (row["district"], part)
            to_decision[key].append(row["days"])
            decided_people[key].add(row["person"])
            if "start_days" in row:
                to_start[key].append(row["start_days"])
                started_people[key].add(row["person"])
    wholes = [key for key in list(decided_people) if key[1] == ""]
    hidden_decided = _hidden(user, decided_people, wholes, parts)
    hidden_started = _hidden(user, started_people, wholes, parts)
    figures = []
    for district in sorted({district for district, _part in wholes}):
        for shown_part in _parts(parts):
            key = (district, shown_part.key)
            d, s = to_decision.get(key, []), to_start.get(key, [])
            h1, h2 = key in hidden_decided, key in hidden_started
            figures.append(
                LeadTimeFigure(
                    district=district,
                    decisions=SUPPRESSED if h1 else len(d),
                    median_days_to_decision=SUPPRESSED if h1 else _median(d),
                    implementations=SUPPRESSED if h2 else len(s),
                    median_days_to_implementation=SUPPRESSED if h2 else _median(s),
                    part=shown_part.label,
                    part_code=shown_part.code,
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
    part: str = ""
    part_code: str | None = None


def queue_figures(
    *, user: User, on: dt.date | None = None, split: str | None = None
) -> list[QueueFigure]:
    """Queue length and waiting time per kind of place and district, as of `on`. Suppression
    counts the distinct people waiting (or placed), not queue entries. With a `split`, each
    row is followed by its parts (the age on `on` for those waiting, on the day of the place for
    those placed)."""
    on = on or today()
    waiting: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    placed: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    waiting_people: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    placed_people: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    entries = list(
        QueueEntry.objects.filter(
            decision__case__in=_aggregate_cases(user), queued_on__lte=on
        ).select_related("resource_kind", "district", "decision__case")
    )
    parts = splits.Parts(split, {entry.decision.case.person_id for entry in entries})
    for entry in entries:
        person_id = entry.decision.case.person_id
        if entry.placed_on is not None and entry.placed_on <= on:
            for part in _keys(parts, person_id, entry.placed_on):
                key = (entry.resource_kind.name, entry.district.name, part)
                placed[key].append((entry.placed_on - entry.queued_on).days)
                placed_people[key].add(person_id)
        elif entry.status in (QueueStatus.WAITING, QueueStatus.PLACED, QueueStatus.LEFT):
            for part in _keys(parts, person_id, on):
                key = (entry.resource_kind.name, entry.district.name, part)
                waiting[key].append((on - entry.queued_on).days)
                waiting_people[key].add(person_id)
    wholes = [key for key in {*waiting_people, *placed_people} if key[2] == ""]
    hidden_waiting = _hidden(user, waiting_people, wholes, parts)
    hidden_placed = _hidden(user, placed_people, wholes, parts)
    figures = []
    for kind, district, _whole in sorted(wholes):
        for shown_part in _parts(parts):
            key = (kind, district, shown_part.key)
            w, p = waiting.get(key, []), placed.get(key, [])
            hw, hp = key in hidden_waiting, key in hidden_placed
            figures.append(
                QueueFigure(
                    resource_kind=kind,
                    district=district,
                    waiting=SUPPRESSED if hw else len(w),
                    median_waiting_days=SUPPRESSED if hw else _median(w),
                    placed=SUPPRESSED if hp else len(p),
                    median_days_to_place=SUPPRESSED if hp else _median(p),
                    part=shown_part.label,
                    part_code=shown_part.code,
                )
            )
    return figures
