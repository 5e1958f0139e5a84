"""Personas and setup shared by every test: a caseworker and a manager in Järva, a caseworker of
another district "who should see nothing", a politician, an analyst, an auditor and an admin.
Data is made through the services, so tests walk the real paths."""

import datetime as dt
import itertools
import random

import pytest
from django.utils import timezone

from skyddsnat.lib import identity
from skyddsnat.organisation.models import District, Role, Unit, User

PASSWORD = "test-password-123"  # noqa: S105
_numbers = random.Random(20211123)


def make_user(username: str, role: str, district_slug: str | None = None, **extra) -> User:
    unit = (
        Unit.objects.get(district__slug=district_slug, kind="children") if district_slug else None
    )
    user = User.objects.create(username=username, role=role, unit=unit, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def jarva(db) -> District:
    return District.objects.get(slug="jarva")


@pytest.fixture
def sodermalm(db) -> District:
    return District.objects.get(slug="sodermalm")


@pytest.fixture
def caseworker(db) -> User:
    return make_user("socsek.jarva", Role.CASEWORKER, "jarva", first_name="Sara", last_name="Ek")


@pytest.fixture
def colleague(db) -> User:
    """A second caseworker of the same unit."""
    return make_user("socsek2.jarva", Role.CASEWORKER, "jarva")


@pytest.fixture
def manager(db) -> User:
    return make_user("chef.jarva", Role.MANAGER, "jarva")


@pytest.fixture
def outsider(db) -> User:
    """A caseworker of another district, who should see nothing of Järva's cases."""
    return make_user("socsek.sodermalm", Role.CASEWORKER, "sodermalm")


@pytest.fixture
def politician(db) -> User:
    return make_user("politiker", Role.POLITICIAN)


@pytest.fixture
def analyst(db) -> User:
    return make_user("analytiker", Role.ANALYST)


@pytest.fixture
def auditor(db) -> User:
    return make_user("granskare", Role.AUDITOR)


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)


_serials = itertools.count(1)


def new_identity_number(born: dt.date = dt.date(2014, 5, 17)) -> str:
    return identity.synthetic(_numbers, born + dt.timedelta(days=next(_serials) % 3000))


@pytest.fixture
def make_report(db):
    """Register a report through the service; returns the Report."""
    from skyddsnat.children.services import report_register

    def _make(user: User, *, district: District | None = None, **overrides):
        fields = {
            "personal_identity_number": new_identity_number(),
            "first_name": "Alva",
            "last_name": "Testsson",
            "district": district or District.objects.get(slug="jarva"),
            "received_at": timezone.now() - dt.timedelta(hours=2),
            "reporter_type": "professional",
            "description": "Skolan oroar sig för barnets frånvaro.",
            "is_synthetic": True,
        }
        fields.update(overrides)
        return report_register(user=user, **fields)

    return _make
