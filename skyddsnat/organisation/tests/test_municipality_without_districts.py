"""A municipality without districts (one social services committee) — issue 2 point 3.

Its units have no district; reports are received by the committee's children and youth unit of
the registering caseworker's municipality, and the whole flow runs as in Stockholm.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conftest import PASSWORD, new_identity_number
from skyddsnat.cases.models import Case, CaseKind, CaseStatus, DeadlineKind, InterventionType
from skyddsnat.cases.policy import visible_cases
from skyddsnat.cases.selectors import deadline_views, my_cases, overdue_cases
from skyddsnat.cases.services import case_decide, deadline_start, journal_add
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.organisation.models import Area, District, Municipality, Role, Unit, User
from skyddsnat.people.services import person_get_or_create


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
    # The spine alone, without intake: a case made directly on the district-less unit.
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


def test_a_municipality_without_districts_receives_reports_in_its_committee_unit(
    unit, outsider, manager
):
    from skyddsnat.children.services import report_register

    caseworker = _staff("socsek.kiruna", Role.CASEWORKER, unit)
    report = report_register(
        user=caseworker,
        personal_identity_number=new_identity_number(),
        first_name="Elsa",
        last_name="Niemi",
        district=None,
        received_at=timezone.now() - dt.timedelta(hours=3),
        reporter_type="professional",
        description="Skolan är orolig.",
        is_synthetic=True,
    )
    assert report.district is None
    assert report.case.unit == unit
    assert report.case.district is None
    assert report.case.assigned_to == caseworker
    assert {d.kind for d in report.case.deadlines.all()} == {"safety_assessment", "pre_assessment"}
    assert case_in(report.case, caseworker) and not case_in(report.case, outsider)
    assert not case_in(report.case, manager)


def test_a_stockholm_report_without_a_district_is_refused_and_stores_nothing(caseworker):
    from django.core.exceptions import ValidationError

    from skyddsnat.children.models import Report
    from skyddsnat.children.services import report_register

    with pytest.raises(ValidationError) as error:
        report_register(
            user=caseworker,
            personal_identity_number=new_identity_number(),
            first_name="Elsa",
            last_name="Niemi",
            district=None,
            received_at=timezone.now() - dt.timedelta(hours=3),
            reporter_type="professional",
            description="Skolan är orolig.",
        )
    assert "district" in error.value.message_dict
    assert Report.objects.count() == 0
    assert Case.objects.count() == 0


def case_in(case: Case, user: User) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()
