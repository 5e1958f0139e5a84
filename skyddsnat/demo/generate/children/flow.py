"""The children's flow, report by report: the report (opening a case or joining an open
investigation) with its safety assessment, the pre-assessment, early help, the investigation."""

import datetime as dt
import random

from skyddsnat.cases.models import (
    Case,
    CaseStatus,
    Deadline,
    DeadlineKind,
)
from skyddsnat.cases.services import (
    deadline_extension_build,
    investigation_build,
)
from skyddsnat.children.services import (
    early_help_build,
    pre_assessment_decision_build,
    report_build,
    report_case_build,
    safety_assessment_build,
)
from skyddsnat.demo.generate.children.base import ChildState, DistrictPlan
from skyddsnat.demo.generate.children.catalogue import (
    EARLY_HELP_NOTES,
    EARLY_HELP_SHARE,
    EXTENSION_REASONS,
    IMMEDIATE_PROTECTION_SHARE,
    INVESTIGATION_DAYS_PER_LAG_DAY,
    NO_INVESTIGATION_REASONS,
    OPEN_INVESTIGATION_REASONS,
    OPEN_INVESTIGATION_SHARE,
    REPORTERS,
    STUCK_PER_DISTRICT,
)
from skyddsnat.demo.generate.children.interventions import InterventionsGenerator
from skyddsnat.lib.dates import add_months
from skyddsnat.organisation.models import (
    Area,
    DecisionType,
    District,
    User,
)


class FlowGenerator(InterventionsGenerator):
    def report(
        self,
        rng: random.Random,
        plan: DistrictPlan,
        day: dt.date,
        received_at: dt.datetime,
        recorded_on: District,
    ) -> None:
        lag = self.options.outer_lag_days if plan.district.area == Area.OUTER else 0
        child, _is_new = self.child_for_report(rng, plan, day, received_at)
        joins = child.investigation is not None and (
            child.investigation[0] <= day < child.investigation[1]
        )
        # Recent reports may still wait in the manager's queue; everything older was assigned.
        recent = (self.end - day).days <= 14
        caseworker = rng.choice(plan.caseworkers)
        registrar = plan.manager if recent and rng.random() < 0.35 else caseworker

        if joins:
            case = Case(pk=child.case_id)
        else:
            case = self.writer.add(
                report_case_build(
                    person=child.person,
                    district=plan.district,
                    unit=plan.unit,
                    opened_at=received_at,
                    assigned_to=caseworker,
                )
            )
            pre = self.deadline(case, DeadlineKind.PRE_ASSESSMENT, day)
        safety = self.deadline(
            case, DeadlineKind.SAFETY_ASSESSMENT, day, received_time=received_at.time()
        )
        reporter_type, _w, reporter_name, description = rng.choices(
            REPORTERS, [r[1] for r in REPORTERS]
        )[0]
        report = report_build(
            case=case,
            child=child.person,
            district=recorded_on,
            received_at=received_at,
            reporter_type=reporter_type,
            reporter_name=reporter_name,
            description=description,
            registered_by=registrar,
            registered_at=min(
                received_at + dt.timedelta(minutes=rng.randrange(5, 90)), self.cutoff
            ),
            safety_deadline=safety,
        )
        self.writer.add(report)

        # Safety assessment: at once, in practice the same day; the outer city later.
        draw = rng.random()
        days = (0 if draw < 0.72 else 1 if draw < 0.95 else rng.randint(2, 4)) + lag
        assessed_at = self.moment(rng, day + dt.timedelta(days=days), after=received_at)
        immediate = rng.random() < IMMEDIATE_PROTECTION_SHARE
        if self.happened(assessed_at):
            assessor = registrar if registrar != plan.manager else caseworker
            notes = (
                "Akut skyddsbehov: barnet placeras tillfälligt."
                if immediate
                else "Inget akut skyddsbehov. Fortsatt bedömning."
            )
            self.writer.add(
                safety_assessment_build(
                    report=report,
                    assessed_at=assessed_at,
                    immediate_protection_needed=immediate,
                    notes=notes,
                    assessed_by=assessor,
                )
            )
            safety.done_at = assessed_at
            self.journal(case, assessor, assessed_at, f"Skyddsbedömning: {notes}")
        if joins:
            self.journal(
                case,
                caseworker,
                report.registered_at,
                "Ny anmälan under pågående utredning; den ingår i utredningen.",
            )
            return
        child.case_id = case.pk
        child.investigation = None
        self.pre_assessment(
            rng, plan, case, pre, child, day, assessed_at, immediate, lag, registrar
        )

    def pre_assessment(
        self,
        rng: random.Random,
        plan: DistrictPlan,
        case: Case,
        pre: Deadline,
        child: ChildState,
        day: dt.date,
        assessed_at: dt.datetime,
        immediate: bool,
        lag: int,
        registrar: User,
    ) -> None:
        caseworker = case.assigned_to
        assert caseworker is not None  # noqa: S101 (set just above, by report())
        if immediate:
            days = rng.randint(0, 2)
        else:
            days = round(rng.triangular(2, 14, 8))
            if rng.random() < 0.10:
                days += rng.randint(3, 14)  # late: past the 14 days
        decided_on: dt.date | None = max(day + dt.timedelta(days=days + lag), assessed_at.date())
        age = (self.end - day).days
        if 15 <= age <= 45 and (plan.stuck < STUCK_PER_DISTRICT or rng.random() < 0.1):
            # Stuck: no decision yet, past the 14 days, on the district's first caseworker.
            decided_on = None
            plan.stuck += 1
            case.assigned_to = caseworker = plan.caseworkers[0]
        child.pre_decided_on = decided_on
        if decided_on is None or not self.happened(decided_on):
            if registrar == plan.manager:
                case.assigned_to = None  # still in the manager's queue of unassigned reports
            return

        open_it = rng.random() < (0.9 if immediate else OPEN_INVESTIGATION_SHARE)
        decision_type = (
            DecisionType.OPEN_INVESTIGATION if open_it else DecisionType.NO_INVESTIGATION
        )
        decider, line = self.decider(rng, caseworker, plan.manager, decision_type)
        decided_at = self.moment(rng, decided_on, after=assessed_at)
        reasons = OPEN_INVESTIGATION_REASONS if open_it else NO_INVESTIGATION_REASONS
        self.writer.add(
            pre_assessment_decision_build(
                case=case,
                decision=decision_type,
                decided_on=decided_on,
                reason=rng.choice(reasons),
                decided_by=decider,
                delegation=line,
                recorded_at=decided_at,
            )
        )
        self.journal(case, decider, decided_at, "Förhandsbedömning klar: " + rng.choice(reasons))
        pre.done_at = decided_at
        if not open_it:
            case.status = CaseStatus.CLOSED
            case.closed_at = decided_at
            self.early_help(plan, case, decided_on, caseworker)
            return
        self.investigation(rng, plan, case, child, decided_on, lag)

    def early_help(
        self, plan: DistrictPlan, case: Case, decided_on: dt.date, caseworker: User
    ) -> None:
        """Some families get an intervention offered directly after a decision not to
        investigate (no needs assessment, with the guardians' consent). Its own random stream,
        so the rest of the data stays what it was for the same seed."""
        rng = self._early_rngs.setdefault(
            plan.district.slug, self.ctx.rng("early-help", plan.district.slug)
        )
        if not self.early_help_types or rng.random() >= EARLY_HELP_SHARE:
            return
        started_on = decided_on + dt.timedelta(days=rng.randint(0, 10))
        if not self.happened(started_on):
            return
        ended_on: dt.date | None = started_on + dt.timedelta(days=rng.randint(30, 120))
        if ended_on is not None and not self.happened(ended_on):
            ended_on = None
        self.writer.add(
            early_help_build(
                person=case.person,
                unit=case.unit,
                intervention_type=rng.choice(self.early_help_types),
                case=case,
                started_on=started_on,
                ended_on=ended_on,
                consent_given=True,
                consent_on=started_on,
                note=rng.choice(EARLY_HELP_NOTES),
                registered_by=caseworker,
                registered_at=self.moment(rng, started_on),
            )
        )

    def investigation(
        self,
        rng: random.Random,
        plan: DistrictPlan,
        case: Case,
        child: ChildState,
        opened_on: dt.date,
        lag: int,
    ) -> None:
        caseworker = case.assigned_to
        assert caseworker is not None  # noqa: S101
        case.status = CaseStatus.INVESTIGATION
        deadline = self.deadline(case, DeadlineKind.INVESTIGATION, opened_on)
        investigation = self.writer.add(
            investigation_build(case=case, opened_on=opened_on, deadline=deadline)
        )
        length = rng.triangular(45, 150, 95) + INVESTIGATION_DAYS_PER_LAG_DAY * lag
        if rng.random() < 0.15:
            length += rng.randint(20, 70)
        closes_on = opened_on + dt.timedelta(days=round(length))
        child.investigation = (opened_on, closes_on)

        if closes_on > deadline.original_due and rng.random() < 0.65:
            extended_on = max(
                opened_on, deadline.original_due - dt.timedelta(days=rng.randint(3, 20))
            )
            if self.happened(extended_on):
                new_due = add_months(deadline.original_due, rng.choice([1, 1, 2]))
                self.writer.add(
                    deadline_extension_build(
                        deadline=deadline,
                        new_due=new_due,
                        reason=rng.choice(EXTENSION_REASONS),
                        decided_by=plan.manager,
                        decided_at=self.moment(rng, extended_on),
                    )
                )
        self.investigation_content(plan, case, child, investigation, closes_on)
        if not self.happened(closes_on):
            return

        self.decide(
            rng,
            plan,
            case,
            investigation,
            deadline,
            closes_on,
            lag,
            unaccompanied=child.person.unaccompanied_minor,
        )
