"""Decisions on interventions after an investigation and what follows: the intervention, or
immediate custody under LVU with the time limits it starts and the care the court decides."""

import datetime as dt
import random

from skyddsnat.cases.models import (
    Case,
    CaseStatus,
    Deadline,
    DeadlineKind,
    Decision,
    InterventionType,
    Investigation,
    Outcome,
)
from skyddsnat.cases.services import (
    decision_build,
    intervention_build,
    intervention_deadlines_build,
)
from skyddsnat.demo.generate.children.base import DistrictPlan
from skyddsnat.demo.generate.children.catalogue import (
    GRANT_SHARE,
    INTERVENTIONS,
    LVU_CARE,
    LVU_CUSTODY,
    LVU_CUSTODY_MONTHLY,
    LVU_PLACEMENTS,
    LVU_SHARE_OF_PLACEMENTS,
    PROVIDERS,
)
from skyddsnat.demo.generate.children.investigations import InvestigationContentGenerator
from skyddsnat.demo.generate.context import STOCKHOLM
from skyddsnat.lib.dates import add_months
from skyddsnat.organisation.models import (
    DecisionType,
)


class InterventionsGenerator(InvestigationContentGenerator):
    def decide(
        self,
        rng: random.Random,
        plan: DistrictPlan,
        case: Case,
        investigation: Investigation,
        deadline: Deadline,
        closes_on: dt.date,
        lag: int,
    ) -> None:
        """The decision that closes the investigation, and the intervention a grant starts."""
        caseworker = case.assigned_to
        assert caseworker is not None  # noqa: S101
        code = rng.choices(self.intervention_codes, self.intervention_weights)[0]
        lvu = (
            code in LVU_PLACEMENTS
            and LVU_CUSTODY in self.intervention_types
            and rng.random() < LVU_SHARE_OF_PLACEMENTS
        )
        if lvu:
            code = LVU_CUSTODY
        elif self.end_without_intervention(plan, case, investigation, deadline, closes_on):
            return
        intervention_type = self.intervention_types[code]
        outcome = Outcome.GRANT if lvu or rng.random() < GRANT_SHARE else Outcome.REFUSE
        # LVU: the caseworker has no delegation, so the manager records the chair's decision.
        decider, line = self.decider(
            rng, caseworker, plan.manager, DecisionType.INTERVENTION, intervention_type
        )
        decided_at = self.moment(rng, closes_on)
        if lvu:
            reason = (
                "Nämndens ordförande beslutar om omedelbart omhändertagande enligt 6 § LVU; "
                "beslutet registreras av enhetschef."
            )
        elif outcome == Outcome.GRANT:
            reason = f"Barnet har behov av {intervention_type.name.lower()}."
        else:
            reason = "Behovet tillgodoses på annat sätt; vårdnadshavarna tackar nej."
        decision = decision_build(
            case=case,
            decision_type=DecisionType.INTERVENTION,
            decided_on=closes_on,
            outcome=outcome,
            intervention_type=intervention_type,
            reason=reason,
            decided_by=decider,
            delegation=line,
            recorded_at=decided_at,
        )
        self.writer.add(decision)
        self.journal(
            case, decider, decided_at, f"Utredningen avslutad med beslut: {decision.reason}"
        )
        investigation.closed_on = closes_on
        deadline.done_at = decided_at
        if outcome == Outcome.REFUSE:
            case.status = CaseStatus.CLOSED
            case.closed_at = decided_at
            return
        case.status = CaseStatus.DECIDED
        self.intervention(rng, case, decision, intervention_type, closes_on, lag)

    def intervention(
        self,
        rng: random.Random,
        case: Case,
        decision: Decision,
        intervention_type: InterventionType,
        decided_on: dt.date,
        lag: int,
    ) -> None:
        if intervention_type.code == LVU_CUSTODY:
            self.lvu(rng, case, decision, intervention_type, decided_on)
            return
        started_on = decided_on + dt.timedelta(days=rng.randint(0, 21) + lag)
        if not self.happened(started_on):
            return
        _weight, monthly, (low, mode, high) = INTERVENTIONS[intervention_type.code]
        months = max(1, round(rng.triangular(low, high, mode)))
        ends_on = add_months(started_on, months)
        ended = self.happened(ends_on)
        self.writer.add(
            intervention_build(
                case=case,
                decision=decision,
                started_on=started_on,
                ended_on=ends_on if ended else None,
                cost_sek=self.cost(rng, monthly, started_on, ends_on if ended else self.end),
                provider=rng.choice(PROVIDERS),
            )
        )
        case.status = CaseStatus.INTERVENTION
        if ended:
            case.status = CaseStatus.CLOSED
            case.closed_at = dt.datetime.combine(ends_on, dt.time(16, 0), tzinfo=STOCKHOLM)

    def start_deadlines(
        self,
        case: Case,
        decision: Decision,
        intervention_type: InterventionType,
        started_on: dt.date,
    ) -> dict[str, Deadline]:
        """The time limits `intervention_start` starts for this intervention type."""
        lines = self.started_rules[intervention_type.pk]
        started = intervention_deadlines_build(
            case=case, decision=decision, lines=lines, started_on=started_on
        )
        return {deadline.kind: self.writer.add(deadline) for deadline in started}

    def lvu(
        self,
        rng: random.Random,
        case: Case,
        decision: Decision,
        custody_type: InterventionType,
        decided_on: dt.date,
    ) -> None:
        """Immediate custody from the day of the decision, submitted to the court within the
        week, the application for care within four weeks, then care under 2 § or 3 § from the
        court's decision, reconsidered every six months."""
        started_on = decided_on
        if not self.happened(started_on):
            return
        custody = intervention_build(
            case=case,
            decision=decision,
            started_on=started_on,
            provider=rng.choice(["Jourhemmet Lärkan", "Statens institutionsstyrelse"]),
        )
        self.writer.add(custody)
        case.status = CaseStatus.INTERVENTION
        deadlines = self.start_deadlines(case, decision, custody_type, started_on)
        court = deadlines.get(DeadlineKind.LVU_COURT_SUBMISSION)
        submitted_on = started_on + dt.timedelta(days=rng.randint(1, 6))
        if court is not None and self.happened(submitted_on):
            court.done_at = self.moment(rng, submitted_on)
            court.done_note = "Beslutet underställt förvaltningsrätten."
        application = deadlines.get(DeadlineKind.LVU_CARE_APPLICATION)
        applied_on = started_on + dt.timedelta(days=rng.randint(10, 27))
        if application is not None and self.happened(applied_on):
            application.done_at = self.moment(rng, applied_on)
            application.done_note = "Ansökan om vård enligt LVU inlämnad till förvaltningsrätten."
        care_from = applied_on + dt.timedelta(days=rng.randint(14, 35))
        if not self.happened(care_from):
            custody.cost_sek = self.cost(rng, LVU_CUSTODY_MONTHLY, started_on, self.end)
            return
        custody.ended_on = care_from
        custody.cost_sek = self.cost(rng, LVU_CUSTODY_MONTHLY, started_on, care_from)

        codes = list(LVU_CARE)
        code = rng.choices(codes, [LVU_CARE[c][0] for c in codes])[0]
        care_type = self.intervention_types[code]
        # Recorded by the manager who recorded the custody, under the line for care under LVU.
        manager = decision.decided_by
        line = self.delegation(manager, DecisionType.INTERVENTION, care_type)
        if line is None:
            raise RuntimeError(f"The delegation order has no line for {code}.")
        paragraph = "2" if code == "lvu-care-2" else "3"
        recorded_at = self.moment(rng, care_from)
        care_decision = decision_build(
            case=case,
            decision_type=DecisionType.INTERVENTION,
            decided_on=care_from,
            outcome=Outcome.GRANT,
            intervention_type=care_type,
            reason=(
                f"Förvaltningsrätten har beslutat om vård enligt {paragraph} § LVU på nämndens "
                "ansökan; beslutet registreras av enhetschef."
            ),
            decided_by=manager,
            delegation=line,
            recorded_at=recorded_at,
        )
        self.writer.add(care_decision)
        self.journal(case, manager, recorded_at, care_decision.reason)
        _weight, monthly, (low, mode, high) = LVU_CARE[code]
        ends_on = add_months(care_from, max(1, round(rng.triangular(low, high, mode))))
        ended = self.happened(ends_on)
        self.writer.add(
            intervention_build(
                case=case,
                decision=care_decision,
                started_on=care_from,
                ended_on=ends_on if ended else None,
                cost_sek=self.cost(rng, monthly, care_from, ends_on if ended else self.end),
                provider=rng.choice(PROVIDERS),
            )
        )
        # Care is reconsidered before each six months run out; a reconsideration starts the
        # next period. The last one is open while the care goes on.
        rule = self.rules[DeadlineKind.LVU_RECONSIDERATION]
        reconsider = self.start_deadlines(case, care_decision, care_type, care_from).get(rule.kind)
        while reconsider is not None:
            until = ends_on if ended else self.end
            if until <= reconsider.due:
                if ended:
                    reconsider.done_at = self.moment(rng, ends_on)
                break
            on = reconsider.due - dt.timedelta(days=rng.randint(3, 20))
            reconsider.done_at = self.moment(rng, on)
            reconsider.done_note = "Vården övervägd: fortsatt vård behövs."
            reconsider = self.deadline(case, rule.kind, on)
        if ended:
            case.status = CaseStatus.CLOSED
            case.closed_at = dt.datetime.combine(ends_on, dt.time(16, 0), tzinfo=STOCKHOLM)

    @staticmethod
    def cost(rng: random.Random, monthly: int, start: dt.date, end: dt.date) -> int:
        return max(0, round(monthly * rng.uniform(0.8, 1.2) * (end - start).days / 30.44))

    # -- districts -------------------------------------------------------------------------
