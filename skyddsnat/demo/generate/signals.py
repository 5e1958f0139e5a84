"""Outreach contacts and welfare-crime signals per district (issue 10 points 6 and 7), scaled to
population, over the demo's years: mostly anonymous contacts on sugar dating, prostitution and
drugs, some with the police and some ending in a referral; signals from case handling, other
authorities and tips, most notified within weeks, some not (with the reason), the latest not yet
assessed. The demo's `faltare.<district>` and `kontrollant.<district>` register them.

Rows are bulk-inserted (the demo's one audit entry covers the generation, as in the other steps).
"""

import datetime as dt

from skyddsnat.demo.generate.context import DemoContext
from skyddsnat.demo.generate.organisation import current_districts
from skyddsnat.outreach.models import AgeBand, Contact, PlaceKind, Topic
from skyddsnat.welfarecrime.models import Assessment, Authority, Benefit, Signal, Source

# Per 1,000 inhabitants and year at scale 1.0.
CONTACTS_PER_THOUSAND = 1.5
SIGNALS_PER_THOUSAND = 0.4

TOPIC_WEIGHTS = [
    (Topic.SUGAR_DATING, 5),
    (Topic.PROSTITUTION, 2),
    (Topic.DRUGS, 5),
    (Topic.ALCOHOL, 3),
    (Topic.CRIME, 3),
    (Topic.VIOLENCE, 2),
    (Topic.MENTAL_HEALTH, 2),
    (Topic.OTHER, 1),
]
# The benefit and the authority that decides it.
BENEFITS = [
    (Benefit.HOUSING_ALLOWANCE, Authority.SOCIAL_INSURANCE, 4),
    (Benefit.PARENTAL_BENEFIT, Authority.SOCIAL_INSURANCE, 3),
    (Benefit.SICKNESS_BENEFIT, Authority.SOCIAL_INSURANCE, 2),
    (Benefit.CHILD_ALLOWANCE, Authority.SOCIAL_INSURANCE, 2),
    (Benefit.STUDENT_AID, Authority.CSN, 2),
    (Benefit.ACTIVITY_SUPPORT, Authority.EMPLOYMENT_SERVICE, 2),
    (Benefit.UNEMPLOYMENT_BENEFIT, Authority.UNEMPLOYMENT_FUND, 1),
    (Benefit.ASYLUM_ALLOWANCE, Authority.MIGRATION_AGENCY, 1),
    (Benefit.FINANCIAL_ASSISTANCE, Authority.MUNICIPALITY, 1),
]
DESCRIPTIONS = [
    "Uppgifter i ansökan om ekonomiskt bistånd tyder på att bostadsbidraget är för högt.",
    "Den sökande uppger att hen arbetar heltid men uppbär samtidigt ersättningen.",
    "Tips om att personen inte bor på den uppgivna adressen.",
    "Annan myndighet har lämnat uppgifter som inte stämmer med beslutet.",
]
REASONS = [
    "Utredningen visade att utbetalningen var korrekt.",
    "Myndigheten har redan kännedom om förhållandet.",
    "Uppgifterna var för osäkra för att ge anledning att anta en felaktig utbetalning.",
]


def _days(ctx: DemoContext) -> int:
    return max(1, (ctx.options.end_date - ctx.options.start_date).days)


def generate(ctx: DemoContext) -> None:
    start = ctx.options.start_date
    total_days = _days(ctx)
    years = total_days / 365.25
    contacts: list[Contact] = []
    signals: list[Signal] = []
    for district in sorted(current_districts(), key=lambda d: d.slug):
        rng = ctx.rng("signals", district.slug)
        worker = ctx.users.get(f"faltare.{district.slug}")
        officer = ctx.users.get(f"kontrollant.{district.slug}")
        thousands = district.population / 1000 * ctx.options.scale * years
        if worker is not None:
            for _ in range(round(thousands * CONTACTS_PER_THOUSAND)):
                topics = {rng.choices(*zip(*TOPIC_WEIGHTS, strict=True))[0]}
                if rng.random() < 0.4:
                    topics.add(rng.choices(*zip(*TOPIC_WEIGHTS, strict=True))[0])
                contacts.append(
                    Contact(
                        district=district,
                        contact_on=start + dt.timedelta(days=rng.randrange(total_days)),
                        place_kind=rng.choice(PlaceKind.values),
                        age_band=rng.choices(
                            [
                                AgeBand.AGE_13_15,
                                AgeBand.AGE_16_17,
                                AgeBand.AGE_18_20,
                                AgeBand.AGE_21_25,
                                AgeBand.UNKNOWN,
                            ],
                            [3, 5, 4, 2, 1],
                        )[0],
                        topics=[t.value for t in Topic if t in topics],
                        anonymous=True,
                        joint_with_police=rng.random() < 0.25,
                        referral_made=rng.random() < 0.2,
                        registered_by=worker,
                    )
                )
        if officer is not None:
            for _ in range(round(thousands * SIGNALS_PER_THOUSAND)):
                benefit, authority, _weight = rng.choices(BENEFITS, [b[2] for b in BENEFITS])[0]
                signals.append(
                    Signal(
                        district=district,
                        received_on=start + dt.timedelta(days=rng.randrange(total_days)),
                        source=rng.choices(Source.values, [5, 2, 2, 2, 1, 1])[0],
                        benefit=benefit,
                        authority=authority,
                        description=rng.choice(DESCRIPTIONS),
                        registered_by=officer,
                    )
                )
    Contact.objects.bulk_create(contacts, batch_size=1000)
    Signal.objects.bulk_create(signals, batch_size=1000)
    assessments = []
    rng = ctx.rng("signals", "assessments")
    for signal in Signal.objects.filter(pk__in=[s.pk for s in signals]).order_by("pk"):
        waited = (ctx.options.end_date - signal.received_on).days
        took = rng.randint(2, 60)
        if took > waited:
            continue  # not yet assessed
        assessor = signal.registered_by_id
        if rng.random() < 0.75:
            assessments.append(
                Assessment(
                    signal=signal,
                    notify=True,
                    notified_on=signal.received_on + dt.timedelta(days=took),
                    recipient=signal.authority,
                    assessed_by_id=assessor,
                )
            )
        else:
            assessments.append(
                Assessment(
                    signal=signal, notify=False, reason=rng.choice(REASONS), assessed_by_id=assessor
                )
            )
    Assessment.objects.bulk_create(assessments, batch_size=1000)
    ctx.counts["outreach contacts"] = len(contacts)
    ctx.counts["welfare-crime signals"] = len(signals)
    ctx.counts["welfare-crime assessments"] = len(assessments)
