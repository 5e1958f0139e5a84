"""Log review (loggkontroll): the auditor sees reads worth a second look, and why."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.persons import person_detail
from skyddsnat.cases.selectors import case_detail
from skyddsnat.children.selectors import early_help_for_person
from skyddsnat.children.services import early_help_start
from skyddsnat.logreview.selectors import Reason, unusual_access
from skyddsnat.people.models import Person, ProtectionLevel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def whole_day_is_working_time(settings):
    """Nothing is outside working hours unless a test says so: tests run at any hour."""
    settings.SKYDDSNAT_REVIEW_WORKDAY_START = 0
    settings.SKYDDSNAT_REVIEW_WORKDAY_END = 24
    settings.SKYDDSNAT_REVIEW_DAILY_PERSONS = 50


def reasons_by(auditor, username: str) -> list[tuple[str, tuple[Reason, ...]]]:
    return [
        (f.entry.action, f.reasons)
        for f in unusual_access(user=auditor, since=None, until=None)
        if f.entry.username == username
    ]


def test_a_caseworker_reading_their_own_case_is_not_flagged(auditor, caseworker, make_report):
    report = make_report(caseworker)
    case_detail(user=caseworker, case_id=report.case_id)
    person_detail(user=caseworker, person_id=report.child.pk)
    assert unusual_access(user=auditor) == []


def test_a_colleague_reading_a_case_assigned_to_another_is_flagged(
    auditor, caseworker, colleague, make_report
):
    report = make_report(caseworker)
    case_detail(user=colleague, case_id=report.case_id)
    person_detail(user=colleague, person_id=report.child.pk)
    assert reasons_by(auditor, colleague.username) == [
        ("people.person.read", (Reason.NOT_OWN_CASE,)),
        ("cases.case.read", (Reason.NOT_OWN_CASE,)),
    ]


def test_the_units_manager_reading_its_cases_is_not_flagged(
    auditor, caseworker, manager, make_report
):
    report = make_report(caseworker)
    case_detail(user=manager, case_id=report.case_id)
    person_detail(user=manager, person_id=report.child.pk)
    assert reasons_by(auditor, manager.username) == []


def test_any_read_of_a_protected_person_is_flagged(auditor, caseworker, make_report):
    report = make_report(caseworker)
    Person.objects.filter(pk=report.child.pk).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION
    )
    case_detail(user=caseworker, case_id=report.case_id)
    flagged = unusual_access(user=auditor)
    assert [(f.entry.action, f.reason, f.reason.label) for f in flagged] == [
        ("cases.case.read", Reason.PROTECTED_PERSON, "Läste en person med skyddad identitet")
    ]


def test_a_read_of_a_protected_childs_early_help_is_flagged(auditor, caseworker):
    """Early help has its own read entries (the person and case pages): the review sees them."""
    today = timezone.localdate()
    help_record = early_help_start(
        user=caseworker,
        personal_identity_number=new_identity_number(),
        first_name="Elsa",
        last_name="Testsson",
        is_synthetic=True,
        intervention_type=InterventionType.objects.get(code="parent-support"),
        started_on=today,
        consent_given=True,
        consent_on=today,
    )
    Person.objects.filter(pk=help_record.person_id).update(
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION
    )
    early_help_for_person(user=caseworker, person=help_record.person)
    assert ("children.early_help.read", (Reason.PROTECTED_PERSON,)) in reasons_by(
        auditor, caseworker.username
    )


def test_the_last_read_of_a_day_with_many_persons_is_flagged(
    auditor, caseworker, make_report, settings
):
    settings.SKYDDSNAT_REVIEW_DAILY_PERSONS = 2
    first, second = make_report(caseworker), make_report(caseworker)
    case_detail(user=caseworker, case_id=first.case_id)
    assert unusual_access(user=auditor) == []  # one person so far
    case_detail(user=caseworker, case_id=second.case_id)
    flagged = unusual_access(user=auditor)
    assert [(f.entry.case_id, f.reasons) for f in flagged] == [
        (second.case_id, (Reason.MANY_PERSONS,))
    ]


def test_a_read_outside_working_hours_is_flagged(auditor, caseworker, make_report, settings):
    report = make_report(caseworker)
    # Working hours that the present local hour is not part of: the day starts after it.
    settings.SKYDDSNAT_REVIEW_WORKDAY_START = timezone.localtime().hour + 1
    case_detail(user=caseworker, case_id=report.case_id)
    assert reasons_by(auditor, caseworker.username) == [
        ("cases.case.read", (Reason.OUTSIDE_HOURS,))
    ]


def test_the_period_limits_the_review(auditor, caseworker, colleague, make_report):
    report = make_report(caseworker)
    case_detail(user=colleague, case_id=report.case_id)
    today = timezone.localdate()
    assert len(unusual_access(user=auditor, since=today, until=today)) == 1
    yesterday = today - dt.timedelta(days=1)
    assert unusual_access(user=auditor, since=yesterday, until=yesterday) == []


def test_the_review_is_logged(auditor):
    unusual_access(user=auditor)
    assert AuditEntry.objects.filter(action="audit.review.read", username="granskare").exists()


@pytest.mark.parametrize(
    "persona", ["caseworker", "manager", "politician", "analyst", "admin_user"]
)
def test_only_the_auditor_may_review(request, persona):
    # A refused area: 404, like a page that does not exist (cases.policy.require).
    with pytest.raises(Http404):
        unusual_access(user=request.getfixturevalue(persona))


def test_the_number_of_queries_does_not_grow_with_the_entries(
    auditor, caseworker, colleague, make_report
):
    report = make_report(caseworker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            unusual_access(user=auditor)
        return len(captured)

    case_detail(user=colleague, case_id=report.case_id)
    one = queries()
    for _ in range(19):
        case_detail(user=colleague, case_id=report.case_id)
    assert len(unusual_access(user=auditor)) == 20
    assert queries() == one


# ----- the page ----------------------------------------------------------------------------------


def test_the_page_lists_flagged_reads_with_links_to_the_log(
    client, auditor, caseworker, colleague, make_report, django_assert_max_num_queries
):
    report = make_report(caseworker)
    for _ in range(5):
        case_detail(user=colleague, case_id=report.case_id)
    client.force_login(auditor)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("audit-review"))
    body = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["rows"]) == 5
    assert "Läste ett ärende som läsaren inte handlägger" in body
    assert report.child.identity_number_display in body
    assert report.case.reference in body
    assert f"{reverse('audit-log')}?user=socsek2.jarva" in body
    assert f"{reverse('audit-log')}?person={report.child.personal_identity_number}" in body


def test_the_log_page_links_to_the_review(client, auditor):
    client.force_login(auditor)
    assert reverse("audit-review") in client.get(reverse("audit-log")).content.decode()


def test_a_reversed_period_is_an_error_on_the_form(client, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit-review"), {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["until"]


@pytest.mark.parametrize("persona", ["caseworker", "manager", "politician", "analyst"])
def test_the_page_is_not_found_for_others(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("audit-review")).status_code == 404
