import datetime as dt
import itertools
import random

import pytest

from conftest import make_user
from skyddsnat.api.tests.conftest import api_for  # noqa: F401 (a fixture, used by name)
from skyddsnat.lib import identity
from skyddsnat.organisation.models import District, Role
from skyddsnat.programmes.services import participant_register

START = dt.date(2025, 3, 3)


@pytest.fixture
def coordinator(db):
    return make_user("samordnare.jarva", Role.COORDINATOR, "jarva")


@pytest.fixture
def other_coordinator(db):
    """A coordinator of another district, who should see nothing of Järva's participants."""
    return make_user("samordnare.sodermalm", Role.COORDINATOR, "sodermalm")


_rng = random.Random(20251010)  # noqa: S311 (synthetic test data, not secrets)
_days = itertools.count()


def number_aged(years: int, day: dt.date = START) -> str:
    """A synthetic identity number of someone `years` old (and one to two months) on `day`."""
    born = dt.date(day.year - years, day.month, 1) - dt.timedelta(days=30 + next(_days) % 28)
    return identity.synthetic(_rng, born)


@pytest.fixture
def enrol(coordinator):
    """Register a participant through the service; returns the Participant."""

    def _make(programme: str = "sig", *, age: int = 16, user=None, **overrides):
        fields = {
            "personal_identity_number": number_aged(age, overrides.get("started_on", START)),
            "first_name": "Noah",
            "last_name": "Testsson",
            "district": District.objects.get(slug="jarva"),
            "started_on": START,
            "is_synthetic": True,
        }
        fields.update(overrides)
        return participant_register(user=user or coordinator, programme=programme, **fields)

    return _make
