"""Report intake (issue 2 point 5): a report opens a case with its deadlines or joins an open
investigation; invalid input stores nothing.

Chosen behaviour for a second report on the same child in the same unit:
- an investigation is open → the report joins that case: a new safety-assessment deadline, no new
  pre-assessment (domain.md §3.3: "not needed if an investigation is already open");
- only a pre-assessment is open, or the earlier case is decided or closed → the report opens a new
  case with its own 14-day pre-assessment, counted from its own receipt, so no report ever loses
  its time limit and each case has exactly one pre-assessment decision.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case, CaseStatus, Deadline, DeadlineKind, InterventionType
from skyddsnat.cases.services import case_decide
from skyddsnat.children.models import Report
from skyddsnat.children.services import pre_assessment_decide, report_register
from skyddsnat.organisation.models import District, Unit
from skyddsnat.people.models import Person


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Person, Case, Report, Deadline, AuditEntry)
    }


def _kinds(case: Case) -> list[str]:
    return sorted(case.deadlines.values_list("kind", flat=True))


def _open_investigation(user, case: Case) -> None:
    pre_assessment_decide(
        user=user,
        case=case,
        decided_on=timezone.localdate(),
        decision="open_investigation",
        reason="Oron kräver utredning.",
    )


def test_a_report_registers_a_case_with_a_safety_and_a_pre_assessment_deadline(
    caseworker, make_report, jarva
):
    report = make_report(caseworker)
    case = report.case
    assert case.kind == "children"
    assert case.status == CaseStatus.PRE_ASSESSMENT
    assert case.district == jarva
    assert case.unit == Unit.objects.get(district=jarva, kind="children")
    assert case.assigned_to == caseworker
    assert case.person.is_synthetic
    assert _kinds(case) == ["pre_assessment", "safety_assessment"]
    assert report.safety_deadline.kind == DeadlineKind.SAFETY_ASSESSMENT
    assert report.registered_by == caseworker


def test_a_report_registered_by_the_manager_waits_unassigned_in_the_queue(manager, make_report):
    assert make_report(manager).case.assigned_to is None


def test_a_report_registered_by_another_districts_caseworker_is_not_assigned_to_them(
    outsider, make_report, jarva
):
    case = make_report(outsider, district=jarva).case
    assert case.unit.district == jarva
    assert case.assigned_to is None


def test_a_second_report_while_an_investigation_is_open_joins_that_case(caseworker, make_report):
    number = new_identity_number()
    first = make_report(caseworker, personal_identity_number=number)
    _open_investigation(caseworker, first.case)
    second = make_report(caseworker, personal_identity_number=number)
    assert second.case == first.case
    assert Case.objects.filter(person=first.child).count() == 1
    assert _kinds(first.case) == [
        "investigation",
        "pre_assessment",
        "safety_assessment",
        "safety_assessment",
    ]
    assert second.safety_deadline != first.safety_deadline
    assert AuditEntry.objects.get(
        action="children.report.create", detail__report_id=second.pk
    ).detail["joined_investigation"]


def test_a_second_report_while_only_a_pre_assessment_is_open_opens_a_new_case(
    caseworker, make_report
):
    number = new_identity_number()
    first = make_report(caseworker, personal_identity_number=number)
    second = make_report(caseworker, personal_identity_number=number)
    assert second.case != first.case
    assert second.child == first.child
    assert _kinds(second.case) == ["pre_assessment", "safety_assessment"]


def test_a_report_after_the_case_was_closed_opens_a_new_case(caseworker, make_report):
    number = new_identity_number()
    first = make_report(caseworker, personal_identity_number=number)
    pre_assessment_decide(
        user=caseworker,
        case=first.case,
        decided_on=timezone.localdate(),
        decision="no_investigation",
        reason="Ingen oro kvarstår.",
    )
    first.case.refresh_from_db()
    assert first.case.status == CaseStatus.CLOSED
    second = make_report(caseworker, personal_identity_number=number)
    assert second.case != first.case
    assert second.case.status == CaseStatus.PRE_ASSESSMENT


def test_a_report_after_a_decision_opens_a_new_case(caseworker, make_report):
    number = new_identity_number()
    first = make_report(caseworker, personal_identity_number=number)
    _open_investigation(caseworker, first.case)
    case_decide(
        user=caseworker,
        case=first.case,
        decided_on=timezone.localdate(),
        outcome="grant",
        intervention_type=InterventionType.objects.get(code="contact-person"),
        reason="Behov av stöd.",
    )
    second = make_report(caseworker, personal_identity_number=number)
    assert second.case != first.case


def test_an_anonymous_reporters_name_is_dropped(caseworker, make_report):
    report = make_report(caseworker, reporter_type="anonymous", reporter_name="Granne Grannsson")
    report.refresh_from_db()
    assert report.reporter_name == ""


def test_a_professional_reporters_name_is_kept(caseworker, make_report):
    report = make_report(caseworker, reporter_name="  Rinkebyskolan ")
    assert report.reporter_name == "Rinkebyskolan"


def test_an_existing_person_is_reused_by_identity_number_in_any_form(caseworker, make_report):
    number = new_identity_number()
    first = make_report(caseworker, personal_identity_number=number)
    dashed = number[2:8] + "-" + number[8:]
    second = make_report(caseworker, personal_identity_number=dashed, first_name="Annat")
    assert second.child == first.child
    assert Person.objects.filter(personal_identity_number=number).count() == 1


def test_a_report_on_a_district_merged_in_2023_goes_to_jarvas_unit(caseworker, make_report, jarva):
    old = District.objects.get(slug="rinkeby-kista")
    report = make_report(caseworker, district=old)
    assert report.district == jarva
    assert report.case.district == jarva
    assert report.case.unit == Unit.objects.get(district=jarva, kind="children")


INVALID = [
    ({"personal_identity_number": "20140517-1234"}, "personal_identity_number"),
    ({"personal_identity_number": "nonsense"}, "personal_identity_number"),
    ({"received_at": timezone.now() + dt.timedelta(days=1)}, "received_at"),
    ({"received_at": dt.datetime(2025, 1, 1, 12, 0)}, "received_at"),  # noqa: DTZ001 naive on purpose
    ({"reporter_type": "neighbour"}, "reporter_type"),
    ({"description": "   "}, "description"),
    ({"first_name": ""}, "first_name"),
    ({"last_name": " "}, "last_name"),
]


@pytest.mark.parametrize(("overrides", "field"), INVALID)
def test_invalid_input_is_refused_naming_the_field_and_stores_nothing(
    caseworker, make_report, overrides, field
):
    make_report(caseworker)  # something to compare against
    before = _counts()
    with pytest.raises(ValidationError) as error:
        make_report(caseworker, **overrides)
    assert field in error.value.message_dict
    assert _counts() == before


def test_a_received_time_within_the_clock_skew_allowance_is_accepted(caseworker, make_report):
    assert make_report(caseworker, received_at=timezone.now() + dt.timedelta(minutes=1)).pk


@pytest.mark.parametrize("persona", ["politician", "analyst", "auditor", "admin_user"])
def test_roles_without_case_work_cannot_register_reports(request, make_report, persona):
    user = request.getfixturevalue(persona)
    before = _counts()
    with pytest.raises(PermissionDenied):
        make_report(user)
    assert _counts() == before


def test_it_can_be_called_with_keyword_arguments_only(caseworker, jarva):
    with pytest.raises(TypeError):
        report_register(caseworker)  # type: ignore[misc]
