import pytest

from conftest import make_user
from skyddsnat.api.tests.conftest import api_for  # noqa: F401 (a fixture, used by name)
from skyddsnat.organisation.models import Role


@pytest.fixture
def officer(db):
    return make_user("kontrollant.jarva", Role.WELFARE_CRIME, "jarva")


@pytest.fixture
def other_officer(db):
    """A welfare-crime officer of Södermalm, who should see nothing of Järva's signals."""
    return make_user("kontrollant.sodermalm", Role.WELFARE_CRIME, "sodermalm")
