"""`manage.py demo_citizen` (run by ./scripts/demo after its identity provider is up): the demo
citizen's matters, once however often it runs, and "Mina ärenden" shows them; it refuses a
number that is not valid or belongs to a person who is not synthetic."""

import datetime as dt
import random

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from skyddsnat.eservices.citizen import Citizen
from skyddsnat.eservices.models import Submission
from skyddsnat.eservices.tests.conftest import citizen_session
from skyddsnat.lib import identity
from skyddsnat.lss.models import Application
from skyddsnat.lss.tests.conftest import make_lss_user
from skyddsnat.organisation.models import Role
from skyddsnat.people.models import Person
from skyddsnat.tests_oidc.demo import demo_number


@pytest.fixture
def demo_staff(caseworker):
    make_lss_user("lss.jarva", Role.LSS_OFFICER, "jarva")


def test_the_demo_citizen_gets_their_matters_once(demo_staff):
    number = demo_number()
    for _ in range(2):
        call_command("demo_citizen", subject="7", personal_identity_number=number)

    assert Person.objects.get(personal_identity_number=number).is_synthetic
    assert Application.objects.filter(case__person__personal_identity_number=number).count() == 1
    assert Submission.objects.filter(citizen_subject="7").count() == 2
    page = citizen_session(Client(), Citizen(subject="7", personal_identity_number=number)).get(
        "/e-tjanst/mina-arenden/"
    )
    text = page.content.decode()
    assert "E-DEMO-00001" in text and "E-DEMO-00002" in text
    assert "Ansökan om insatser enligt LSS" in text


def test_a_new_provider_database_moves_the_matters_to_the_new_subject(demo_staff):
    number = demo_number()
    call_command("demo_citizen", subject="1", personal_identity_number=number)
    call_command("demo_citizen", subject="2", personal_identity_number=number)

    assert set(Submission.objects.values_list("citizen_subject", flat=True)) == {"2"}


def test_refuses_an_invalid_or_real_persons_number(demo_staff):
    with pytest.raises(CommandError):
        call_command("demo_citizen", subject="1", personal_identity_number="19840414-0000")
    real = identity.synthetic(random.Random(5), dt.date(1970, 1, 1))  # noqa: S311
    Person.objects.create(
        personal_identity_number=real, first_name="Riktig", last_name="Person", is_synthetic=False
    )
    with pytest.raises(CommandError):
        call_command("demo_citizen", subject="1", personal_identity_number=real)
    assert not Submission.objects.exists()


def test_the_demo_number_is_checksum_valid_and_stable():
    assert identity.normalise(demo_number()) == demo_number() == demo_number()
