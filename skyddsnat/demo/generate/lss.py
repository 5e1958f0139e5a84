"""LSS: applicants per district (scaled to population), eligibility groups, one decision per
requested intervention, implementation with own or external providers, interruptions, appeals,
group homes with places and a housing queue with realistic waits, and some decisions not
implemented within 3 months (they show on the IVO report).

Rows are the ones `lss.services` writes, built by its row builders (and the spine's) and
bulk-inserted like the children step.
Housing decisions are taken by an LSS unit manager (`lsschef.<district>`, created here) because the
example delegation order gives housing to the manager.
"""

import datetime as dt
import random
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password

from skyddsnat.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Intervention,
    InterventionType,
    Investigation,
    Outcome,
)
from skyddsnat.cases.services import (
    deadline_build,
    decision_build,
    intervention_build,
    investigation_build,
)
from skyddsnat.demo.generate import names
from skyddsnat.demo.generate.bulk import BulkWriter, datetime_field, historical_timestamps
from skyddsnat.demo.generate.context import STOCKHOLM, DemoContext
from skyddsnat.demo.generate.organisation import current_districts
from skyddsnat.lss.models import (
    Appeal,
    Application,
    DecisionTerms,
    DelayOffer,
    EligibilityAssessment,
    Facility,
    Implementation,
    ImplementationDelay,
    Interruption,
    InterventionRule,
    Offer,
    QueueEntry,
    RequestedIntervention,
    ResourceKind,
)
from skyddsnat.lss.services import (
    application_build,
    decision_terms_build,
    implementation_build,
    interruption_build,
    lss_case_build,
    queue_entry_build,
    requests_build,
)
from skyddsnat.organisation.models import Area, DecisionType, Delegation, Role, Unit, UnitKind, User
from skyddsnat.people.models import Person

# Plausible for Stockholm, not measured: new LSS applications a year city-wide at scale 1.0.
APPLICATIONS_PER_YEAR_CITY = 2_400
GROUPS = [(1, 0.55), (2, 0.08), (3, 0.32), (None, 0.05)]
GRANT_SHARE = 0.8
# (code, weight for adults, weight for children)
WANTED = [
    ("lss-companion", 18, 6),
    ("lss-contact-person", 16, 10),
    ("lss-personal-assistance", 6, 4),
    ("lss-relief", 3, 12),
    ("lss-short-stay", 4, 14),
    ("lss-short-supervision", 0, 6),
    ("lss-housing-children", 0, 2),
    ("lss-housing-adults", 10, 0),
    ("lss-daily-activity", 14, 0),
    ("lss-advice", 1, 1),
]
PROVIDERS = ["Assistansbolaget Omsorg AB", "Ledsagarna i Stockholm AB", "Humana", "Attendo"]

# A weighted choice: a tuple with its weight(s) among the items.
Row = TypeVar("Row", bound=tuple[Any, ...])


def _pick(rng: random.Random, weighted: list[Row], weight_index: int = 1) -> Row:
    total = sum(w[weight_index] for w in weighted)
    x = rng.uniform(0, total)
    for item in weighted:
        x -= item[weight_index]
        if x <= 0:
            return item
    return weighted[-1]


# How many of the decisions waiting past their limit at the end get their reason recorded: the
# IVO report shows a recorded one with an offer next to the unrecorded ones.
DELAYS_RECORDED = 3


def _record_delay(
    writer: BulkWriter, ctx: DemoContext, decision: Decision, officer: User, end: dt.date
) -> None:
    """A late decision's reason, consequences, an offer declined and support meanwhile (LSS
    28 f–h §§), as `services.implementation_delay_record` and `…_offer` would write them."""
    if ctx.counts["lss_delays"] >= DELAYS_RECORDED:
        return
    ctx.counts["lss_delays"] += 1
    delay = writer.add(
        ImplementationDelay(
            decision=decision,
            reason="no_staff",
            reason_text="Ingen ledsagare med rätt kompetens har kunnat rekryteras.",
            consequences="Kan inte delta i aktiviteter utanför bostaden.",
            support_kind="family",
            support_text="Anhöriga följer med vid behov.",
            updated_by=officer,
        )
    )
    offered = min(decision.decided_on + dt.timedelta(days=60), end - dt.timedelta(days=10))
    writer.add(
        DelayOffer(
            delay=delay,
            offered_on=offered,
            offered="Ledsagare från extern utförare, två kvällar i veckan",
            answer="declined",
            answered_on=offered + dt.timedelta(days=5),
            made_by=officer,
        )
    )


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=STOCKHOLM)


def generate(ctx: DemoContext) -> None:
    opts = ctx.options
    end = opts.end_date
    last_day = end - dt.timedelta(days=1)
    rule = DeadlineRule.objects.get(kind=DeadlineKind.LSS_IMPLEMENTATION)
    types = {t.code: t for t in InterventionType.objects.filter(case_kind=CaseKind.LSS)}
    rules = {r.intervention_type_id: r for r in InterventionRule.objects.all()}
    delegations = {
        (d.role, d.intervention_type_id): d
        for d in Delegation.objects.filter(code__startswith="LSS ")
    }
    kinds = {k.code: k for k in ResourceKind.objects.all()}
    districts = current_districts()
    city_population = sum(d.population for d in districts)
    password = make_password(opts.password) if opts.password else "!"

    writer = BulkWriter(
        [
            Person,
            Case,
            Investigation,
            Application,
            EligibilityAssessment,
            Deadline,
            Decision,
            DecisionTerms,
            RequestedIntervention,
            Intervention,
            Implementation,
            Interruption,
            Appeal,
            QueueEntry,
            Offer,
            ImplementationDelay,
            DelayOffer,
        ]
    )
    facilities_by_district: dict[int, dict[str, list[Facility]]] = {}
    residents: dict[int, int] = {}
    timestamps = historical_timestamps(
        datetime_field(Decision, "recorded_at"),
        datetime_field(Application, "registered_at"),
        datetime_field(Person, "created_at"),
    )
    with timestamps:
        for district in sorted(districts, key=lambda d: d.slug):
            rng = ctx.rng("lss", district.slug)
            unit = Unit.objects.get(district=district, kind=UnitKind.LSS)
            officer = ctx.users.get(f"lss.{district.slug}") or User.objects.get(
                username=f"lss.{district.slug}"
            )
            manager, _created = User.objects.get_or_create(
                username=f"lsschef.{district.slug}",
                defaults={
                    "role": Role.MANAGER,
                    "unit": unit,
                    "first_name": "Lsschef",
                    "last_name": district.name,
                    "password": password,
                    "may_see_protected_addresses": True,
                },
            )
            ctx.users[manager.username] = manager
            homes = {
                "lss-housing-adults": [
                    Facility.objects.create(
                        resource_kind=kinds["lss-housing-adults"],
                        name=f"Gruppbostad {names.last_name(rng)}vägen, {district.name}",
                        district=district,
                        places=6,
                        provider_kind="own" if i == 0 else "external",
                    )
                    for i in range(2 + district.population // 60_000)
                ],
                "lss-housing-children": [
                    Facility.objects.create(
                        resource_kind=kinds["lss-housing-children"],
                        name=f"Barnbostad {district.name}",
                        district=district,
                        places=4,
                    )
                ],
            }
            facilities_by_district[district.pk] = homes
            # Outer districts have fewer free places: a longer wait, as the policy texts worry.
            wait_months = (4, 16) if district.area == Area.OUTER else (2, 10)
            yearly = APPLICATIONS_PER_YEAR_CITY * opts.scale * district.population / city_population
            count = max(3, round(yearly * opts.years))
            span = (last_day - opts.start_date).days
            for _ in range(count):
                received = opts.start_date + dt.timedelta(days=rng.randrange(span))
                child = rng.random() < 0.3
                age = rng.randrange(3, 18) if child else rng.randrange(19, 70)
                born = received - dt.timedelta(days=365 * age + rng.randrange(365))
                woman = rng.random() < 0.45
                street, postal, city = names.address(rng, district.slug)
                person = writer.add(
                    Person(
                        personal_identity_number=ctx.identity_number(rng, born),
                        first_name=names.adult_first_name(rng, woman=woman),
                        last_name=names.last_name(rng),
                        date_of_birth=born,
                        street_address=street,
                        postal_code=postal,
                        city=city,
                        is_synthetic=True,
                        created_at=_at(received, 9),
                    )
                )
                weight = 2 if child else 1
                wanted: list[InterventionType] = []
                for _n in range(1 + (rng.random() < 0.35) + (rng.random() < 0.1)):
                    code = _pick(rng, WANTED, weight)[0]
                    itype = types[code]
                    r = rules[itype.pk]
                    if itype in wanted:
                        continue
                    if (r.min_age and age < r.min_age) or (r.max_age and age > r.max_age):
                        continue
                    wanted.append(itype)
                if not wanted:
                    wanted = [types["lss-contact-person"]]
                case = writer.add(
                    lss_case_build(
                        person=person,
                        district=district,
                        unit=unit,
                        received_on=received,
                        assigned_to=officer,
                    )
                )
                investigation = writer.add(investigation_build(case=case, opened_on=received))
                application = writer.add(
                    application_build(
                        case=case,
                        applicant_role="guardian"
                        if child
                        else rng.choice(["person"] * 4 + ["legal_representative"]),
                        applicant_name=(
                            f"{names.adult_first_name(rng, woman=True)} {person.last_name}"
                            if child
                            else ""
                        ),
                        received_on=received,
                        registered_by=officer,
                        registered_at=_at(received, 11),
                    )
                )
                assessed = received + dt.timedelta(days=rng.randrange(10, 50))
                requests = requests_build(application=application, intervention_types=wanted)
                if assessed >= end:
                    for request in requests:
                        writer.add(request)
                    ctx.counts["lss_applications"] += 1
                    continue
                group = _pick(rng, GROUPS)[0]
                writer.add(
                    EligibilityAssessment(
                        application=application,
                        group=group,
                        assessed_on=assessed,
                        reasoning="Utredning med läkarintyg och samtal.",
                        assessed_by=officer,
                    )
                )
                decided = assessed + dt.timedelta(days=rng.randrange(5, 45))
                any_grant = any_started = False
                all_decided = decided < end
                for itype, request in zip(wanted, requests, strict=True):
                    r = rules[itype.pk]
                    if decided >= end:
                        writer.add(request)
                        continue
                    allowed = group is not None and group in r.groups
                    grant = allowed and rng.random() < GRANT_SHARE
                    housing = itype.code in homes
                    decider = manager if housing or officer.role != Role.LSS_OFFICER else officer
                    delegation = (
                        delegations.get((decider.role, itype.pk))
                        or delegations[(Role.MANAGER, itype.pk)]
                    )
                    deadline = None
                    if grant:
                        deadline = writer.add(deadline_build(case=case, rule=rule, start=decided))
                    decision = writer.add(
                        decision_build(
                            case=case,
                            decision_type=DecisionType.INTERVENTION,
                            decided_on=decided,
                            outcome=Outcome.GRANT if grant else Outcome.REFUSE,
                            intervention_type=itype,
                            reason=(
                                "Behovet kan inte tillgodoses på annat sätt."
                                if grant
                                else "Personen tillhör inte personkretsen för insatsen eller "
                                "behovet "
                                "tillgodoses på annat sätt."
                            ),
                            decided_by=decider,
                            delegation=delegation,
                            recorded_at=_at(decided, 15),
                        )
                    )
                    request.decision = decision
                    writer.add(request)
                    scope = None
                    if grant and r.scope_unit:
                        scope = rng.choice([8, 10, 12, 16, 20, 24, 40])
                    writer.add(
                        decision_terms_build(
                            decision=decision,
                            scope_amount=scope,
                            scope_unit=r.scope_unit if scope else "",
                            valid_from=decided if grant else None,
                            valid_to=(decided + dt.timedelta(days=730))
                            if grant and rng.random() < 0.6
                            else None,
                            implementation_deadline=deadline,
                        )
                    )
                    ctx.counts["lss_decisions"] += 1
                    if deadline is None:  # refused: only a grant starts the 3-month limit
                        if rng.random() < 0.12:
                            appealed = decided + dt.timedelta(days=rng.randrange(5, 21))
                            if appealed < end:
                                judged = appealed + dt.timedelta(days=rng.randrange(90, 240))
                                writer.add(
                                    Appeal(
                                        decision=decision,
                                        received_on=appealed,
                                        outcome=rng.choice(["rejected"] * 3 + ["changed"])
                                        if judged < end
                                        else "pending",
                                        outcome_on=judged if judged < end else None,
                                        recorded_by=officer,
                                    )
                                )
                        continue
                    any_grant = True
                    if housing:
                        wait = rng.randrange(wait_months[0] * 30, wait_months[1] * 30)
                        start = decided + dt.timedelta(days=wait)
                        entry = writer.add(
                            queue_entry_build(
                                decision=decision,
                                resource_kind=kinds[itype.code],
                                district=district,
                                queued_on=decided,
                            )
                        )
                        if rng.random() < 0.3:
                            first = decided + dt.timedelta(days=wait // 2)
                            if first < end:
                                writer.add(
                                    Offer(
                                        entry=entry,
                                        facility=rng.choice(homes[itype.code]),
                                        offered_on=first,
                                        answer="refused",
                                        answered_on=first + dt.timedelta(days=7),
                                        refusal_reason="Vill bo närmare familjen.",
                                        made_by=manager,
                                    )
                                )
                        if start >= end:
                            continue
                        facility = rng.choice(homes[itype.code])
                        writer.add(
                            Offer(
                                entry=entry,
                                facility=facility,
                                offered_on=start - dt.timedelta(days=14),
                                answer="accepted",
                                answered_on=start,
                                made_by=manager,
                            )
                        )
                        entry.status = "placed"
                        entry.facility = facility
                        entry.placed_on = start
                        residents[facility.pk] = residents.get(facility.pk, 0) + 1
                        provider_kind, provider = facility.provider_kind, facility.name
                    else:
                        # Most start within weeks; some wait past the 3 months (no assistant found).
                        late = rng.random() < 0.1
                        delay = rng.randrange(95, 200) if late else rng.randrange(7, 70)
                        start = decided + dt.timedelta(days=delay)
                        if start >= end:
                            if late and end - decided > dt.timedelta(days=100):
                                _record_delay(writer, ctx, decision, officer, end)
                            continue
                        external = rng.random() < 0.45
                        provider_kind = "external" if external else "own"
                        provider = rng.choice(PROVIDERS) if external else unit.name
                    deadline.done_at = _at(start, 12)
                    intervention = writer.add(
                        intervention_build(
                            case=case,
                            decision=decision,
                            started_on=start,
                            provider=provider,
                            cost_sek=rng.randrange(4_000, 90_000),
                        )
                    )
                    writer.add(
                        implementation_build(
                            intervention=intervention,
                            provider_kind=provider_kind,
                            recorded_by=officer,
                        )
                    )
                    ctx.counts["lss_implementations"] += 1
                    any_started = True
                    if rng.random() < 0.06:
                        stop = start + dt.timedelta(days=rng.randrange(30, 300))
                        if stop < end:
                            back = stop + dt.timedelta(days=rng.randrange(14, 160))
                            stop_deadline = deadline_build(case=case, rule=rule, start=stop)
                            stop_deadline.done_at = _at(back, 12) if back < end else None
                            writer.add(stop_deadline)
                            writer.add(
                                interruption_build(
                                    intervention=intervention,
                                    starts_on=stop,
                                    ends_on=back if back < end else None,
                                    reason="Ingen assistent/ledsagare tillgänglig.",
                                    deadline=stop_deadline,
                                )
                            )
                if all_decided:
                    investigation.closed_on = decided
                    case.status = (
                        CaseStatus.INTERVENTION
                        if any_started
                        else CaseStatus.DECIDED
                        if any_grant
                        else CaseStatus.CLOSED
                    )
                    if not any_grant:
                        case.closed_at = _at(decided, 16)
                ctx.counts["lss_applications"] += 1
                writer.flush_if_full()
        writer.close()
    # Enough places for those who moved in, and a few free ones.
    for homes in facilities_by_district.values():
        for facility_list in homes.values():
            for facility in facility_list:
                taken = residents.get(facility.pk, 0)
                if taken + 1 > facility.places:
                    facility.places = taken + 1
                    facility.save(update_fields=["places"])
