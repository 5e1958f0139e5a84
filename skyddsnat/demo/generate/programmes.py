"""Demo data of the targeted programmes: in each district, SIG and SSPF groups and a few
crime-exit participants registered by the district's coordinator (`samordnare.<district>`),
each with the person's consent, an action plan (goals with the responsible agency, some followed
up), a meeting, for some an end with its outcome; crime exit with support decided under the
coordinator's delegation line and started at a cost (the 2021 line's actual cost in the
follow-up). Rows are built directly, as the other steps do (one audit entry for the whole run)."""

import datetime as dt
import random

from skyddsnat.cases.models import Case, CaseKind, CaseStatus, InterventionType
from skyddsnat.cases.services import decision_build, intervention_build
from skyddsnat.demo.generate import names
from skyddsnat.demo.generate.context import STOCKHOLM, DemoContext
from skyddsnat.demo.generate.organisation import current_districts
from skyddsnat.organisation.models import Agency, DecisionType, Delegation, District, User
from skyddsnat.people.models import Person
from skyddsnat.programmes.models import (
    GROUP_PROGRAMMES,
    ConsentGiver,
    Goal,
    GoalFollowUp,
    GoalResult,
    Group,
    Meeting,
    Participant,
    ParticipantOutcome,
    ParticipationConsent,
    Programme,
)

GOALS = [
    ("Gå i skolan varje dag.", Agency.SCHOOL),
    ("Klara betyg i kärnämnena.", Agency.SCHOOL),
    ("Ha en meningsfull fritidsaktivitet.", Agency.LEISURE),
    ("Inga nya brott.", Agency.POLICE),
    ("Få kontakt med vården för sömn och mående.", Agency.REGION),
    ("Söka feriearbete eller praktik.", Agency.EMPLOYMENT),
    ("Regelbunden kontakt med socialsekreterare.", Agency.SOCIAL_SERVICES),
]
# (programme, how many per district, ages at the start)
PLAN = [
    (Programme.SIG, (6, 10), (15, 20)),
    (Programme.SSPF, (5, 8), (12, 17)),
    (Programme.CRIME_EXIT, (2, 4), (18, 35)),
]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def generate(ctx: DemoContext) -> None:
    support = InterventionType.objects.filter(code="avhopp-stod").first()
    line = Delegation.objects.filter(code="PR 1.1").first()
    for district in sorted(current_districts(), key=lambda d: d.slug):
        coordinator = ctx.users.get(f"samordnare.{district.slug}")
        if coordinator is None or not district.units.filter(kind="children").exists():
            continue
        rng = ctx.rng("programmes", district.slug)
        for programme, (low, high), ages in PLAN:
            for _ in range(rng.randint(low, high)):
                _participant(ctx, rng, district, coordinator, programme, ages, support, line)


def _participant(
    ctx: DemoContext,
    rng: random.Random,
    district: District,
    coordinator: User,
    programme: Programme,
    ages: tuple[int, int],
    support: InterventionType | None,
    line: Delegation | None,
) -> None:
    end = ctx.options.end_date
    started = _day(rng, end - dt.timedelta(days=700), end - dt.timedelta(days=30))
    age = rng.randint(*ages)
    born = started - dt.timedelta(days=age * 365 + rng.randint(10, 300))
    first = (
        names.adult_first_name(rng, woman=rng.random() < 0.3)
        if age >= 18
        else names.child_first_name(rng)
    )
    street, postal_code, city = names.address(rng, district.slug)
    opened = dt.datetime.combine(started, dt.time(9, 0), tzinfo=STOCKHOLM)
    person = Person.objects.create(
        personal_identity_number=ctx.identity_number(rng, born),
        first_name=first,
        last_name=names.last_name(rng),
        date_of_birth=born,
        street_address=street,
        postal_code=postal_code,
        city=city,
        is_synthetic=True,
        created_at=opened,
    )
    ended = _day(rng, started + dt.timedelta(days=20), end) if rng.random() < 0.35 else None
    case = Case.objects.create(
        kind=CaseKind.PROGRAMME,
        person=person,
        district=district,
        unit=district.units.get(kind="children"),
        status=CaseStatus.CLOSED if ended else CaseStatus.INTERVENTION,
        opened_at=opened,
        closed_at=dt.datetime.combine(ended, dt.time(15, 0), tzinfo=STOCKHOLM) if ended else None,
    )
    group = (
        Group.objects.get_or_create(programme=programme, district=district)[0]
        if programme in GROUP_PROGRAMMES
        else None
    )
    participant = Participant.objects.create(
        programme=programme,
        person=person,
        district=district,
        case=case,
        group=group,
        started_on=started,
        ended_on=ended,
        outcome=rng.choice(ParticipantOutcome.values) if ended else "",
        motivation="Vill lämna gänget och börja arbeta."
        if programme == Programme.CRIME_EXIT
        else "",
        registered_by=coordinator,
    )
    ParticipationConsent.objects.create(
        participant=participant,
        given_by=ConsentGiver.PERSON,
        given_on=started,
        recorded_by=coordinator,
    )
    last = ended or end
    for text, agency in rng.sample(GOALS, 2):
        goal = Goal.objects.create(
            participant=participant,
            text=text,
            agency=agency,
            due=started + dt.timedelta(days=rng.randint(60, 240)),
            created_by=coordinator,
        )
        if rng.random() < 0.6:
            GoalFollowUp.objects.create(
                goal=goal,
                followed_up_on=_day(rng, started, last),
                result=rng.choice(GoalResult.values),
                recorded_by=coordinator,
            )
    Meeting.objects.create(
        participant=participant,
        held_on=_day(rng, started, last),
        agencies=sorted(rng.sample([Agency.SCHOOL, Agency.POLICE, Agency.LEISURE], 2)),
        notes="Genomgång av handlingsplanen.",
        recorded_by=coordinator,
    )
    if programme == Programme.CRIME_EXIT and support is not None and line is not None:
        decided = _day(rng, started, min(started + dt.timedelta(days=20), last))
        decision = decision_build(
            case=case,
            decision_type=DecisionType.INTERVENTION,
            decided_on=decided,
            outcome="grant",
            intervention_type=support,
            reason="Stöd i avhoppet: boende, sysselsättning och samtal.",
            decided_by=coordinator,
            delegation=line,
        )
        decision.save(force_insert=True)
        intervention_build(
            case=case,
            decision=decision,
            started_on=decided,
            cost_sek=rng.choice([80_000, 120_000, 250_000]),
            ended_on=ended,
        ).save(force_insert=True)
    ctx.counts["programmes.Participant"] += 1
