"""The demo writes the rows the services write: both build them with the flows' row builders.

Each test runs a service, then builds the same rows with the builders the demo generator calls,
from the same inputs, and compares every column but the row's own key and the times the
database stamps on save. A service that stopped using its builder (or changed what it writes
beside it) would fail here, and the demo's data would no longer be what the app produces.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import models

from skyddsnat.care import services as care_services
from skyddsnat.cases.models import (
    Case,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    Investigation,
)
from skyddsnat.cases.services import (
    deadline_build,
    intervention_build,
    investigation_build,
)
from skyddsnat.children.models import Report
from skyddsnat.children.services import (
    pre_assessment_decide,
    pre_assessment_decision_build,
    report_build,
    report_case_build,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A fixed evening in the past: the safety deadline of a report received after office hours is
# counted in hours, the part of the rule most easily got wrong.
RECEIVED = dt.datetime(2025, 3, 3, 21, 40, tzinfo=STOCKHOLM)
STAMPED = {"id", "recorded_at", "registered_at", "written_at", "decided_at"}


def columns(row: models.Model) -> dict[str, object]:
    return {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.attname not in STAMPED
    }


def test_a_report_writes_the_case_deadlines_and_report_the_demo_builds(
    caseworker, make_report, jarva
):
    report = make_report(caseworker, received_at=RECEIVED, reporter_name=" Skolan ")
    case = Case.objects.get(pk=report.case_id)
    rules = {r.kind: r for r in DeadlineRule.objects.all()}

    built_case = report_case_build(
        person=report.child,
        district=jarva,
        unit=case.unit,
        opened_at=RECEIVED,
        assigned_to=caseworker,
    )
    assert columns(built_case) == columns(case)
    pre, safety = case.deadlines.order_by("pk")
    start = RECEIVED.date()
    rule = rules[DeadlineKind.PRE_ASSESSMENT]
    assert columns(pre) == columns(deadline_build(case=case, rule=rule, start=start))
    rule = rules[DeadlineKind.SAFETY_ASSESSMENT]
    built = deadline_build(case=case, rule=rule, start=start, received_time=RECEIVED.time())
    assert columns(safety) == columns(built)
    built_report = report_build(
        case=case,
        child=report.child,
        district=jarva,
        received_at=RECEIVED,
        reporter_type=report.reporter_type,
        reporter_name=" Skolan ",
        description=report.description,
        registered_by=caseworker,
        safety_deadline=safety,
    )
    assert columns(built_report) == columns(Report.objects.get(pk=report.pk))
    assert report.reporter_name == "Skolan"


def test_a_pre_assessment_writes_the_decision_and_investigation_the_demo_builds(
    caseworker, make_report
):
    case = make_report(caseworker, received_at=RECEIVED).case
    decided_on = RECEIVED.date() + dt.timedelta(days=3)
    decision = pre_assessment_decide(
        user=caseworker,
        case=case,
        decided_on=decided_on,
        decision="open_investigation",
        reason="Upprepade anmälningar.",
    )
    investigation = Investigation.objects.get(case=case)
    deadline = investigation.deadline
    assert deadline is not None

    built = pre_assessment_decision_build(
        case=case,
        decision="open_investigation",
        decided_on=decided_on,
        reason="Upprepade anmälningar.",
        decided_by=caseworker,
        delegation=decision.delegation,
    )
    assert columns(built) == columns(Decision.objects.get(pk=decision.pk))
    rule = DeadlineRule.objects.get(kind=DeadlineKind.INVESTIGATION)
    assert columns(deadline) == columns(deadline_build(case=case, rule=rule, start=decided_on))
    built_investigation = investigation_build(case=case, opened_on=decided_on, deadline=deadline)
    assert columns(investigation) == columns(built_investigation)


def test_lvu_custody_carried_out_starts_the_intervention_and_time_limits_the_demo_builds(
    caseworker, manager, make_report
):
    """The rows demo/generate/children/care.py builds for custody are those the care services
    write: the custody's intervention from the day carried out, the court submission counted
    from the decision and the application for care from the day carried out."""
    case = make_report(caseworker, received_at=RECEIVED).case
    decided_on = RECEIVED.date() + dt.timedelta(days=2)
    before = set(case.deadlines.values_list("pk", flat=True))
    custody = care_services.custody_decide(
        user=manager, case=case, decided_on=decided_on, section="2", reason="Akut fara."
    )
    carried_on = decided_on + dt.timedelta(days=1)
    care_services.custody_carried_out(user=manager, custody=custody, carried_out_on=carried_on)
    custody.refresh_from_db()
    built = intervention_build(case=case, decision=custody.decision, started_on=carried_on)
    assert columns(built) == columns(Intervention.objects.get(pk=custody.intervention_id))
    started = case.deadlines.exclude(pk__in=before).exclude(kind=DeadlineKind.INVESTIGATION)
    rules = {r.kind: r for r in DeadlineRule.objects.all()}
    expected = [
        deadline_build(case=case, rule=rules[DeadlineKind.LVU_COURT_SUBMISSION], start=decided_on),
        deadline_build(case=case, rule=rules[DeadlineKind.LVU_CARE_APPLICATION], start=carried_on),
    ]
    assert [columns(d) for d in started.order_by("pk")] == [columns(d) for d in expected]
