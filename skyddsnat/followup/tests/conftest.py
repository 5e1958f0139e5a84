"""A small generator of the children flow with known parameters, written through the services:
each child gets a report, a safety assessment after a set number of hours, a pre-assessment after
a set number of days and, when asked, an investigation and an intervention."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from conftest import make_user
from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import case_decide, intervention_start
from skyddsnat.children.services import pre_assessment_decide, safety_assessment_record
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
            report = make_report(worker, district=current, received_at=flow.received)
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
