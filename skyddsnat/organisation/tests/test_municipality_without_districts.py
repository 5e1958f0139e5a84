"""A municipality without districts (one social services committee) — issue 2 point 3.

What works today: units without a district, their staff, and the case spine on their cases
(scope, deadlines, journal, 'Mina ärenden', overdue flags, decisions).

What does not: report intake. `report_register` takes a District and `Report.district` is NOT
NULL, so a district-less unit cannot receive a report through the service. Until a migration makes
`Report.district` nullable (and `report_register` falls back to the user's own unit), such a
municipality registers its committee as a single District with area "none"; the second test shows
that this runs the whole flow and stays invisible to other municipalities' staff.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conftest import PASSWORD, new_identity_number
from skyddsnat.cases.models import Case, CaseKind, CaseStatus, DeadlineKind, InterventionType
from skyddsnat.cases.permissions import visible_cases
from skyddsnat.cases.selectors import deadline_views, my_cases, overdue_cases
from skyddsnat.cases.services import case_decide, deadline_start, journal_add
from skyddsnat.children.services import person_get_or_create, pre_assessment_decide
from skyddsnat.organisation.models import Area, District, Municipality, Role, Unit, User


def _staff(username: str, role: str, unit: Unit) -> User:
    user = User.objects.create(username=username, role=role, unit=unit)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def kiruna(db) -> Municipality:
    return Municipality.objects.create(code="2584", name="Kiruna kommun")


@pytest.fixture
def unit(kiruna) -> Unit:
    return Unit.objects.create(
        municipality=kiruna, district=None, kind="children", name="Barn och unga"
    )


def test_units_of_a_municipality_without_districts_carry_the_case_spine(unit, outsider, manager):
    caseworker = _staff("socsek.kiruna", Role.CASEWORKER, unit)
    child, _created = person_get_or_create(
        personal_identity_number=new_identity_number(),
        first_name="Elsa",
        last_name="Niemi",
        is_synthetic=True,
    )
    # Intake needs a district today (see the module docstring), so the case is made directly.
    received = timezone.now() - dt.timedelta(days=20)
    case = Case.objects.create(
        kind=CaseKind.CHILDREN,
        person=child,
        district=None,
        unit=unit,
        status=CaseStatus.PRE_ASSESSMENT,
        opened_at=received,
        assigned_to=caseworker,
    )
    deadline_start(case=case, kind=DeadlineKind.PRE_ASSESSMENT, start=timezone.localdate(received))

    assert list(visible_cases(caseworker)) == [case]
    assert my_cases(user=caseworker) == [case]
    assert list(overdue_cases(user=caseworker)) == [case]
    assert [v.kind for v in deadline_views(case)] == ["pre_assessment"]
    assert journal_add(user=caseworker, case=case, text="Samtal med skolan.").pk
    for other in (outsider, manager):
        assert case not in visible_cases(other)
        with pytest.raises(PermissionDenied):
            journal_add(user=other, case=case, text="Nyfiken.")


def test_a_municipality_registering_its_committee_as_one_district_runs_the_whole_flow(
    kiruna, make_report, outsider, manager
):
    committee = District.objects.create(
        municipality=kiruna,
        slug="kiruna",
        name="Socialnämnden",
        area=Area.NONE,
        valid_from=dt.date(2000, 1, 1),
    )
    unit = Unit.objects.create(
        municipality=kiruna, district=committee, kind="children", name="Barn och unga"
    )
    caseworker = _staff("socsek.kiruna", Role.CASEWORKER, unit)
    unit_manager = _staff("chef.kiruna", Role.MANAGER, unit)

    report = make_report(
        caseworker, district=committee, received_at=timezone.now() - dt.timedelta(days=1)
    )
    case = report.case
    assert case.unit == unit
    assert case.assigned_to == caseworker
    pre_assessment_decide(
        user=caseworker,
        case=case,
        decided_on=timezone.localdate(),
        decision="open_investigation",
        reason="Oro.",
    )
    case.refresh_from_db()
    decision = case_decide(
        user=unit_manager,
        case=case,
        decided_on=timezone.localdate(),
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="family-home"),
        reason="Placering behövs.",
    )
    assert decision.delegation.code == "BU 3.1"
    assert case not in visible_cases(outsider)
    assert case not in visible_cases(manager)
