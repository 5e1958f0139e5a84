"""Demo data of the targeted programmes: in each district, SIG and SSPF groups and a few
crime-exit participants registered by the district's coordinator (`samordnare.<district>`),
each with an action plan (goals with the responsible agency, some followed up), meetings, and
for some an end with its outcome; crime exit with support decided and started at a cost (the
2021 line's actual cost in the follow-up)."""

import datetime as dt
import random

from skyddsnat.cases.models import InterventionType
from skyddsnat.demo.generate import names
from skyddsnat.demo.generate.context import DemoContext
from skyddsnat.demo.generate.organisation import current_districts
from skyddsnat.organisation.models import Agency
from skyddsnat.programmes import services
from skyddsnat.programmes.models import GoalResult, ParticipantOutcome, Programme

GOALS = [
    ("Gå i skolan varje dag.", Agency.SCHOOL),
    ("Klara betyg i kärnämnena.", Agency.SCHOOL),
    ("Ha en meningsfull fritidsaktivitet.", Agency.LEISURE),
    ("Inga nya brott.", Agency.POLICE),
    ("Få kontakt med vården för sömn och mående.", Agency.REGION),
    ("Söka feriearbete eller praktik.", Agency.EMPLOYMENT),
    ("Regelbunden kontakt med socialsekreterare.", Agency.SOCIAL_SERVICES),
]
# (programme, how many per district, ages)
PLAN = [
    (Programme.SIG, (6, 10), (15, 20)),
    (Programme.SSPF, (5, 8), (12, 17)),
    (Programme.CRIME_EXIT, (2, 4), (18, 35)),
]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def generate(ctx: DemoContext) -> None:
    end = ctx.options.end_date
    support = InterventionType.objects.filter(code="avhopp-stod").first()
    for district in sorted(current_districts(), key=lambda d: d.slug):
        coordinator = ctx.users.get(f"samordnare.{district.slug}")
        if coordinator is None or not district.units.filter(kind="children").exists():
            continue
        rng = ctx.rng("programmes", district.slug)
        for programme, (low, high), (young, old) in PLAN:
            for _ in range(rng.randint(low, high)):
                started = _day(rng, end - dt.timedelta(days=700), end - dt.timedelta(days=30))
                age = rng.randint(young, old)
                born = started - dt.timedelta(days=age * 365 + rng.randint(10, 300))
                woman = rng.random() < 0.3
                first = (
                    names.adult_first_name(rng, woman=woman)
                    if age >= 18
                    else names.child_first_name(rng)
                )
                participant = services.participant_register(
                    user=coordinator,
                    programme=programme,
                    personal_identity_number=ctx.identity_number(rng, born),
                    first_name=first,
                    last_name=names.last_name(rng),
                    district=district,
                    started_on=started,
                    consent_given_on=started,
                    motivation=(
                        "Vill lämna gänget och börja arbeta."
                        if programme == Programme.CRIME_EXIT
                        else ""
                    ),
                    is_synthetic=True,
                )
                ctx.counts["programme_participants"] += 1
                for text, agency in rng.sample(GOALS, 2):
                    goal = services.goal_add(
                        user=coordinator,
                        participant=participant,
                        text=text,
                        agency=agency,
                        due=started + dt.timedelta(days=rng.randint(60, 240)),
                    )
                    if rng.random() < 0.6:
                        services.goal_follow_up(
                            user=coordinator,
                            goal=goal,
                            followed_up_on=_day(rng, started, end),
                            result=rng.choice(GoalResult.values),
                        )
                agencies = rng.sample([Agency.SCHOOL, Agency.POLICE, Agency.LEISURE], 2)
                services.meeting_add(
                    user=coordinator,
                    participant=participant,
                    held_on=_day(rng, started, end),
                    agencies=agencies,
                    notes="Genomgång av handlingsplanen.",
                )
                if programme == Programme.CRIME_EXIT and support is not None:
                    decided = _day(rng, started, min(started + dt.timedelta(days=20), end))
                    services.participant_decide(
                        user=coordinator,
                        participant=participant,
                        intervention_type=support,
                        decided_on=decided,
                        outcome="grant",
                        reason="Stöd i avhoppet: boende, sysselsättning och samtal.",
                        started_on=decided,
                        cost_sek=rng.choice([80_000, 120_000, 250_000]),
                    )
                if rng.random() < 0.35:
                    services.participant_end(
                        user=coordinator,
                        participant=participant,
                        ended_on=_day(rng, started + dt.timedelta(days=20), end),
                        outcome=rng.choice(ParticipantOutcome.values),
                    )
