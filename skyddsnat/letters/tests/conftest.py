import datetime as dt

import pytest
from django.utils import timezone

from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.services import case_decide
from skyddsnat.investigations.tests.conftest import investigated_case
from skyddsnat.people.models import Person, ProtectionLevel

STREET, POSTAL, CITY = "Hemliga gränd 7", "12345", "Hemby"
OPEN_STREET = "Öppna vägen 2"


def protect(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION,
        street_address=STREET,
        postal_code=POSTAL,
        city=CITY,
    )


@pytest.fixture
def decided(caseworker, make_report):
    """A Järva case with a guardian, an investigation and a contact person granted today; the
    child and the guardian both with protected identity and an address on record."""
    case = investigated_case(caseworker, make_report)
    decision = case_decide(
        user=caseworker,
        case=case,
        decided_on=timezone.localdate(),
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="contact-person"),
        reason="Barnet behöver en vuxen att prata med.",
    )
    protect(case.person)
    for guardian in case.person.guardianships.all():
        protect(guardian.guardian)
    case.refresh_from_db()
    return case, decision


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()
