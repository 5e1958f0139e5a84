"""Demo data for consents and partner access (issue 10 points 1 and 2): in each district a few
young people of the children's cases in a SIG group, with an action plan and meetings, and the
consents that share them with the district's police (`polis.<district>`) and school
(`skola.<district>`): one sharing both, one only with the police, one whose consent was withdrawn,
one whose consent has expired; and one disclosure to the police without consent. Consents of a
person under 18 come with each guardian's, as the sharing rule asks. The programmes lane's own
demo may add more participants; these are this step's own."""

import datetime as dt
import random

from django.db.models import Count, Q
from django.utils import timezone

from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.demo.generate.context import DemoContext
from skyddsnat.organisation.models import District, Role, Unit, UnitKind, User
from skyddsnat.partners.models import Consent, Disclosure, DisclosureGround, GivenBy
from skyddsnat.partners.sharing import years_before
from skyddsnat.people.models import Person, ProtectionLevel
from skyddsnat.programmes.models import Goal, Meeting, Participant

GOALS = [
    ("Går i skolan minst fyra dagar i veckan", "school"),
    ("Har en fritidsaktivitet varje vecka", "leisure"),
    ("Inga nya brott anmälda", "police"),
    ("Träffar sin kontaktperson varje vecka", "social_services"),
]
# (label, agencies, how the consent ends): what each of the four demo participants shows.
PLANS = [
    ("both", ("police", "school"), None),
    ("police only", ("police",), None),
    ("withdrawn", ("police", "school"), "withdrawn"),
    ("expired", ("school",), "expired"),
]


def _candidates(district: District, today: dt.date) -> list[Case]:
    """Children's cases of the district whose child is 13–17 today, not protected, with a
    guardian registered, each child once."""
    cases = (
        Case.objects.filter(
            kind=CaseKind.CHILDREN,
            district=district,
            person__is_synthetic=True,
            person__protection_level=ProtectionLevel.NONE,
            person__date_of_birth__gt=years_before(today, 18),
            person__date_of_birth__lte=years_before(today, 13),
        )
        .annotate(guardians=Count("person__guardianships"))
        .filter(guardians__gt=0)
        .exclude(person__participations__isnull=False)
        .select_related("person")
        .order_by("-opened_at", "pk")
    )
    seen: set[int] = set()
    picked: list[Case] = []
    for case in cases[:40]:
        if case.person_id not in seen:
            seen.add(case.person_id)
            picked.append(case)
        if len(picked) == len(PLANS):
            break
    return picked


def _consents(
    user: User, person: Person, agencies: tuple[str, ...], today: dt.date, ends: str | None
) -> None:
    """The rows `partners.services.consent_record` and `consent_withdraw` write (the demo writes
    one audit entry of its own, not one per row), for the person and each guardian."""
    guardians = [g.guardian_id for g in person.guardianships.order_by("pk")]
    start = today - dt.timedelta(days=60)
    end = today + dt.timedelta(days=300)
    if ends == "expired":
        start, end = today - dt.timedelta(days=400), today - dt.timedelta(days=20)
    for agency in agencies:
        for guardian_id in [None, *guardians]:
            withdrawn = ends == "withdrawn" and guardian_id is None
            Consent.objects.create(
                person=person,
                given_by=GivenBy.GUARDIAN if guardian_id else GivenBy.PERSON,
                guardian_id=guardian_id,
                agency=agency,
                shares_plan=True,
                shares_meetings=True,
                valid_from=start,
                valid_to=end,
                withdrawn_on=today - dt.timedelta(days=3) if withdrawn else None,
                withdrawn_by=user if withdrawn else None,
                withdrawn_at=timezone.now() if withdrawn else None,
                recorded_by=user,
            )


def _participant(
    ctx: DemoContext, rng: random.Random, case: Case, district: District, user: User
) -> Participant:
    today = timezone.localdate()
    participant = Participant.objects.create(
        programme="sig",
        person=case.person,
        district=district,
        case=case,
        started_on=today - dt.timedelta(days=rng.randint(40, 120)),
        registered_by=user,
    )
    for text, agency in rng.sample(GOALS, 3):
        Goal.objects.create(
            participant=participant,
            text=text,
            agency=agency,
            due=today + dt.timedelta(days=rng.randint(30, 150)),
            created_by=user,
        )
    for weeks in (6, 2):
        Meeting.objects.create(
            participant=participant,
            held_on=today - dt.timedelta(weeks=weeks),
            agencies=["social_services", "police", "school"],
            notes="Uppföljning av handlingsplanen.",
            recorded_by=user,
        )
    ctx.counts["participants"] += 1
    return participant


def generate(ctx: DemoContext) -> None:
    today = timezone.localdate()
    ground = DisclosureGround.objects.filter(code="osl-10-18a-police-under-21").first()
    districts = District.objects.filter(successor__isnull=True, valid_to__isnull=True).order_by(
        "slug"
    )
    for district in districts:
        rng = ctx.rng("partners", district.slug)
        unit = Unit.objects.filter(district=district, kind=UnitKind.CHILDREN).first()
        caseworker = (
            User.objects.filter(unit=unit, role=Role.CASEWORKER).order_by("pk").first()
            if unit
            else None
        )
        if caseworker is None:
            continue
        cases = _candidates(district, today)
        for case, (_label, agencies, ends) in zip(cases, PLANS, strict=False):
            _participant(ctx, rng, case, district, caseworker)
            _consents(caseworker, case.person, agencies, today, ends)
            ctx.counts["consents"] += 1
        if cases and ground is not None:
            Disclosure.objects.create(
                person=cases[0].person,
                ground=ground,
                agency=ground.agency,
                recipient=f"Lokalpolisområde {district.name}, kommunpolis",
                content="Att den unge deltar i SIG och tider för uppföljningsmöten.",
                disclosed_on=today - dt.timedelta(days=10),
                disclosed_by=caseworker,
            )
    ctx.counts["partner_users"] = User.objects.filter(Q(role=Role.PARTNER) & ~Q(agency="")).count()
