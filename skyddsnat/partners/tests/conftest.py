"""Partner personas (a police officer and a school's staff member), and participants of a
programme made as the programmes flow makes them (a person, a case on the spine, the row)."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from conftest import make_user
from skyddsnat.cases.models import Case, CaseKind, CaseStatus
from skyddsnat.lib import identity
from skyddsnat.organisation.models import District, Role, Unit, User
from skyddsnat.partners import services
from skyddsnat.people.models import Guardianship, Person, ProtectionLevel
from skyddsnat.programmes.models import Goal, Meeting, Participant

_rng = random.Random(20261203)  # noqa: S311 (synthetic test data)


@pytest.fixture
def police(db) -> User:
    return make_user("polis.jarva", Role.PARTNER, agency="police", first_name="Per")


@pytest.fixture
def school(db) -> User:
    return make_user("skola.jarva", Role.PARTNER, agency="school")


def make_person(*, born: dt.date, first: str = "Nora", last: str = "Lindqvist") -> Person:
    return Person.objects.create(
        personal_identity_number=identity.synthetic(_rng, born),
        first_name=first,
        last_name=last,
        date_of_birth=born,
        is_synthetic=True,
        street_address="Hemliga gatan 4",
        postal_code="16300",
        city="Spånga",
    )


def add_guardian(child: Person, first: str) -> Person:
    guardian = make_person(born=dt.date(1980, 3, 3), first=first, last="Lindqvist")
    Guardianship.objects.create(child=child, guardian=guardian)
    return guardian


def make_participant(
    user: User,
    *,
    born: dt.date = dt.date(2004, 1, 10),
    first: str = "Nora",
    protection: str = ProtectionLevel.NONE,
) -> Participant:
    """A SIG participant in Järva with two goals and a meeting (notes the partner never sees)."""
    person = make_person(born=born, first=first)
    if protection != ProtectionLevel.NONE:
        person.protection_level = protection
        person.save(update_fields=["protection_level"])
    jarva = District.objects.get(slug="jarva")
    case = Case.objects.create(
        kind=CaseKind.CHILDREN,
        person=person,
        district=jarva,
        unit=Unit.objects.get(district=jarva, kind="children"),
        status=CaseStatus.INTERVENTION,
        opened_at=timezone.now() - dt.timedelta(days=40),
    )
    participant = Participant.objects.create(
        programme="sig",
        person=person,
        district=jarva,
        case=case,
        started_on=timezone.localdate() - dt.timedelta(days=30),
        registered_by=user,
    )
    Goal.objects.create(
        participant=participant,
        text="Går i skolan varje dag",
        agency="school",
        due=timezone.localdate() + dt.timedelta(days=60),
        created_by=user,
    )
    Goal.objects.create(
        participant=participant,
        text="Inga nya brott anmälda",
        agency="police",
        due=timezone.localdate() + dt.timedelta(days=90),
        created_by=user,
    )
    Meeting.objects.create(
        participant=participant,
        held_on=timezone.localdate() - dt.timedelta(days=7),
        agencies=["police", "school", "social_services"],
        notes="HEMLIG ANTECKNING",
        recorded_by=user,
    )
    return participant


def consent(
    user: User,
    person: Person,
    *,
    agency: str = "police",
    scope: tuple[str, ...] = ("plan", "meetings"),
    guardian: Person | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
):
    today = timezone.localdate()
    return services.consent_record(
        user=user,
        person=person,
        agency=agency,
        scope=list(scope),
        valid_from=valid_from or today - dt.timedelta(days=10),
        valid_to=valid_to or today + dt.timedelta(days=180),
        given_by="guardian" if guardian else "person",
        guardian_id=guardian.pk if guardian else None,
    )


@pytest.fixture
def participant(caseworker) -> Participant:
    """An adult participant (22) of Järva: the caseworker's unit sees the case."""
    return make_participant(caseworker)
