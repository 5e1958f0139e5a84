"""Decisions on interventions after an investigation and what follows: the intervention (with
its placement record), or, for a share of placements, immediate custody under LVU during the
investigation and the care the court decides (`care.CareGenerator`)."""

import datetime as dt
import random

from skyddsnat.cases.models import (
    Case,
    CaseStatus,
    Deadline,
    Decision,
    InterventionType,
    Investigation,
    Outcome,
)
from skyddsnat.cases.services import (
    decision_build,
    intervention_build,
)
from skyddsnat.demo.generate.children.base import DistrictPlan
from skyddsnat.demo.generate.children.care import CareGenerator
from skyddsnat.demo.generate.children.catalogue import (
    GRANT_SHARE,
    INTERVENTIONS,
    LVU_CUSTODY,
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


class InterventionsGenerator(InvestigationContentGenerator, CareGenerator):
    def decide(
        self,
        rng: random.Random,
        plan: DistrictPlan,
        case: Case,
        investigation: Investigation,
        deadline: Deadline,
        closes_on: dt.date,
        lag: int,
        *,
        unaccompanied: bool = False,
    ) -> None:
        """The decision that closes the investigation, and the intervention a grant starts. An
        unaccompanied child is placed in an HVB home (as most are) instead of helped at home."""
        caseworker = case.assigned_to
        assert caseworker is not None  # noqa: S101
        code = rng.choices(self.intervention_codes, self.intervention_weights)[0]
        lvu = (
            code in LVU_PLACEMENTS
            and LVU_CUSTODY in self.intervention_types
            and rng.random() < LVU_SHARE_OF_PLACEMENTS
        )
        # Swapped after the draws above, so the stream (and the rest of the demo) stays the same.
        if unaccompanied and not self.intervention_types[code].is_placement:
            code = "hvb" if "hvb" in self.intervention_types else code
        if lvu:
            # Immediate custody came during the investigation (or at the report); the
            # investigation goes on and closes with the application for care (skyddsnat.care).
            self.lvu(rng, plan, case, investigation, deadline, closes_on)
            return
        if self.end_without_intervention(plan, case, investigation, deadline, closes_on):
            return
        intervention_type = self.intervention_types[code]
        outcome = Outcome.GRANT if rng.random() < GRANT_SHARE else Outcome.REFUSE
        decider, line = self.decider(
            rng, caseworker, plan.manager, DecisionType.INTERVENTION, intervention_type
        )
        decided_at = self.moment(rng, closes_on)
        if outcome == Outcome.GRANT:
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
        if intervention_type.is_placement:
            self.sol_placement(
                rng, case, intervention_type.code, started_on, ends_on if ended else None
            )
        if ended:
            case.status = CaseStatus.CLOSED
            case.closed_at = dt.datetime.combine(ends_on, dt.time(16, 0), tzinfo=STOCKHOLM)

    # -- districts -------------------------------------------------------------------------
