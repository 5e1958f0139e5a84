"""LSS personas (case officers and a manager of Järva's LSS unit, an officer of Södermalm's) and
an application factory that goes through the services."""

import datetime as dt

import pytest

from conftest import make_user, new_identity_number
from skyddsnat.cases.models import InterventionType
from skyddsnat.lss import services
from skyddsnat.organisation.models import District, Role, Unit, User


def make_lss_user(username: str, role: str, district_slug: str, **extra) -> User:
    user = make_user(username, role, district_slug, **extra)
    user.unit = Unit.objects.get(district__slug=district_slug, kind="lss")
    user.save(update_fields=["unit"])
    return user


@pytest.fixture
def officer(db) -> User:
    return make_lss_user(
        "bistand.jarva", Role.LSS_OFFICER, "jarva", first_name="Lena", last_name="Berg"
    )


@pytest.fixture
def officer2(db) -> User:
    return make_lss_user("bistand2.jarva", Role.LSS_OFFICER, "jarva")


@pytest.fixture
def lss_manager(db) -> User:
    return make_lss_user("lsschef.jarva", Role.MANAGER, "jarva")


@pytest.fixture
def lss_outsider(db) -> User:
    return make_lss_user("bistand.sodermalm", Role.LSS_OFFICER, "sodermalm")


def itype(code: str) -> InterventionType:
    return InterventionType.objects.get(code=code)


@pytest.fixture
def make_application(db):
    def _make(user: User, *, codes=("lss-companion",), born=dt.date(1990, 3, 4), **overrides):
        fields = {
            "personal_identity_number": new_identity_number(born),
            "first_name": "Kim",
            "last_name": "Testsson",
            "district": District.objects.get(slug="jarva"),
            "received_on": dt.date(2024, 1, 10),
            "applicant_role": "person",
            "intervention_types": [itype(c) for c in codes],
            "is_synthetic": True,
        }
        fields.update(overrides)
        return services.application_register(user=user, **fields)

    return _make


def assess(user: User, application, group: int | None = 1, on=dt.date(2024, 1, 12)):
    return services.eligibility_assess(
        user=user, application=application, group=group, assessed_on=on, reasoning="Utredd."
    )


def grant(user: User, request, on=dt.date(2024, 1, 31), **extra):
    fields = {"scope_amount": 10, "scope_unit": "hours_month"}
    fields.update(extra)
    return services.decision_record(
        user=user, request=request, decided_on=on, outcome="grant", reason="Behov finns.", **fields
    )
