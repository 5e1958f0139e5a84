"""A small generator of the children flow with known parameters, written through the services:
each child gets a report, a safety assessment after a set number of hours, a pre-assessment after
a set number of days and, when asked, an investigation and an intervention."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from conftest import make_user
from skyddsnat.cases.models import DeadlineRule, InterventionType
from skyddsnat.cases.services import case_decide, intervention_start
from skyddsnat.children.services import pre_assessment_decide, safety_assessment_record
from skyddsnat.lib.dates import add_period, period_unit
from skyddsnat.organisation.models import District, Role

TZ = ZoneInfo("Europe/Stockholm")


@dataclass
class Flow:
    district: str  # the district the report is registered on (may be a merged one)
    received: dt.datetime
    safety_hours: float | None
    pre_days: int | None
    opens: bool = False
    investigation_days: int | None = None
    intervention_days: int | None = None  # from the report
    cost_sek: int = 0
    child_id: int | None = None
    case_id: int | None = None
    identity_number: str | None = None  # the child's (default: a generated one)


@pytest.fixture
def flows(db, make_report):
    """Write a list of Flow through the services; returns them with child and case ids."""
    workers: dict[str, object] = {}
    contact = InterventionType.objects.get(code="contact-person")

    def _write(items: list[Flow]) -> list[Flow]:
        for flow in items:
            district = District.objects.get(slug=flow.district)
            current = district.current()
            if current.slug not in workers:
                workers[current.slug] = make_user(
                    f"followup.{current.slug}", Role.CASEWORKER, current.slug
                )
            worker = workers[current.slug]
            number = {"personal_identity_number": flow.identity_number}
            report = make_report(
                worker,
                district=current,
                received_at=flow.received,
                **(number if flow.identity_number else {}),
            )
            if district != current:
                # History from before a merger: the report stays on the old district.
                type(report).objects.filter(pk=report.pk).update(district=district)
            flow.child_id, flow.case_id = report.child_id, report.case_id
            if flow.safety_hours is not None:
                safety_assessment_record(
                    user=worker,
                    report=report,
                    assessed_at=flow.received + dt.timedelta(hours=flow.safety_hours),
                    immediate_protection_needed=False,
                )
            if flow.pre_days is None:
                continue
            day = timezone.localtime(flow.received).date()
            case = report.case
            pre_assessment_decide(
                user=worker,
                case=case,
                decided_on=day + dt.timedelta(days=flow.pre_days),
                decision="open_investigation" if flow.opens else "no_investigation",
                reason="Bedömning.",
                # Asked for only when a decision not to investigate comes after the 14 days.
                exceptional_reasons="Synnerliga skäl: familjen kunde inte nås.",
            )
            if not flow.opens or flow.investigation_days is None:
                continue
            case.refresh_from_db()
            opened = day + dt.timedelta(days=flow.pre_days)
            decision = case_decide(
                user=worker,
                case=case,
                decided_on=opened + dt.timedelta(days=flow.investigation_days),
                outcome="grant",
                intervention_type=contact,
                reason="Behov av stöd.",
            )
            if flow.intervention_days is not None:
                intervention_start(
                    user=worker,
                    decision=decision,
                    started_on=day + dt.timedelta(days=flow.intervention_days),
                    cost_sek=flow.cost_sek,
                )
        return items

    return _write


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def due(kind: str, start: dt.date) -> dt.date:
    """The end of a legal limit counted from `start`, straight from its DeadlineRule row: tests
    derive their expectations from the rule as the code does, never from a number of their own."""
    rule = DeadlineRule.objects.get(kind=kind)
    return add_period(start, rule.amount, period_unit(rule.unit))


def flow_day(flow: Flow) -> dt.date:
    return timezone.localtime(flow.received).date()


def is_pre_late(flow: Flow, on: dt.date) -> bool | None:
    """Whether the flow's pre-assessment counts as late on `on` (None: not yet counted)."""
    limit = due("pre_assessment", flow_day(flow))
    if flow.pre_days is not None:
        return flow_day(flow) + dt.timedelta(days=flow.pre_days) > limit
    return True if on > limit else None


def is_investigation_over(flow: Flow, on: dt.date, window: int) -> bool | None:
    """Whether the flow's investigation counts as over its limit on `on` (None: not yet
    counted); one longer than `window` days counts as still open."""
    assert flow.opens and flow.pre_days is not None  # noqa: S101
    opened = flow_day(flow) + dt.timedelta(days=flow.pre_days)
    limit = due("investigation", opened)
    days = flow.investigation_days
    if days is not None and days <= window:
        return opened + dt.timedelta(days=days) > limit
    return True if on > limit else None


def assert_same_cells(by_sql: dict, by_python: dict) -> None:
    """The two computations (PostgreSQL's reaction months, Python over the records) give the same
    cells with the same figures, cell by cell and figure by figure."""
    assert by_sql.keys() == by_python.keys()
    for key, cell in by_sql.items():
        other = by_python[key].values
        assert cell.values.keys() == other.keys(), key
        for name, value in cell.values.items():
            if value is None:
                assert other[name] is None, (key, name)
            else:
                assert float(other[name]) == pytest.approx(float(value), abs=1e-9), (key, name)
