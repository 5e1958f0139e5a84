"""The care flow in the demo (skyddsnat.care): immediate custody decided at the report or during
the investigation, which goes on and ends with the application for care; care under 2 § or 3 §
with its six-monthly decisions; placements with their moves, plans, visits (some overdue) and
reviews. The rows are those the care services write, built in bulk like the rest of the demo."""

import datetime as dt
import random

from django.utils import timezone

from skyddsnat.care.models import (
    FAMILY_HOMES,
    CustodyEnd,
    CustodyStage,
    ImmediateCustody,
    LvuReview,
    Placement,
    PlacementDeadline,
    PlacementEnd,
    PlacementPlan,
    PlacementReview,
    PlacementReviewKind,
    PlacementVisit,
    PlanKind,
    ReviewKind,
    ReviewOutcome,
    VisitKind,
)
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
from skyddsnat.cases.services import decision_build, intervention_build
from skyddsnat.demo.generate.children.base import DistrictPlan, GeneratorBase
from skyddsnat.demo.generate.children.catalogue import (
    LVU_CARE,
    LVU_CUSTODY,
    LVU_CUSTODY_MONTHLY,
    PROVIDERS,
)
from skyddsnat.demo.generate.context import STOCKHOLM
from skyddsnat.lib.dates import add_months
from skyddsnat.organisation.models import DecisionType, User

# Immediate custody at the report (before the investigation), else during it.
CUSTODY_AT_REPORT_SHARE = 0.35
# Emergency-home placements that move on to a family home.
MOVE_ON_SHARE = 0.6
# Of the placements going on for more than half a year, one in this many has had no visit for
# months: its visit is overdue.
OVERDUE_VISIT_EVERY = 3
PLACEMENT_FORM_OF = {
    "family-home": "family_home",
    "emergency-home": "emergency_home",
    "hvb": "hvb",
}
HOMES = {
    "family_home": ["Familjen Lind", "Familjen Ek", "Familjen Berg", "Familjen Sjöberg"],
    "kinship_home": ["Mormor och morfar", "Farbror Jonas"],
    "emergency_home": ["Jourhemmet Lärkan", "Jourhemmet Tallen"],
    "hvb": ["HVB Solbacken", "HVB Granen"],
    "sis": ["SiS Bärby", "SiS Sundbo"],
}
VISIT_NOTES = [
    "Besök i familjehemmet; enskilt samtal med barnet om skolan och umgänget.",
    "Barnet trivs och vill fortsätta bo kvar.",
    "Samtal med barnet om saknaden efter föräldrarna.",
]


class CareGenerator(GeneratorBase):
    def link(self, placement: Placement, deadline: Deadline) -> Deadline:
        self.writer.add(PlacementDeadline(placement=placement, deadline=deadline))
        return deadline

    def settle(self, rng: random.Random, deadline: Deadline, day: dt.date, note: str) -> None:
        deadline.done_at = self.moment(rng, day)
        deadline.done_note = note

    def placement(
        self,
        rng: random.Random,
        case: Case,
        user: User,
        *,
        form: str,
        basis: str,
        started_on: dt.date,
        moved_from: Placement | None = None,
    ) -> Placement | None:
        """A placement record, or None when the child is placed elsewhere then (another case
        of the child): one active placement per child, as the database requires."""
        placed = self.__dict__.setdefault("_placed_until", {})
        if moved_from is None and case.person_id in placed:
            until = placed[case.person_id]
            if until is None or until > started_on:
                return None
        placement = self.writer.add(
            Placement(
                case=case,
                child=case.person,
                form=form,
                provider=rng.choice(HOMES[form]),
                basis=basis,
                started_on=started_on,
                moved_from=moved_from,
                social_worker=user,
                created_by=user,
                created_at=self.moment(rng, started_on),
            )
        )
        placed[case.person_id] = None
        return placement

    def placement_end(self, placement: Placement, on: dt.date, reason: str) -> None:
        placement.ended_on, placement.end_reason = on, reason
        self.__dict__["_placed_until"][placement.child_id] = on

    def follow_up(
        self, rng: random.Random, placement: Placement, user: User, until: dt.date
    ) -> None:
        """Plans, visits against the visit rule (some stop: overdue), the SoL reconsideration
        and the custody transfer considered in a family home, up to `until` (the end of the
        placement or of the demo). Limits still pending at `until` stay open."""
        start = placement.started_on
        ended = placement.ended_on is not None
        plan_on = start + dt.timedelta(days=rng.randint(0, 14))
        if plan_on < until:
            self.writer.add(
                PlacementPlan(
                    placement=placement,
                    kind=PlanKind.CARE_PLAN,
                    drawn_up_on=plan_on,
                    text="Vårdplan: målet är att barnet ska få trygghet och stabil skolgång.",
                    author=user,
                    recorded_at=self.moment(rng, plan_on),
                )
            )
        implementation_on = plan_on + dt.timedelta(days=rng.randint(10, 40))
        if implementation_on < until and rng.random() < 0.8:
            self.writer.add(
                PlacementPlan(
                    placement=placement,
                    kind=PlanKind.IMPLEMENTATION_PLAN,
                    drawn_up_on=implementation_on,
                    text="Genomförandeplan: skola, hälsa, umgänge med föräldrar varannan helg.",
                    author=user,
                    recorded_at=self.moment(rng, implementation_on),
                )
            )
        # Visits; for some placements the visits stop months before the end of the demo.
        stop = until
        if not ended and (until - start).days > 200:
            # Every third placement still going on after half a year: overdue (counted, not
            # drawn, so even a tiny demo has some).
            self._open_long_placements = getattr(self, "_open_long_placements", 0) + 1
            if self._open_long_placements % OVERDUE_VISIT_EVERY == 1:
                stop = until - dt.timedelta(days=rng.randint(120, 200))
        deadline = self.link(placement, self.deadline(placement.case, "placement_visit", start))
        day = start
        while True:
            day = day + dt.timedelta(days=rng.randint(30, 85))
            if day >= stop or day >= until:
                break
            kind = VisitKind.VISIT if rng.random() < 0.7 else VisitKind.CONVERSATION
            self.writer.add(
                PlacementVisit(
                    placement=placement,
                    kind=kind,
                    visited_on=day,
                    child_alone=rng.random() < 0.8,
                    note=rng.choice(VISIT_NOTES),
                    by=user,
                    recorded_at=self.moment(rng, day),
                )
            )
            self.settle(rng, deadline, day, "Besök")
            deadline = self.link(placement, self.deadline(placement.case, "placement_visit", day))
        if ended:
            self.settle(rng, deadline, until, "Placeringen avslutades.")
        if placement.basis == "sol":
            self.reviews(
                rng,
                placement,
                user,
                until,
                kind=PlacementReviewKind.RECONSIDERATION,
                first="placement_reconsideration",
                then="placement_reconsideration",
                reason="Vården behövs fortfarande; placeringen fungerar.",
            )
        if placement.form in FAMILY_HOMES:
            self.reviews(
                rng,
                placement,
                user,
                until,
                kind=PlacementReviewKind.CUSTODY_TRANSFER,
                first="custody_transfer",
                then="custody_transfer_yearly",
                reason="Vårdnadsöverflyttning övervägd: barnet har starka band till hemmet, "
                "men umgänget med föräldrarna fungerar; ingen ansökan nu.",
            )

    def reviews(
        self,
        rng: random.Random,
        placement: Placement,
        user: User,
        until: dt.date,
        *,
        kind: str,
        first: str,
        then: str,
        reason: str,
    ) -> None:
        deadline = self.link(placement, self.deadline(placement.case, first, placement.started_on))
        ended = placement.ended_on is not None
        while True:
            on = deadline.due - dt.timedelta(days=rng.randint(3, 25))
            if on >= until or not self.happened(on):
                if ended:
                    self.settle(rng, deadline, until, "Placeringen avslutades.")
                return
            self.writer.add(
                PlacementReview(
                    placement=placement,
                    kind=kind,
                    decided_on=on,
                    reason=reason,
                    deadline=deadline,
                    decided_by=user,
                    recorded_at=self.moment(rng, on),
                )
            )
            self.settle(rng, deadline, on, str(kind))
            deadline = self.link(placement, self.deadline(placement.case, then, on))

    def sol_placement(
        self,
        rng: random.Random,
        case: Case,
        code: str,
        started_on: dt.date,
        ends_on: dt.date | None,
    ) -> None:
        """The placement record of a placement granted under SoL."""
        user = case.assigned_to
        if user is None or code not in PLACEMENT_FORM_OF:
            return
        placement = self.placement(
            rng, case, user, form=PLACEMENT_FORM_OF[code], basis="sol", started_on=started_on
        )
        if placement is None:
            return
        until = ends_on or self.end
        # An emergency home is a stop on the way: most children move on to a family home.
        moved_on = started_on + dt.timedelta(days=rng.randint(25, 100))
        if code == "emergency-home" and moved_on < until and rng.random() < MOVE_ON_SHARE:
            self.placement_end(placement, moved_on, PlacementEnd.MOVED)
            self.follow_up(rng, placement, user, moved_on)
            moved = self.placement(
                rng,
                case,
                user,
                form=rng.choice(["family_home", "family_home", "kinship_home"]),
                basis="sol",
                started_on=moved_on,
                moved_from=placement,
            )
            assert moved is not None  # noqa: S101 (a move is never refused)
            placement = moved
        if ends_on is not None:
            self.placement_end(
                placement, ends_on, rng.choice([PlacementEnd.HOME, PlacementEnd.CARE_ENDED])
            )
        self.follow_up(rng, placement, user, until)

    def lvu(
        self,
        rng: random.Random,
        plan: DistrictPlan,
        case: Case,
        investigation: Investigation,
        deadline: Deadline,
        closes_on: dt.date,
    ) -> None:
        """Immediate custody at the report or during the investigation, carried out, submitted
        to the court within the week; the investigation goes on and closes with the application
        for care within four weeks; then care under 2 § or 3 § from the court's decision."""
        manager = plan.manager
        custody_type = self.intervention_types[LVU_CUSTODY]
        line = self.delegation(manager, DecisionType.INTERVENTION, custody_type)
        if line is None:
            raise RuntimeError("The delegation order has no line for immediate custody.")
        opened = timezone.localtime(case.opened_at).date()
        if rng.random() < CUSTODY_AT_REPORT_SHARE:
            custody_on, stage = opened, CustodyStage.REPORT
        else:
            custody_on = max(
                investigation.opened_on, closes_on - dt.timedelta(days=rng.randint(12, 27))
            )
            stage = CustodyStage.INVESTIGATION
        codes = list(LVU_CARE)
        code = rng.choices(codes, [LVU_CARE[c][0] for c in codes])[0]
        section = "2" if code == "lvu-care-2" else "3"
        recorded_at = self.moment(rng, custody_on)
        decision = self.writer.add(
            decision_build(
                case=case,
                decision_type=DecisionType.INTERVENTION,
                decided_on=custody_on,
                outcome=Outcome.GRANT,
                intervention_type=custody_type,
                reason=(
                    f"Nämndens ordförande beslutar om omedelbart omhändertagande enligt 6 § LVU "
                    f"(grund: {section} § LVU); beslutet registreras av enhetschef."
                ),
                decided_by=manager,
                delegation=line,
                recorded_at=recorded_at,
            )
        )
        self.journal(case, manager, recorded_at, decision.reason)
        court = self.deadline(case, DeadlineKind.LVU_COURT_SUBMISSION, custody_on)
        custody = ImmediateCustody(
            case=case,
            decision=decision,
            section=section,
            stage=stage,
            decided_on=custody_on,
            court_deadline=court,
        )
        submitted_on = custody_on + dt.timedelta(days=rng.randint(1, 6))
        if self.happened(submitted_on):
            self.settle(rng, court, submitted_on, "Beslutet underställt förvaltningsrätten.")
        carried = custody_on + dt.timedelta(days=rng.choice([0, 0, 0, 1]))
        # The investigation goes on; it closes with the application for care.
        investigation.closed_on = closes_on
        deadline.done_at = self.moment(rng, closes_on)
        case.status = CaseStatus.INTERVENTION  # the custody goes on
        custody.carried_out_on = carried
        application = self.deadline(case, DeadlineKind.LVU_CARE_APPLICATION, carried)
        custody.application_deadline = application
        custody_intervention = self.writer.add(
            intervention_build(
                case=case, decision=decision, started_on=carried, provider="Socialtjänsten"
            )
        )
        custody.intervention = custody_intervention
        self.writer.add(custody)
        first_form = "sis" if section == "3" and rng.random() < 0.5 else "emergency_home"
        first = self.placement(
            rng, case, manager, form=first_form, basis="lvu_6", started_on=carried
        )
        applied_on = min(closes_on, carried + dt.timedelta(days=27))
        if self.happened(applied_on):
            self.settle(rng, application, applied_on, "Ansökan om vård enligt LVU inlämnad.")
        care_from = applied_on + dt.timedelta(days=rng.randint(14, 35))
        if not self.happened(care_from):
            custody_intervention.cost_sek = self.cost(rng, LVU_CUSTODY_MONTHLY, carried, self.end)
            if first is not None:
                self.follow_up(rng, first, manager, self.end)
            return
        custody.ended_on, custody.end_reason = care_from, CustodyEnd.CARE
        custody_intervention.ended_on = care_from
        custody_intervention.cost_sek = self.cost(rng, LVU_CUSTODY_MONTHLY, carried, care_from)
        if first is not None:
            self.placement_end(first, care_from, PlacementEnd.MOVED)
            self.follow_up(rng, first, manager, care_from)
        self.care(rng, case, manager, code, section, care_from, first)

    def care(
        self,
        rng: random.Random,
        case: Case,
        manager: User,
        code: str,
        section: str,
        care_from: dt.date,
        first: Placement | None,
    ) -> None:
        care_type: InterventionType = self.intervention_types[code]
        line = self.delegation(manager, DecisionType.INTERVENTION, care_type)
        if line is None:
            raise RuntimeError(f"The delegation order has no line for {code}.")
        recorded_at = self.moment(rng, care_from)
        care_decision: Decision = self.writer.add(
            decision_build(
                case=case,
                decision_type=DecisionType.INTERVENTION,
                decided_on=care_from,
                outcome=Outcome.GRANT,
                intervention_type=care_type,
                reason=(
                    f"Förvaltningsrätten har beslutat om vård enligt {section} § LVU på nämndens "
                    "ansökan; beslutet registreras av enhetschef."
                ),
                decided_by=manager,
                delegation=line,
                recorded_at=recorded_at,
            )
        )
        self.journal(case, manager, recorded_at, care_decision.reason)
        _weight, monthly, (low, mode, high) = LVU_CARE[code]
        ends_on = add_months(care_from, max(1, round(rng.triangular(low, high, mode))))
        ended = self.happened(ends_on)
        care = self.writer.add(
            intervention_build(
                case=case,
                decision=care_decision,
                started_on=care_from,
                ended_on=ends_on if ended else None,
                cost_sek=self.cost(rng, monthly, care_from, ends_on if ended else self.end),
                provider=rng.choice(PROVIDERS),
            )
        )
        case.status = CaseStatus.INTERVENTION
        end_kind = DeadlineKind.LVU_CARE_END_2 if section == "2" else DeadlineKind.LVU_CARE_END_3
        born = case.person.date_of_birth
        assert born is not None  # noqa: S101  (every demo child has a number)
        end = self.deadline(case, end_kind, born)
        kind, review_kind = (
            (ReviewKind.CONSIDERATION, DeadlineKind.LVU_RECONSIDERATION)
            if section == "2"
            else (ReviewKind.REVIEW, DeadlineKind.LVU_REVIEW)
        )
        # A decision with its reasons before each six months run out; the last one ends the care.
        pending = self.deadline(case, review_kind, care_from)
        until = ends_on if ended else self.end
        while True:
            on = pending.due - dt.timedelta(days=rng.randint(3, 20))
            last = on >= until
            if last:
                if not ended:
                    break
                on = ends_on
            self.writer.add(
                LvuReview(
                    case=case,
                    intervention=care,
                    kind=kind,
                    decided_on=on,
                    outcome=ReviewOutcome.ENDS if last else ReviewOutcome.CONTINUES,
                    reason=(
                        "Vården behövs inte längre; den unge flyttar hem med stöd."
                        if last
                        else "Fortsatt vård behövs: förhållandena som låg till grund kvarstår."
                    ),
                    appealable=kind == ReviewKind.REVIEW,
                    deadline=pending,
                    decided_by=manager,
                    delegation=line,
                    recorded_at=self.moment(rng, on),
                )
            )
            self.settle(rng, pending, on, str(kind.label))
            if last:
                self.settle(rng, end, on, str(ReviewOutcome.ENDS.label))
                break
            pending = self.deadline(case, review_kind, on)
        form = (
            rng.choice(["family_home", "family_home", "kinship_home", "hvb"])
            if section == "2"
            else rng.choice(["hvb", "sis", "family_home"])
        )
        second = self.placement(
            rng,
            case,
            manager,
            form=form,
            basis=f"lvu_{section}",
            started_on=care_from,
            moved_from=first,
        )
        if ended:
            case.status = CaseStatus.CLOSED
            case.closed_at = dt.datetime.combine(ends_on, dt.time(16, 0), tzinfo=STOCKHOLM)
        if second is not None:
            if ended:
                self.placement_end(second, ends_on, PlacementEnd.CARE_ENDED)
            self.follow_up(rng, second, manager, ends_on if ended else self.end)

    @staticmethod
    def cost(rng: random.Random, monthly: int, start: dt.date, end: dt.date) -> int:
        return max(0, round(monthly * rng.uniform(0.8, 1.2) * (end - start).days / 30.44))
