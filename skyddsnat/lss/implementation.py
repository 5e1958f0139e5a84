"""The LSS implementation limit (LSS 28 f–h §§, the LSS_IMPLEMENTATION deadline rule): granted
decisions waiting to be implemented, nearest due first, and the decisions not implemented (or
resumed) in time, for the quarterly report to IVO. Scoped to the user and audited per person,
like the other LSS reads (selectors.py)."""

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.utils import translation

from skyddsnat.audit.services import audit_log_many
from skyddsnat.cases import policy
from skyddsnat.cases.models import (
    Case,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    Outcome,
)
from skyddsnat.lib import identity
from skyddsnat.lib.dates import days_left
from skyddsnat.lib.paging import ordered, page_of
from skyddsnat.lss.models import (
    ClosureReason,
    DelayOfferAnswer,
    DelayReason,
    ImplementationDelay,
    SupportMeanwhile,
)
from skyddsnat.lss.selectors import lss_cases, today
from skyddsnat.organisation.models import User
from skyddsnat.people.models import IdentityKind, Person

# The manager is warned this many days before the implementation limit passes (a working
# routine, not law; the limit itself is the LSS_IMPLEMENTATION deadline rule).
APPROACHING_DAYS = 30


def implementation_rule() -> DeadlineRule:
    return DeadlineRule.objects.get(kind=DeadlineKind.LSS_IMPLEMENTATION)


def is_late(due: dt.date, on: dt.date) -> bool:
    """Late from the day after the due date: 'within' the limit includes its last day."""
    return on > due


@dataclass(frozen=True)
class PendingImplementation:
    decision: Decision
    due: dt.date
    days_left: int
    approaching: bool
    late: bool

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


def decisions_to_implement(*, user: User, on: dt.date | None = None) -> list[PendingImplementation]:
    """The first page of `decisions_to_implement_page`."""
    return list(decisions_to_implement_page(user=user, on=on).object_list)


IMPLEMENT_ORDERS: dict[str, tuple[str, ...]] = {
    # The limit runs the same time from every decision: the order of decision dates is the order
    # of due dates.
    "due": ("decided_on", "pk"),
    "recent": ("-decided_on", "-pk"),
}


def _last_start_due_before(rule: DeadlineRule, limit: dt.date) -> dt.date:
    """The latest decision date whose implementation limit falls before `limit` (the limit grows
    with the start date, so every earlier decision's does too). At most one period of steps, in
    Python, no query."""
    start = limit
    while rule.due_from(start) >= limit:
        start -= dt.timedelta(days=1)
    return start


def decisions_to_implement_page(
    *,
    user: User,
    params: Mapping[str, Any] | None = None,
    on: dt.date | None = None,
    limit: str = "",
    sort: str = "due",
) -> Page:
    """'Mina beslut att verkställa': granted decisions not yet implemented, nearest due first,
    one page at a time (the due dates come from the rule, so the order is made here, not in SQL;
    only the page's rows are read in full and logged).

    An officer sees the decisions of cases assigned to them; the manager those of the unit, and
    so sees decisions approaching the limit before it passes.
    """
    on = on or today()
    rule = implementation_rule()
    cases = lss_cases(user)
    if not policy.is_manager(user):
        cases = cases.filter(assigned_to=user)
    pending = (
        Decision.objects.filter(case__in=cases, outcome=Outcome.GRANT, interventions__isnull=True)
        # A decision that ended without implementation (services.delays) no longer waits.
        .exclude(implementation_delay__closed_on__isnull=False)
        .select_related(
            "case__person",
            "case__assigned_to",
            "case__lss_application",
            "intervention_type",
            "lss_terms",
            "implementation_delay",
        )
        .prefetch_related("queue_entry")
    )
    # `limit` "late": past the limit; "approaching": 0–APPROACHING_DAYS days left (as the rows'
    # own flags say), both as decision-date bounds so the filter is one WHERE in SQL.
    if limit == "late":
        pending = pending.filter(decided_on__lte=_last_start_due_before(rule, on))
    elif limit == "approaching":
        pending = pending.filter(
            decided_on__gt=_last_start_due_before(rule, on),
            decided_on__lte=_last_start_due_before(
                rule, on + dt.timedelta(days=APPROACHING_DAYS + 1)
            ),
        )
    page = page_of(ordered(pending, IMPLEMENT_ORDERS, sort), params or {})
    decisions = list(page.object_list)
    rows = []
    for decision in decisions:
        due = rule.due_from(decision.decided_on)
        left = days_left(due, on)
        rows.append(
            PendingImplementation(
                decision=decision,
                due=due,
                days_left=left,
                approaching=0 <= left <= APPROACHING_DAYS,
                late=is_late(due, on),
            )
        )
    page.object_list = rows
    audit_log_many(
        user=user,
        action="lss.decision.to_implement",
        rows=[(r.decision.case.person_id, r.decision.case_id) for r in rows],
    )
    return page


class LateKind:
    NOT_IMPLEMENTED = "not_implemented"
    IMPLEMENTED_LATE = "implemented_late"
    INTERRUPTED = "interrupted"
    RESUMED_LATE = "resumed_late"
    CLOSED = "closed"


LATE_KIND_LABELS = {
    LateKind.NOT_IMPLEMENTED: "Ej verkställt",
    LateKind.IMPLEMENTED_LATE: "Verkställt efter mer än tre månader",
    LateKind.INTERRUPTED: "Avbrott i verkställighet",
    LateKind.RESUMED_LATE: "Återupptaget efter mer än tre månaders avbrott",
    LateKind.CLOSED: "Avslutat utan verkställighet",
}


def ivo_identifier(person: Person) -> str:
    """The person as IVO's report names them: the personal (or coordination) number with the
    century and a hyphen, ÅÅÅÅMMDD-NNNN. A person without one is given by the reserve number as
    typed, or nothing (docs/statistics.md: what IVO accepts then is not verified)."""
    if person.personal_identity_number:
        return identity.display(person.personal_identity_number)
    if person.identity_kind == IdentityKind.RESERVE and person.reserve_number:
        return person.reserve_number
    return ""


def person_sex(person: Person) -> str:
    """ "K" or "M" from the identity number; "" when there is none."""
    if person.personal_identity_number:
        return identity.sex(person.personal_identity_number)
    return ""


@dataclass(frozen=True)
class OfferFact:
    offered_on: dt.date
    offered: str
    answer: str  # DelayOfferAnswer
    answered_on: dt.date | None

    @property
    def answer_label(self) -> str:
        with translation.override("sv"):  # the report to IVO is Swedish, whoever reads it
            return str(DelayOfferAnswer(self.answer).label)


@dataclass(frozen=True)
class LateRow:
    case_id: int
    person_id: int
    reference: str
    district: str
    intervention: str
    citation: str
    kind: str
    decided_on: dt.date
    counted_from: dt.date
    due: dt.date
    resolved_on: dt.date | None
    days_over: int
    # What the report to IVO asks beyond the dates (services.delays); empty when not recorded.
    identifier: str = ""
    sex: str = ""
    decision_id: int | None = None
    reason: str = ""  # DelayReason, or "" (an interruption's reason is its text)
    reason_text: str = ""
    consequences: str = ""
    offers: tuple[OfferFact, ...] = ()
    support_kind: str = ""
    support_text: str = ""
    closed_reason: str = ""
    closed_on: dt.date | None = None

    @property
    def kind_label(self) -> str:
        return LATE_KIND_LABELS[self.kind]

    # The report to IVO is Swedish, whoever reads it (as the kind labels above).
    @property
    def reason_label(self) -> str:
        with translation.override("sv"):
            return str(DelayReason(self.reason).label) if self.reason else ""

    @property
    def support_label(self) -> str:
        with translation.override("sv"):
            return str(SupportMeanwhile(self.support_kind).label) if self.support_kind else ""

    @property
    def closed_reason_label(self) -> str:
        with translation.override("sv"):
            return str(ClosureReason(self.closed_reason).label) if self.closed_reason else ""


_ROW_DATES = ("decided_on", "counted_from", "due", "resolved_on", "closed_on")
_OFFER_DATES = ("offered_on", "answered_on")


def late_row_stored(row: LateRow) -> dict[str, Any]:
    """A row as JSON (a prepared report keeps its rows as they were, `jobs.reports`)."""
    data = dataclasses.asdict(row)
    for name in _ROW_DATES:
        data[name] = data[name].isoformat() if data[name] else None
    data["offers"] = [
        {k: (v.isoformat() if k in _OFFER_DATES and v else v) for k, v in offer.items()}
        for offer in data["offers"]
    ]
    return data


def late_row_from_stored(data: Mapping[str, Any]) -> LateRow:
    """The row `late_row_stored` wrote (rows stored before a field existed get its default)."""

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    values = dict(data)
    for name in _ROW_DATES:
        if name in values:
            values[name] = day(values[name])
    values["offers"] = tuple(
        OfferFact(
            offered_on=dt.date.fromisoformat(o["offered_on"]),
            offered=o["offered"],
            answer=o["answer"],
            answered_on=day(o["answered_on"]),
        )
        for o in values.get("offers", ())
    )
    return LateRow(**values)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def late_rows(
    cases: QuerySet[Case], *, on: dt.date, period_start: dt.date | None = None
) -> list[LateRow]:
    """Granted decisions not implemented within the limit, or interrupted for as long, as of `on`,
    computed from the records (decision, start and interruption dates), not from flags.

    With `period_start`, decisions implemented (or resumed) late within the period are included
    too, with the date they were, as the quarterly report asks (LSS 28 h §).
    """
    rule = implementation_rule()
    decisions = (
        Decision.objects.filter(case__in=cases, outcome=Outcome.GRANT, decided_on__lte=on)
        .select_related(
            "case__district", "case__person", "intervention_type", "implementation_delay"
        )
        .prefetch_related(
            Prefetch(
                "interventions",
                queryset=Intervention.objects.prefetch_related("lss_interruptions"),
            ),
            "implementation_delay__offers",
        )
        .order_by("decided_on", "pk")
    )
    rows: list[LateRow] = []

    def add(
        decision: Decision,
        kind: str,
        counted: dt.date,
        due: dt.date,
        resolved: dt.date | None,
        interruption_reason: str = "",
    ):
        delay: ImplementationDelay | None = getattr(decision, "implementation_delay", None)
        facts: dict[str, Any] = {}
        if interruption_reason:
            facts = {"reason_text": interruption_reason}
        elif delay is not None:
            facts = {
                "reason": delay.reason,
                "reason_text": delay.reason_text,
                "consequences": delay.consequences,
                "offers": tuple(
                    OfferFact(o.offered_on, o.offered, o.answer, o.answered_on)
                    for o in delay.offers.all()
                ),
                "support_kind": delay.support_kind,
                "support_text": delay.support_text,
                "closed_reason": delay.closed_reason if kind == LateKind.CLOSED else "",
                "closed_on": delay.closed_on if kind == LateKind.CLOSED else None,
            }
        person = decision.case.person
        rows.append(
            LateRow(
                identifier=ivo_identifier(person),
                sex=person_sex(person),
                decision_id=decision.pk,
                **facts,
                case_id=decision.case_id,
                person_id=decision.case.person_id,
                reference=decision.case.reference,
                district=decision.case.district.name if decision.case.district else "",
                intervention=decision.intervention_type.name if decision.intervention_type else "",
                citation=decision.intervention_type.citation if decision.intervention_type else "",
                kind=kind,
                decided_on=decision.decided_on,
                counted_from=counted,
                due=due,
                resolved_on=resolved,
                days_over=((resolved or on) - due).days,
            )
        )

    def in_period(day: dt.date) -> bool:
        return period_start is not None and period_start <= day <= on

    for decision in decisions:
        due = rule.due_from(decision.decided_on)
        interventions = list(decision.interventions.all())
        started = min((i.started_on for i in interventions), default=None)
        if started is None or started > on:
            delay = getattr(decision, "implementation_delay", None)
            closed = delay.closed_on if delay is not None else None
            if closed is not None and closed <= on:
                # Ended without implementation: reported (as closed) in the quarter it ended,
                # if it had waited past its limit by then.
                if is_late(due, closed) and in_period(closed):
                    add(decision, LateKind.CLOSED, decision.decided_on, due, closed)
            elif is_late(due, on):
                add(decision, LateKind.NOT_IMPLEMENTED, decision.decided_on, due, None)
            continue
        if is_late(due, started) and in_period(started):
            add(decision, LateKind.IMPLEMENTED_LATE, decision.decided_on, due, started)
        for intervention in interventions:
            for interruption in intervention.lss_interruptions.all():
                if interruption.starts_on > on:
                    continue
                stop_due = rule.due_from(interruption.starts_on)
                ends = interruption.ends_on
                if ends is None or ends > on:
                    if is_late(stop_due, on):
                        add(
                            decision,
                            LateKind.INTERRUPTED,
                            interruption.starts_on,
                            stop_due,
                            None,
                            interruption.reason,
                        )
                elif is_late(stop_due, ends) and in_period(ends):
                    add(
                        decision,
                        LateKind.RESUMED_LATE,
                        interruption.starts_on,
                        stop_due,
                        ends,
                        interruption.reason,
                    )
    return rows


def ivo_report(*, user: User, year: int, quarter: int) -> tuple[dt.date, dt.date, list[LateRow]]:
    """The quarterly report to IVO and the council for the user's unit; audited per case."""
    start, end = quarter_bounds(year, quarter)
    rows = late_rows(lss_cases(user), on=end, period_start=start)
    audit_log_many(
        user=user,
        action="lss.ivo_report.read",
        rows=sorted({(r.person_id, r.case_id) for r in rows}),
        year=year,
        quarter=quarter,
    )
    return start, end, rows
