"""The children's generator's state (children, families, district plans) and what every part of
it shares: the bulk writer, rules and delegation lines fetched once, the day's working-hours
moments, the journal, deadlines (`deadline_build`), and the people it creates."""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from skyddsnat.care.models import (
    ImmediateCustody,
    LvuReview,
    Placement,
    PlacementDeadline,
    PlacementPlan,
    PlacementReview,
    PlacementVisit,
)
from skyddsnat.cases.models import (
    Case,
    CaseKind,
    Deadline,
    DeadlineExtension,
    DeadlineRule,
    Decision,
    Intervention,
    InterventionDeadline,
    InterventionType,
    Investigation,
    JournalEntry,
)
from skyddsnat.cases.services import (
    deadline_build,
    delegation_for,
    journal_entry_build,
)
from skyddsnat.children.models import EarlyHelp, Report, SafetyAssessment
from skyddsnat.demo.generate import names
from skyddsnat.demo.generate.bulk import BulkWriter
from skyddsnat.demo.generate.children.catalogue import (
    INTERVENTIONS,
    LVU_CARE,
    LVU_CUSTODY,
    PROTECTED_SHARE,
    PROTECTION_LEVELS,
    REPEAT_CHILD_SHARE,
    SIBLING_SHARE,
)
from skyddsnat.demo.generate.context import STOCKHOLM, DemoContext
from skyddsnat.investigations.models import (
    Communication,
    CommunicationParty,
    Conversation,
    Ending,
    Section,
)
from skyddsnat.organisation.models import (
    DecisionType,
    Delegation,
    District,
    Unit,
    User,
)
from skyddsnat.people.models import GuardianRelation, Guardianship, Person, ProtectionLevel

# The country of birth (ISO 3166-1) the national register asks for: the parents of a share of the
# families were born abroad (weights loosely after Stockholm's largest groups born abroad), a few
# are not known; a child of such a family was itself born abroad in some cases. Drawn from a
# stream of its own, so that the rest of the demo is the same with or without it.
BORN_ABROAD_SHARE = 0.3
COUNTRY_NOT_KNOWN_SHARE = 0.08
CHILD_BORN_ABROAD_SHARE = 0.35
COUNTRIES_ABROAD = {
    "FI": 5,
    "IQ": 5,
    "SY": 5,
    "IR": 3,
    "PL": 3,
    "SO": 3,
    "TR": 2,
    "ER": 2,
    "AF": 2,
    "CL": 1,
}
# Of new children aged 13 or more, this share came unaccompanied (ensamkommande barn): no parent
# in Sweden, an appointed guardian (särskilt förordnad vårdnadshavare) instead, born abroad, and
# placed when an intervention is decided (as most are).
UNACCOMPANIED_SHARE = 0.02
UNACCOMPANIED_FROM = ("AF", "SY", "SO", "ER")

INVESTIGATION_CONTENT = (Section, Conversation, Communication, CommunicationParty, Ending)


@dataclass(slots=True)
class ChildState:
    """What the simulation remembers about a child between reports."""

    person: Person
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
    parents_born_in: str = "SE"  # "" = not known
    children_born_in: str = "SE"
    # Came without parents: the guardian is appointed, the children are unaccompanied minors.
    unaccompanied: bool = False


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


class GeneratorBase:
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
        self._background: dict[str, random.Random] = {}  # per district (`family_background`)
        self._unaccompanied_in: set[str] = set()
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
                # The care flow (skyddsnat.care), after the decisions, deadlines and
                # interventions its rows point at.
                ImmediateCustody,
                LvuReview,
                Placement,
                PlacementDeadline,
                PlacementPlan,
                PlacementVisit,
                PlacementReview,
                JournalEntry,
                EarlyHelp,
                # The investigation's content (skyddsnat.investigations), after its parents.
                *INVESTIGATION_CONTENT,
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
        self.writer.add(journal_entry_build(case=case, author=author, text=text, written_at=at))

    # -- people ----------------------------------------------------------------------------

    def new_person(
        self,
        rng: random.Random,
        *,
        born: dt.date,
        first_name: str,
        family: Family,
        created_at: dt.datetime,
        child: bool = False,
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
            country_of_birth=family.children_born_in if child else family.parents_born_in,
            unaccompanied_minor=child and family.unaccompanied,
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
        self.family_background(plan, family, child_born, at.date())
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
        if family.unaccompanied:
            # One appointed guardian, not a parent (the rows above keep the stream as it was).
            del family.guardian_ids[1:]
        return family

    def family_background(
        self, plan: DistrictPlan, family: Family, child_born: dt.date, day: dt.date
    ) -> None:
        """Where the family's members were born, and whether the child came unaccompanied."""
        slug = plan.district.slug
        if slug not in self._background:
            self._background[slug] = self.ctx.rng("background", slug)
        stream = self._background[slug]
        abroad = list(COUNTRIES_ABROAD)
        weights = list(COUNTRIES_ABROAD.values())
        # The first eligible child of each district came alone, so that even a small demo
        # shows one in the register file; then a share of them.
        first = slug not in self._unaccompanied_in
        if (day - child_born).days >= 13 * 365 and (stream.random() < UNACCOMPANIED_SHARE or first):
            self._unaccompanied_in.add(slug)
            family.unaccompanied = True
            family.children_born_in = stream.choice(UNACCOMPANIED_FROM)
            family.parents_born_in = "SE" if stream.random() < 0.7 else ""
            return
        draw = stream.random()
        if draw < COUNTRY_NOT_KNOWN_SHARE:
            family.parents_born_in = family.children_born_in = ""
        elif draw < COUNTRY_NOT_KNOWN_SHARE + BORN_ABROAD_SHARE:
            family.parents_born_in = stream.choices(abroad, weights)[0]
            if stream.random() < CHILD_BORN_ABROAD_SHARE:
                family.children_born_in = family.parents_born_in

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
            rng,
            born=born,
            first_name=names.child_first_name(rng),
            family=family,
            created_at=at,
            child=True,
        )
        relation = GuardianRelation.APPOINTED if family.unaccompanied else GuardianRelation.PARENT
        for guardian_id in family.guardian_ids:
            self.writer.add(
                Guardianship(child_id=child.pk, guardian_id=guardian_id, relation=relation)
            )
        state = ChildState(person=child, born=born, family=family)
        plan.children.append(state)
        return state, True

    # -- the flow --------------------------------------------------------------------------

    def deadline(
        self, case: Case, kind: str, start: dt.date, received_time: dt.time | None = None
    ) -> Deadline:
        return self.writer.add(
            deadline_build(
                case=case, rule=self.rules[kind], start=start, received_time=received_time
            )
        )
