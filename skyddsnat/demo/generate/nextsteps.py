"""What the case page tells the caseworker to do next, and children without a number (issue 9
points 3 and 7), on top of the children's cases the step before generated:

- a decision not to investigate taken after the 14 days gets its exceptional reasons;
- investigations near their limit have an extension asked for, waiting in the manager's queue
  ("Beslut att fatta"), and each district's manager has a placement sent to them to decide;
- each district has reports about children without a personal identity number (a coordination
  number, a temporary reserve number, identity unknown, an unborn child), some matched later to
  the right person (identified in place, or joined to a child already known, with the history
  moved).

Its own random stream and rows read in primary-key order: the same seed gives the same data, and
the steps before are unchanged."""

import datetime as dt
import random

from django.db.models import F, QuerySet

from skyddsnat.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Decision,
    InterventionType,
    JournalEntry,
    Referral,
)
from skyddsnat.cases.services import deadline_build
from skyddsnat.children.models import PreAssessmentExceptionalReasons, Report
from skyddsnat.children.services import report_build, report_case_build, safety_assessment_build
from skyddsnat.demo.generate.bulk import datetime_field, historical_timestamps
from skyddsnat.demo.generate.children.catalogue import EXTENSION_REASONS
from skyddsnat.demo.generate.context import STOCKHOLM, DemoContext
from skyddsnat.lib.dates import add_months
from skyddsnat.lib.identity import luhn_check_digit
from skyddsnat.organisation.models import DecisionType, Role, Unit, UnitKind, User
from skyddsnat.people.models import Guardianship, IdentityKind, Person

EXCEPTIONAL_REASONS = [
    "Vårdnadshavarna var utomlands och kunde nås först efter fristen; barnets situation "
    "bedömdes som trygg under tiden.",
    "Tolk på barnets språk fanns inte att tillgå inom fristen.",
    "Uppgifter från hälso- och sjukvården behövdes för bedömningen och kom efter fristen.",
]
PLACEMENT_REASONS = [
    "Barnet kan inte bo kvar hemma under utredningen; familjehem föreslås.",
    "Utredningen visar behov av vård utanför hemmet; placering i familjehem föreslås.",
]
# Per district: reports about a child without a number, and which of them are matched later.
WITHOUT_NUMBER = [
    # kind, first name, last name, matched later: "" no, "in_place", "known"
    (IdentityKind.COORDINATION, "Amir", "Haddad", "in_place"),
    (IdentityKind.RESERVE, "Okänd", "Flicka", "known"),
    (IdentityKind.UNKNOWN, "Okänd", "Pojke", ""),
    (IdentityKind.UNBORN, "Ofött barn", "Berg", ""),
]
EXTENSION_REQUESTS_PER_DISTRICT = 2


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("nextsteps")
    end = ctx.options.end_date
    cutoff = ctx.options.cutoff
    fields = [
        datetime_field(Referral, "sent_at"),
        datetime_field(Report, "registered_at"),
        datetime_field(Person, "created_at"),
        datetime_field(JournalEntry, "written_at"),
    ]
    with historical_timestamps(*fields):
        _exceptional_reasons(ctx, rng)
        units = Unit.objects.filter(kind=UnitKind.CHILDREN, district__isnull=False).order_by("pk")
        for index, unit in enumerate(units):
            manager = ctx.manager_by_unit.get(unit.pk)
            if manager is None:
                continue
            _extension_requests(ctx, rng, unit, end, cutoff)
            _placement_referral(ctx, rng, unit, cutoff)
            # A few city-wide, one kind per district: rare, as such reports are.
            if index < len(WITHOUT_NUMBER):
                _without_number(ctx, rng, unit, end, WITHOUT_NUMBER[index])


def _exceptional_reasons(ctx: DemoContext, rng: random.Random) -> None:
    """The flow lets some decisions come after the 14 days: those not to investigate carry the
    exceptional reasons the service asks for."""
    late = (
        Decision.objects.filter(
            decision_type=DecisionType.NO_INVESTIGATION,
            case__kind=CaseKind.CHILDREN,
            case__deadlines__kind=DeadlineKind.PRE_ASSESSMENT,
            decided_on__gt=F("case__deadlines__due"),
        )
        .annotate(due=F("case__deadlines__due"))
        .order_by("pk")
    )
    rows = [
        PreAssessmentExceptionalReasons(
            decision=decision,
            reasons=rng.choice(EXCEPTIONAL_REASONS),
            days_late=(decision.decided_on - decision.due).days,
        )
        for decision in late
    ]
    PreAssessmentExceptionalReasons.objects.bulk_create(rows)
    ctx.counts["children.PreAssessmentExceptionalReasons"] += len(rows)


def _near_limit(unit: Unit, end: dt.date) -> "QuerySet[Case]":
    """The unit's open investigations whose limit comes first (not yet passed)."""
    return (
        Case.objects.filter(
            unit=unit,
            status=CaseStatus.INVESTIGATION,
            investigation__closed_on__isnull=True,
            investigation__deadline__due__gte=end,
            assigned_to__isnull=False,
        )
        .select_related("investigation__deadline", "assigned_to")
        .order_by("investigation__deadline__due", "pk")
    )


def _extension_requests(
    ctx: DemoContext, rng: random.Random, unit: Unit, end: dt.date, cutoff: dt.datetime
) -> None:
    for case in _near_limit(unit, end)[:EXTENSION_REQUESTS_PER_DISTRICT]:
        deadline = case.investigation.deadline
        assert deadline is not None and case.assigned_to is not None  # noqa: S101 (filtered)
        Referral.objects.create(
            case=case,
            decision_type=DecisionType.EXTEND_INVESTIGATION,
            proposed_due=add_months(deadline.due, 1),
            reason=rng.choice(EXTENSION_REASONS),
            sent_to_role=Role.MANAGER,
            sent_by=case.assigned_to,
            sent_at=cutoff - dt.timedelta(hours=rng.randint(2, 70)),
        )
        ctx.counts["cases.Referral"] += 1


def _placement_referral(
    ctx: DemoContext, rng: random.Random, unit: Unit, cutoff: dt.datetime
) -> None:
    placement = InterventionType.objects.filter(code="family-home").first()
    case = (
        Case.objects.filter(
            unit=unit,
            status=CaseStatus.INVESTIGATION,
            investigation__closed_on__isnull=True,
            assigned_to__isnull=False,
        )
        .exclude(referrals__isnull=False)
        .order_by("-pk")
        .first()
    )
    if placement is None or case is None or case.assigned_to is None:
        return
    Referral.objects.create(
        case=case,
        decision_type=DecisionType.INTERVENTION,
        intervention_type=placement,
        proposed_outcome="grant",
        reason=rng.choice(PLACEMENT_REASONS),
        sent_to_role=Role.MANAGER,
        sent_by=case.assigned_to,
        sent_at=cutoff - dt.timedelta(hours=rng.randint(2, 70)),
    )
    ctx.counts["cases.Referral"] += 1


def _without_number(
    ctx: DemoContext,
    rng: random.Random,
    unit: Unit,
    end: dt.date,
    entry: tuple[str, str, str, str],
) -> None:
    caseworkers = ctx.caseworkers_by_unit.get(unit.pk) or []
    district = unit.district
    if not caseworkers or district is None:
        return
    rules = {r.kind: r for r in DeadlineRule.objects.all()}
    known_children = Person.objects.filter(
        cases__unit=unit, identity_kind=IdentityKind.PERSONAL, is_synthetic=True
    ).order_by("pk")
    kind, first_name, last_name, matched = entry
    # The child lives in a family the district knows: its address and guardians (domain.md §8:
    # every generated child has both).
    if not known_children.exists():
        return
    family_child = known_children[rng.randrange(min(20, known_children.count()))]
    caseworker = caseworkers[0]
    day = end - dt.timedelta(days=rng.randint(3, 40))
    received_at = dt.datetime.combine(day, dt.time(rng.randint(8, 15), 0), tzinfo=STOCKHOLM)
    born = day - dt.timedelta(days=rng.randint(365, 14 * 365))
    person = Person(
        identity_kind=kind,
        first_name=first_name,
        last_name=last_name,
        is_synthetic=True,
        created_at=received_at,
        street_address=family_child.street_address,
        postal_code=family_child.postal_code,
        city=family_child.city,
    )
    if kind == IdentityKind.COORDINATION:
        # A samordningsnummer: the day of birth + 60, checksum-valid.
        number = ctx.identity_number(rng, born)
        person.personal_identity_number = f"{number[:6]}{int(number[6:8]) + 60}{number[8:11]}"
        person.personal_identity_number += _check_digit(person.personal_identity_number)
        person.date_of_birth = born
    elif kind == IdentityKind.RESERVE:
        person.reserve_number = f"R{day:%y%m%d}-{rng.randint(100, 999)}"
    elif kind == IdentityKind.UNBORN:
        person.expected_birth_date = day + dt.timedelta(days=rng.randint(30, 120))
    person.save(force_insert=True)
    for link in Guardianship.objects.filter(child=family_child).order_by("pk"):
        Guardianship.objects.create(child=person, guardian_id=link.guardian_id)
    case = report_case_build(
        person=person,
        district=district,
        unit=unit,
        opened_at=received_at,
        assigned_to=caseworker,
    )
    case.save(force_insert=True)
    for deadline_kind in (DeadlineKind.PRE_ASSESSMENT,):
        deadline_build(case=case, rule=rules[deadline_kind], start=day).save(force_insert=True)
    safety = deadline_build(
        case=case,
        rule=rules[DeadlineKind.SAFETY_ASSESSMENT],
        start=day,
        received_time=received_at.time(),
    )
    safety.save(force_insert=True)
    report = report_build(
        case=case,
        child=person,
        district=district,
        received_at=received_at,
        reporter_type="professional",
        reporter_name="BVC" if kind == IdentityKind.UNBORN else "Skolkurator",
        description=(
            "Mödravården oroar sig för den blivande mammans missbruk."
            if kind == IdentityKind.UNBORN
            else "Barnet saknar personnummer i våra system; oro för barnets hemsituation."
        ),
        registered_by=caseworker,
        registered_at=received_at + dt.timedelta(minutes=20),
        safety_deadline=safety,
    )
    report.save(force_insert=True)
    assessed_at = received_at + dt.timedelta(hours=2)
    safety_assessment_build(
        report=report,
        assessed_at=assessed_at,
        immediate_protection_needed=False,
        notes="Inget akut skyddsbehov.",
        assessed_by=caseworker,
    ).save(force_insert=True)
    Deadline.objects.filter(pk=safety.pk).update(done_at=assessed_at)
    ctx.counts["children.Report"] += 1
    ctx.counts["people.Person"] += 1
    if matched:
        _match(ctx, rng, person, case, caseworker, matched, known_children, born, assessed_at)


def _match(
    ctx: DemoContext,
    rng: random.Random,
    person: Person,
    case: Case,
    caseworker: User,
    how: str,
    known_children: "QuerySet[Person]",
    born: dt.date,
    at: dt.datetime,
) -> None:
    """What `cases.matching.person_match` does, as rows: identified in place, or joined to a
    child already known (the report and the case move; the provisional row is kept)."""
    at = at + dt.timedelta(days=2)
    if how == "in_place" or not known_children.exists():
        number = ctx.identity_number(rng, born)
        Person.objects.filter(pk=person.pk).update(
            personal_identity_number=number,
            identity_kind=IdentityKind.PERSONAL,
            date_of_birth=born,
            first_name=person.first_name,
        )
        text = "Barnet har fått personnummer; identiteten är fastställd."
    else:
        target = known_children[rng.randrange(min(20, known_children.count()))]
        Case.objects.filter(person=person).update(person=target)
        Report.objects.filter(child=person).update(child=target)
        Person.objects.filter(pk=person.pk).update(merged_into=target)
        text = "Barnet identifierat som ett barn som redan är känt; ärendet förts samman."
    JournalEntry.objects.create(case=case, author=caseworker, text=text, written_at=at)
    ctx.counts["people.Person (matched later)"] += 1


def _check_digit(eleven: str) -> str:
    return luhn_check_digit(eleven[2:11])
