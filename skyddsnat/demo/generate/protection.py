"""Violence and protection (issue 10 point 5), on top of the steps before, in each district:

- a few reports say what violence the child was exposed to or witnessed; a report still waiting
  for its pre-assessment has its investigation opened at once by the rule (rule data), as the
  service does it;
- the district's sheltered housing (skyddat boende, a kind of place in the places-and-queues
  module) and one granted place waiting in its queue.

Protected persons (skyddad folkbokföring and the other levels) come from the children step.
Rows are built as the services build them, but without a user's audit entries (the generation is
one system entry), with their own random stream: the steps before are unchanged."""

import datetime as dt
import random

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, CaseStatus, Deadline, InterventionType
from skyddsnat.cases.services import decision_build, investigation_close
from skyddsnat.children.models import Report, ReportViolence
from skyddsnat.children.services import immediate_investigation_rule, investigation_open_at_once
from skyddsnat.demo.generate.bulk import datetime_field, historical_timestamps
from skyddsnat.demo.generate.context import STOCKHOLM, DemoContext
from skyddsnat.lss.models import Facility, ResourceKind
from skyddsnat.lss.services.rows import queue_entry_build
from skyddsnat.organisation.models import DecisionType, Unit, UnitKind

# kinds, exposed, witnessed
MARKINGS = [
    (["physical", "psychological"], True, False),
    (["physical"], False, True),
    (["honour", "forced_marriage"], True, False),
]
# Each district's sheltered housing: name, places.
FACILITIES = [("Skyddat boende {district}", 4), ("Jourlägenhet {district}", 2)]


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("protection")
    kind = ResourceKind.objects.get(code="skyddat-boende")
    itype = InterventionType.objects.get(code="skyddat-boende")
    units = Unit.objects.filter(kind=UnitKind.CHILDREN, district__isnull=False)
    with historical_timestamps(datetime_field(ReportViolence, "recorded_at")):
        for unit in units.select_related("district").order_by("pk"):
            manager = ctx.manager_by_unit.get(unit.pk)
            if manager is None or unit.district is None:
                continue
            for name, places in FACILITIES:
                Facility.objects.create(
                    resource_kind=kind,
                    name=name.format(district=unit.district.name),
                    district=unit.district,
                    places=places,
                )
                ctx.counts["lss.Facility"] += 1
            _violence(ctx, rng, unit)
            _sheltered_housing(ctx, unit, manager, itype, kind)


def _recent(unit: Unit, status: CaseStatus) -> list[Report]:
    """The unit's latest reports on cases of this status (one per case)."""
    reports = (
        # Reports registered by staff (an e-service report has no registering user).
        Report.objects.filter(
            case__unit=unit,
            case__status=status,
            violence__isnull=True,
            registered_by__isnull=False,
        )
        .select_related("case", "registered_by")
        .order_by("-received_at", "-pk")
    )
    seen: set[int] = set()
    found = []
    for report in reports[:50]:
        if report.case_id not in seen:
            seen.add(report.case_id)
            found.append(report)
    return found


def _violence(ctx: DemoContext, rng: random.Random, unit: Unit) -> None:
    waiting = _recent(unit, CaseStatus.PRE_ASSESSMENT)[:1]
    investigated = _recent(unit, CaseStatus.INVESTIGATION)[: len(MARKINGS) - len(waiting)]
    for report, (kinds, exposed, witnessed) in zip(
        waiting + investigated, rng.sample(MARKINGS, len(MARKINGS)), strict=False
    ):
        registrar = report.registered_by
        if registrar is None:  # filtered in _recent; an e-service report has no registrar
            continue
        rule = immediate_investigation_rule(kinds=kinds, exposed=exposed, witnessed=witnessed)
        opened = False

        day = report.received_at.astimezone(STOCKHOLM).date()
        if rule is not None and report.case.status == CaseStatus.PRE_ASSESSMENT:
            case = Case.objects.select_for_update().get(pk=report.case_id)
            opened = investigation_open_at_once(user=registrar, case=case, rule=rule, opened_on=day)
            if opened:
                Case.objects.filter(pk=case.pk).update(status=CaseStatus.INVESTIGATION)
                # The pre-assessment's limit was met the day the report came in, not the day the
                # demo ran (nothing of the demo happens after its end date).
                Deadline.objects.filter(case=case, done_at__gt=report.received_at).update(
                    done_at=report.received_at
                )
                ctx.counts["cases.Investigation"] += 1
        ReportViolence.objects.create(
            report=report,
            kinds=kinds,
            child_exposed=exposed,
            child_witnessed=witnessed,
            rule=rule,
            investigation_opened=opened,
            recorded_by=registrar,
            recorded_at=report.received_at + dt.timedelta(hours=1),
        )
        ctx.counts["children.ReportViolence"] += 1


def _sheltered_housing(
    ctx: DemoContext, unit: Unit, manager, itype: InterventionType, kind: ResourceKind
) -> None:
    """One violence case of the district granted sheltered housing, waiting for a place."""
    report = (
        Report.objects.filter(
            case__unit=unit,
            case__status=CaseStatus.INVESTIGATION,
            violence__child_exposed=True,
            case__investigation__closed_on__isnull=True,
        )
        # Not a case the other steps work on (a referral waiting, a kommunicering going on).
        .filter(case__referrals__isnull=True, case__investigation__communications__isnull=True)
        .select_related("case__investigation")
        .order_by("-received_at", "-pk")
        .first()
    )
    delegation = policy.delegation_line(manager, DecisionType.INTERVENTION, itype)
    if report is None or delegation is None or unit.district is None:
        return
    case = report.case
    investigation = case.investigation
    decided_on = max(investigation.opened_on, ctx.options.end_date - dt.timedelta(days=1))
    decision = decision_build(
        case=case,
        decision_type=DecisionType.INTERVENTION,
        decided_on=decided_on,
        outcome="grant",
        intervention_type=itype,
        reason="Barnet och vårdnadshavaren behöver skyddat boende.",
        decided_by=manager,
        delegation=delegation,
    )
    decision.save(force_insert=True)
    investigation_close(investigation=investigation, closed_on=decided_on)
    # The investigation's limit was met on the day of the decision, not the day the demo ran.
    Deadline.objects.filter(
        case=case, done_at__gte=dt.datetime.combine(decided_on, dt.time(0), tzinfo=STOCKHOLM)
    ).update(done_at=dt.datetime.combine(decided_on, dt.time(12), tzinfo=STOCKHOLM))
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.DECIDED)
    queue_entry_build(
        decision=decision, resource_kind=kind, district=unit.district, queued_on=decided_on
    ).save(force_insert=True)
    ctx.counts["lss.QueueEntry"] += 1
