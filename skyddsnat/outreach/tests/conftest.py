import pytest

from conftest import make_user
from skyddsnat.api.tests.conftest import api_for  # noqa: F401 (a fixture, used by name)
from skyddsnat.organisation.models import Role


@pytest.fixture
def outreach_worker(db):
    return make_user("faltare.jarva", Role.OUTREACH, "jarva")


@pytest.fixture
def other_outreach_worker(db):
    """An outreach worker of Södermalm, who should see nothing of Järva's contacts."""
    return make_user("faltare.sodermalm", Role.OUTREACH, "sodermalm")
