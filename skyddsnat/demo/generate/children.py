"""Children and youth: synthetic children with guardians, and their concern reports through safety
assessment, pre-assessment, investigation, decision and intervention, for every district.

The rows are exactly those the services in `children.services` and `cases.services` write (cases,
deadlines computed by `DeadlineRule.due_from`, reports with their safety deadline, decisions under
the delegation `delegation_for` picks, investigations, extensions, interventions, journal entries),
but built in memory and bulk-inserted: 400,000 reports through the services would take hours.

Each district is simulated day by day: a report on a child whose investigation is open joins it,
as `report_register` does; otherwise it opens a new case. Events that would fall on or after the
end date have not happened yet, so the newest cases are still open, some past their deadline.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from skyddsnat.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    CountsFrom,
    Deadline,
    DeadlineExtension,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    InterventionDeadline,
    InterventionType,
    Investigation,
    JournalEntry,
    Outcome,
)
from skyddsnat.cases.services import delegation_for
from skyddsnat.children.models import EarlyHelp, Report, ReporterType, SafetyAssessment
from skyddsnat.demo.generate import names
from skyddsnat.demo.generate.bulk import BulkWriter, datetime_field, historical_timestamps
from skyddsnat.demo.generate.context import STOCKHOLM, DemoContext
from skyddsnat.demo.generate.organisation import REPORTS_PER_YEAR_CITY, current_districts
from skyddsnat.lib.dates import add_months
from skyddsnat.organisation.models import (
    Area,
    DecisionType,
    Delegation,
    District,
    Role,
    Unit,
    UnitKind,
    User,
)
from skyddsnat.people.models import Guardianship, Person, ProtectionLevel

# Shares and lengths below are plausible for a Swedish children-and-youth unit, not measured.
REPEAT_CHILD_SHARE = 0.30  # reports about a child the district already knows
SIBLING_SHARE = 0.15  # new children who share guardians with a known child
PROTECTED_SHARE = 0.015
OPEN_INVESTIGATION_SHARE = 0.38
GRANT_SHARE = 0.75
IMMEDIATE_PROTECTION_SHARE = 0.04
# Outer-city investigations run this many days longer per day of reaction lag.
INVESTIGATION_DAYS_PER_LAG_DAY = 10
# Each district keeps at least this many recent cases stuck in pre-assessment past 14 days, so the
# demo's "Mina ärenden" always has overdue deadlines to show.
STUCK_PER_DISTRICT = 2

INTERVENTIONS = {
    # code: (weight, monthly cost in SEK, months (low, mode, high))
    "contact-person": (25, 3_500, (3, 12, 36)),
    "family-treatment": (30, 12_000, (2, 6, 12)),
    "parent-support": (10, 1_500, (1, 3, 6)),
    "counselling": (12, 2_500, (1, 4, 9)),
    "sig": (6, 6_000, (3, 9, 18)),
    "family-home": (7, 38_000, (3, 18, 48)),
    "emergency-home": (4, 62_000, (1, 3, 6)),
    "hvb": (4, 115_000, (2, 6, 18)),
    "supported-housing": (2, 48_000, (3, 8, 18)),
}
# Compulsory care (LVU): this share of placements in serious cases starts with immediate custody
# (LVU 6 §), followed after some weeks by care the court decides under 2 § or 3 §.
LVU_SHARE_OF_PLACEMENTS = 0.15
LVU_CARE = {
    # code: (weight, monthly cost in SEK, months (low, mode, high))
    "lvu-care-2": (3, 60_000, (6, 18, 48)),
    "lvu-care-3": (2, 110_000, (4, 10, 24)),
}
LVU_CUSTODY_MONTHLY = 95_000
LVU_PLACEMENTS = {"family-home", "emergency-home", "hvb"}
LVU_CUSTODY = "lvu-immediate-custody"
PROTECTION_LEVELS = [
    (ProtectionLevel.SECRECY_MARKING, 70),
    (ProtectionLevel.PROTECTED_REGISTRATION, 25),
    (ProtectionLevel.FICTITIOUS_IDENTITY, 5),
]
REPORTERS = [
    # reporter type, weight, reporter name, description
    (ReporterType.PROFESSIONAL, 30, "Skolan", "Skolan anmäler oro för barnets höga frånvaro."),
    (
        ReporterType.PROFESSIONAL,
        18,
        "Polismyndigheten",
        "Polisen anmäler att barnet var hemma när våld förekom mellan de vuxna.",
    ),  # fmt: skip
    (
        ReporterType.PROFESSIONAL,
        10,
        "Förskolan",
        "Förskolan ser blåmärken och ett barn som är rädd för att gå hem.",
    ),  # fmt: skip
    (
        ReporterType.PROFESSIONAL,
        8,
        "Barnavårdscentralen",
        "BVC oroar sig för bristande omsorg och föräldrarnas missbruk.",
    ),  # fmt: skip
    (
        ReporterType.PROFESSIONAL,
        9,
        "Akutmottagningen",
        "Akuten anmäler att ungdomen kom in berusad en sen kväll.",
    ),  # fmt: skip
    (
        ReporterType.PROFESSIONAL,
        5,
        "Elevhälsan",
        "Skolkuratorn oroar sig för att eleven rekryteras in i kriminalitet.",
    ),  # fmt: skip
    (ReporterType.PRIVATE, 12, "", "En granne hör ofta skrik och bråk från lägenheten."),
    (ReporterType.PRIVATE, 4, "", "En släkting oroar sig för hur barnet har det hemma."),
    (ReporterType.ANONYMOUS, 7, "", "Anonym uppgift om att barnet lämnas ensamt om nätterna."),
]
# Share of decisions not to investigate after which an intervention is offered directly.
EARLY_HELP_SHARE = 0.3
EARLY_HELP_NOTES = [
    "Föräldrarna tackade ja till föräldrastöd i grupp.",
    "Familjen önskar samtalsstöd kring konflikter hemma.",
    "Vårdnadshavarna samtycker till stödsamtal för barnet.",
]

NO_INVESTIGATION_REASONS = [
    "Vårdnadshavarna tar emot stöd på egen hand; ingen utredning behövs.",
    "Oron bedöms inte vara sådan att en utredning behövs. Familjen informerad om öppna insatser.",
    "Pågående kontakt med BUP och elevhälsan tillgodoser behovet.",
]
OPEN_INVESTIGATION_REASONS = [
    "Uppgifterna ger anledning att utreda om barnet behöver skydd eller stöd.",
    "Upprepade anmälningar och oro för barnets hälsa och utveckling.",
    "Barnet har bevittnat våld; utredning inleds utan dröjsmål.",
]
EXTENSION_REASONS = [
    "Väntar på utlåtande från BUP som behövs för bedömningen.",
    "Vårdnadshavaren har varit svår att nå; barnets samtal kunde inte hållas i tid.",
    "Ny anmälan under utredningen kräver kompletterande utredning.",
]
PROVIDERS = ["Egen regi", "Familjehemsenheten", "Stiftelsen Solbacken", "Ungdomsmottagningen"]


@dataclass(slots=True)
class ChildState:
    """What the simulation remembers about a child between reports."""

    person_id: int
    born: dt.date
    family: "Family"
    # The child's latest case: busy in pre-assessment until decided (None: not decided yet),
    # then, if an investigation opened, in investigation from its opening until its decision.
    case_id: int | None = None
    pre_decided_on: dt.date | None = None
    investigation: tuple[dt.date, dt.date] | None = None


@dataclass(slots=True)
class Family:
    last_name: str
    guardian_ids: list[int]
    address: tuple[str, str, str]
    protection: str


@dataclass
class DistrictPlan:
    """Everything about one district the simulation needs, fetched once."""

    district: District
    unit: Unit
    caseworkers: list[User]
    manager: User
    recorded_on: list[tuple[District, int]] = field(default_factory=list)  # predecessors, weight
    children: list[ChildState] = field(default_factory=list)
    stuck: int = 0


class ChildrenGenerator:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.options = ctx.options
        self.end = ctx.options.end_date
        self.cutoff = ctx.options.cutoff
        self.rules = {r.kind: r for r in DeadlineRule.objects.all()}
        self.intervention_types = {
            t.code: t
            for t in InterventionType.objects.filter(
                case_kind=CaseKind.CHILDREN,
                code__in=[*INTERVENTIONS, *LVU_CARE, LVU_CUSTODY],
            )
        }
        # The rules each intervention starts, as `intervention_start` reads them, with the day
        # each counts from (the decision or the start).
        self.started_rules: dict[int, list[InterventionDeadline]] = defaultdict(list)
        for line in InterventionDeadline.objects.select_related("rule"):
            self.started_rules[line.intervention_type_id].append(line)
        self.intervention_codes = [c for c in INTERVENTIONS if c in self.intervention_types]
        self.intervention_weights = [INTERVENTIONS[c][0] for c in self.intervention_codes]
        self._delegations: dict[tuple[str, str, int | None], Delegation | None] = {}
        self.early_help_types = list(
            InterventionType.objects.filter(
                case_kind=CaseKind.CHILDREN, without_needs_assessment=True
            ).order_by("code")
        )
        self._early_rngs: dict[str, random.Random] = {}
        self.writer = BulkWriter(
            [
                Person,
                Guardianship,
                Case,
                Deadline,
                Report,
                SafetyAssessment,
                Decision,
                Investigation,
                DeadlineExtension,
                Intervention,
                JournalEntry,
                EarlyHelp,
            ]
        )

    # -- helpers ---------------------------------------------------------------------------

    def delegation(
        self, user: User, decision_type: str, intervention_type: InterventionType | None = None
    ) -> Delegation | None:
        """The line `delegation_for` would pick for this user, or None if the role has none."""
        key = (user.role, decision_type, intervention_type.pk if intervention_type else None)
        if key not in self._delegations:
            try:
                self._delegations[key] = delegation_for(
                    user=user,
                    decision_type=DecisionType(decision_type),
                    intervention_type=intervention_type,
                )
            except PermissionDenied:
                self._delegations[key] = None
        return self._delegations[key]

    def decider(
        self,
        rng: random.Random,
        caseworker: User,
        manager: User,
        decision_type: str,
        intervention_type: InterventionType | None = None,
    ) -> tuple[User, Delegation]:
        """Usually the caseworker, when the delegation order lets them; else the manager."""
        line = self.delegation(caseworker, decision_type, intervention_type)
        if line is not None and rng.random() < 0.88:
            return caseworker, line
        line = self.delegation(manager, decision_type, intervention_type)
        if line is None:
            raise RuntimeError(f"The delegation order has no line for {decision_type}.")
        return manager, line

    @staticmethod
    def moment(
        rng: random.Random, day: dt.date, *, after: dt.datetime | None = None
    ) -> dt.datetime:
        """A working-hours time on `day`, later than `after` if given."""
        minute = rng.randrange(8 * 60, 17 * 60)
        at = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=STOCKHOLM)
        if after is not None and at <= after:
            at = after + dt.timedelta(minutes=rng.randrange(15, 150))
        return at

    def happened(self, at: dt.datetime | dt.date) -> bool:
        if isinstance(at, dt.datetime):
            return at < self.cutoff
        return at < self.end

    def journal(self, case: Case, author: User, at: dt.datetime, text: str) -> None:
        self.writer.add(JournalEntry(case_id=case.pk, author=author, written_at=at, text=text))

    # -- people ----------------------------------------------------------------------------

    def new_person(
        self,
        rng: random.Random,
        *,
        born: dt.date,
        first_name: str,
        family: Family,
        created_at: dt.datetime,
    ) -> Person:
        street, postal_code, city = family.address
        person = Person(
            personal_identity_number=self.ctx.identity_number(rng, born),
            first_name=first_name,
            last_name=family.last_name,
            date_of_birth=born,
            protection_level=family.protection,
            street_address=street,
            postal_code=postal_code,
            city=city,
            is_synthetic=True,
            created_at=created_at,
        )
        self.writer.add(person)
        return person

    def new_family(
        self, rng: random.Random, plan: DistrictPlan, child_born: dt.date, at: dt.datetime
    ) -> Family:
        protection = ProtectionLevel.NONE
        if rng.random() < PROTECTED_SHARE:
            levels, weights = zip(*PROTECTION_LEVELS, strict=True)
            protection = rng.choices(levels, weights)[0]
        family = Family(
            last_name=names.last_name(rng),
            guardian_ids=[],
            address=names.address(rng, plan.district.slug),
            protection=protection,
        )
        for index in range(2 if rng.random() < 0.8 else 1):
            born = child_born - dt.timedelta(days=rng.randrange(20 * 365, 45 * 365))
            own_name = index == 1 and rng.random() < 0.3
            guardian = self.new_person(
                rng,
                born=born,
                first_name=names.adult_first_name(rng, woman=index == 0),
                family=family,
                created_at=at,
            )
            if own_name:
                guardian.last_name = names.last_name(rng)
            family.guardian_ids.append(guardian.pk)
        return family

    def child_for_report(
        self, rng: random.Random, plan: DistrictPlan, day: dt.date, at: dt.datetime
    ) -> tuple[ChildState, bool]:
        """A known child of the district (a repeat report) or a new one; (child, is_new)."""
        if plan.children and rng.random() < REPEAT_CHILD_SHARE:
            known = rng.choice(plan.children[-3000:])
            age_days = (day - known.born).days
            busy_in_pre_assessment = known.case_id is not None and (
                known.pre_decided_on is None or known.pre_decided_on >= day
            )
            if age_days < 18 * 365 and not busy_in_pre_assessment:
                return known, False
        born = day - dt.timedelta(days=rng.randrange(30, 18 * 365 - 30))
        if plan.children and rng.random() < SIBLING_SHARE:
            family = rng.choice(plan.children[-3000:]).family
        else:
            family = self.new_family(rng, plan, born, at)
        child = self.new_person(
            rng, born=born, first_name=names.child_first_name(rng), family=family, created_at=at
        )
        for guardian_id in family.guardian_ids:
            self.writer.add(Guardianship(child_id=child.pk, guardian_id=guardian_id))
        state = ChildState(person_id=child.pk, born=born, family=family)
        plan.children.append(state)
        return state, True

    # -- the flow --------------------------------------------------------------------------

    def deadline(
        self, case: Case, kind: str, start: dt.date, received_time: dt.time | None = None
    ) -> Deadline:
        rule = self.rules[kind]
        due = rule.due_from(start, received_time=received_time)
        deadline = Deadline(
            case_id=case.pk, rule=rule, kind=kind, starts_on=start, original_due=due, due=due
        )
        self.writer.add(deadline)
        return deadline

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
            case = Case(
                kind=CaseKind.CHILDREN,
                person_id=child.person_id,
                district=plan.district,
                unit=plan.unit,
                status=CaseStatus.PRE_ASSESSMENT,
                opened_at=received_at,
                assigned_to=caseworker,
            )
            self.writer.add(case)
            pre = self.deadline(case, DeadlineKind.PRE_ASSESSMENT, day)
        safety = self.deadline(
            case, DeadlineKind.SAFETY_ASSESSMENT, day, received_time=received_at.time()
        )
        reporter_type, _w, reporter_name, description = rng.choices(
            REPORTERS, [r[1] for r in REPORTERS]
        )[0]
        report = Report(
            case_id=case.pk,
            child_id=child.person_id,
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
                SafetyAssessment(
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
            Decision(
                case_id=case.pk,
                decision_type=decision_type,
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
            EarlyHelp(
                person_id=case.person_id,
                unit_id=case.unit_id,
                intervention_type=rng.choice(self.early_help_types),
                case_id=case.pk,
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
        investigation = Investigation(case_id=case.pk, opened_on=opened_on, deadline=deadline)
        self.writer.add(investigation)
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
                    DeadlineExtension(
                        deadline=deadline,
                        previous_due=deadline.due,
                        new_due=new_due,
                        reason=rng.choice(EXTENSION_REASONS),
                        decided_by=plan.manager,
                        decided_at=self.moment(rng, extended_on),
                    )
                )
                deadline.due = new_due
        if not self.happened(closes_on):
            return

        code = rng.choices(self.intervention_codes, self.intervention_weights)[0]
        lvu = (
            code in LVU_PLACEMENTS
            and LVU_CUSTODY in self.intervention_types
            and rng.random() < LVU_SHARE_OF_PLACEMENTS
        )
        if lvu:
            code = LVU_CUSTODY
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
        decision = Decision(
            case_id=case.pk,
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
        running_days = ((ends_on if ended else self.end) - started_on).days
        cost = round(monthly * rng.uniform(0.8, 1.2) * running_days / 30.44)
        self.writer.add(
            Intervention(
                case_id=case.pk,
                decision=decision,
                intervention_type=intervention_type,
                started_on=started_on,
                ended_on=ends_on if ended else None,
                cost_sek=max(cost, 0),
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
        return {
            line.rule.kind: self.deadline(
                case,
                line.rule.kind,
                decision.decided_on if line.counts_from == CountsFrom.DECISION else started_on,
            )
            for line in self.started_rules[intervention_type.pk]
        }

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
        custody = Intervention(
            case_id=case.pk,
            decision=decision,
            intervention_type=custody_type,
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
        care_decision = Decision(
            case_id=case.pk,
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
            Intervention(
                case_id=case.pk,
                decision=care_decision,
                intervention_type=care_type,
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

    def plans(self) -> list[DistrictPlan]:
        plans = []
        for district in sorted(current_districts(), key=lambda d: d.slug):
            unit = Unit.objects.get(district=district, kind=UnitKind.CHILDREN)
            caseworkers = self.ctx.caseworkers_by_unit.get(unit.pk) or list(
                User.objects.filter(unit=unit, role=Role.CASEWORKER).order_by("username")
            )
            manager = self.ctx.manager_by_unit.get(unit.pk) or User.objects.get(
                unit=unit, role=Role.MANAGER, username=f"chef.{district.slug}"
            )
            plan = DistrictPlan(district, unit, caseworkers, manager)
            plan.recorded_on = [(p, p.population) for p in district.predecessors.order_by("slug")]
            plans.append(plan)
        return plans

    def recording_district(self, rng: random.Random, plan: DistrictPlan, day: dt.date) -> District:
        """Before a merger, reports were received by the district of the day (rinkeby-kista, …);
        the case still goes to the unit of the district that carries it today."""
        if plan.district.is_valid_on(day):
            return plan.district
        valid = [(d, w) for d, w in plan.recorded_on if d.is_valid_on(day)]
        if not valid:
            return plan.district
        districts, weights = zip(*valid, strict=True)
        return rng.choices(districts, weights)[0]

    def report_times(self, rng: random.Random, count: int) -> list[dt.datetime]:
        start = self.options.start_date
        span = (self.end - start).days
        days = []
        for _ in range(count):
            day = start + dt.timedelta(days=rng.randrange(span))
            if day.weekday() >= 5 and rng.random() < 0.5:  # fewer reports at weekends
                day = start + dt.timedelta(days=rng.randrange(span))
            days.append(day)
        days.sort()
        times = []
        for day in days:
            if rng.random() < 0.78:
                minute = rng.randrange(8 * 60, 17 * 60)
            else:  # police and emergency reports come at any hour
                minute = rng.choice([rng.randrange(17 * 60, 24 * 60), rng.randrange(0, 8 * 60)])
            times.append(
                dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=STOCKHOLM)
            )
        return times

    def run(self) -> None:
        plans = self.plans()
        city_population = sum(p.district.population for p in plans)
        years = (self.end - self.options.start_date).days / 365.25
        fields = [
            datetime_field(Person, "created_at"),
            datetime_field(Report, "registered_at"),
            datetime_field(Decision, "recorded_at"),
            datetime_field(DeadlineExtension, "decided_at"),
            datetime_field(JournalEntry, "written_at"),
            datetime_field(EarlyHelp, "registered_at"),
        ]
        with historical_timestamps(*fields):
            for plan in plans:
                rng = self.ctx.rng("children", plan.district.slug)
                count = round(
                    REPORTS_PER_YEAR_CITY
                    * self.options.scale
                    * years
                    * plan.district.population
                    / city_population
                )
                for received_at in self.report_times(rng, count):
                    day = received_at.date()
                    self.report(
                        rng, plan, day, received_at, self.recording_district(rng, plan, day)
                    )
                    self.writer.flush_if_full()
            self.writer.close()
        for label, written in self.writer.written.items():
            self.ctx.counts[label] += written


def generate(ctx: DemoContext) -> None:
    ChildrenGenerator(ctx).run()
