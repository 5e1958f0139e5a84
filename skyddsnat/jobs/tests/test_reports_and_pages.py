"""The quarterly LSS report prepared by the job for the unit's managers, its download, and the
notices page with its count in the header."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user, race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.jobs.models import Notice, NoticeKind, PreparedReport
from skyddsnat.jobs.reminders import remind_deadlines
from skyddsnat.jobs.reports import prepare_lss_reports, previous_quarter
from skyddsnat.lss.implementation import LateKind
from skyddsnat.lss.tests.conftest import assess, grant, make_lss_user
from skyddsnat.organisation.models import Role, Unit, UnitKind

JULY = dt.date(2024, 7, 2)


@pytest.fixture
def late_decision(officer, make_application):
    """Granted on 15 January 2024 and never implemented: late from 16 April (Q2)."""
    application = make_application(officer, received_on=dt.date(2023, 12, 1))
    assess(officer, application, on=dt.date(2023, 12, 2))
    return grant(officer, application.requests.get(), on=dt.date(2024, 1, 15))


def test_the_previous_quarter():
    assert previous_quarter(dt.date(2024, 7, 2)) == (2024, 2)
    assert previous_quarter(dt.date(2024, 1, 1)) == (2023, 4)
    assert previous_quarter(dt.date(2024, 12, 31)) == (2024, 3)


@pytest.mark.django_db
def test_the_report_is_prepared_once_per_unit_with_a_notice_for_its_managers(
    late_decision,
    lss_manager,
    officer,
):
    prepared = prepare_lss_reports(today=JULY)

    assert prepared == Unit.objects.filter(kind=UnitKind.LSS).count()
    report = PreparedReport.objects.get(unit=lss_manager.unit)
    assert (report.year, report.quarter) == (2024, 2)
    assert (report.period_start, report.period_end) == (dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert [(r["kind"], r["case_id"]) for r in report.rows] == [
        (LateKind.NOT_IMPLEMENTED, late_decision.case_id)
    ]
    assert [(n.user, n.kind) for n in Notice.objects.all()] == [
        (lss_manager, NoticeKind.LSS_REPORT)
    ]
    entry = AuditEntry.objects.get(
        action="jobs.lss_report.prepare", detail__unit=lss_manager.unit_id
    )
    assert entry.case_ids == [late_decision.case_id]

    assert prepare_lss_reports(today=JULY) == 0
    assert PreparedReport.objects.filter(unit=lss_manager.unit).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_runs_at_the_same_time_prepare_each_report_once(late_decision, lss_manager):
    results = race(3, lambda _i: prepare_lss_reports(today=JULY))

    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sum(results) == Unit.objects.filter(kind=UnitKind.LSS).count()
    assert PreparedReport.objects.filter(unit=lss_manager.unit).count() == 1
    assert Notice.objects.filter(user=lss_manager).count() == 1


@pytest.mark.django_db
def test_the_manager_downloads_the_report_and_the_download_is_logged(
    late_decision,
    lss_manager,
    client,
):
    prepare_lss_reports(today=JULY)
    report = PreparedReport.objects.get(unit=lss_manager.unit)
    client.force_login(lss_manager)

    csv_answer = client.get(reverse("jobs-lss-report", args=[report.pk]), {"format": "csv"})
    pdf_answer = client.get(reverse("jobs-lss-report", args=[report.pk]), {"format": "pdf"})

    assert csv_answer.status_code == 200
    assert csv_answer["Content-Type"] == "text/csv; charset=utf-8"
    text = csv_answer.content.decode()
    assert late_decision.case.reference in text
    assert "Ej verkställt" in text
    assert pdf_answer.status_code == 200
    assert pdf_answer.content.startswith(b"%PDF")
    entries = AuditEntry.objects.filter(action="jobs.lss_report.download", user_id=lss_manager.pk)
    assert entries.count() == 2
    assert entries.first().case_ids == [late_decision.case_id]


@pytest.mark.django_db
def test_no_one_but_the_units_managers_gets_the_report(
    late_decision,
    lss_manager,
    officer,
    lss_outsider,
    caseworker,
    manager,
    client,
):
    prepare_lss_reports(today=JULY)
    report = PreparedReport.objects.get(unit=lss_manager.unit)
    other_manager = make_lss_user("lsschef.sodermalm", Role.MANAGER, "sodermalm")
    url = reverse("jobs-lss-report", args=[report.pk])

    for user in (officer, lss_outsider, caseworker, manager, other_manager):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.force_login(lss_manager)
    assert client.get(url, {"format": "xlsx"}).status_code == 404
    assert client.get(reverse("jobs-lss-report", args=[report.pk + 10_000])).status_code == 404


@pytest.mark.django_db
def test_the_notices_page_shows_the_count_and_marks_read(due_tomorrow, caseworker, client):
    remind_deadlines(today=timezone.localdate())
    client.force_login(caseworker)

    start = client.get(reverse("cases-my-cases")).content.decode()
    assert "Notiser" in start
    assert "1 oläst notis" in start

    page = client.get(reverse("jobs-notices"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Tidsfrist i morgon" in text
    assert due_tomorrow.case.reference in text
    assert "går ut i morgon" in text
    entry = AuditEntry.objects.get(action="jobs.notice.list", user_id=caseworker.pk)
    assert entry.case_ids == [due_tomorrow.case_id]

    notice = Notice.objects.get(user=caseworker)
    answer = client.post(reverse("jobs-notice-read", args=[notice.pk]))
    assert answer.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "oläst notis" not in client.get(reverse("cases-my-cases")).content.decode()


@pytest.mark.django_db
def test_another_users_notice_cannot_be_marked_read(due_tomorrow, manager, outsider, client):
    remind_deadlines(today=timezone.localdate())
    notice = Notice.objects.get(user=manager)
    client.force_login(outsider)

    assert client.post(reverse("jobs-notice-read", args=[notice.pk])).status_code == 404
    assert client.get(reverse("jobs-notice-read", args=[notice.pk])).status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.django_db
def test_mark_all_read(due_tomorrow, manager, client):
    remind_deadlines(today=timezone.localdate() + dt.timedelta(days=2))  # both limits missed
    assert Notice.objects.filter(user=manager, read_at__isnull=True).count() == 2
    client.force_login(manager)

    assert client.post(reverse("jobs-notice-read-all")).status_code == 302
    assert not Notice.objects.filter(user=manager, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_case_moved_out_of_reach_keeps_its_notice_without_the_reference(
    due_tomorrow, caseworker, client
):
    remind_deadlines(today=timezone.localdate())
    case = due_tomorrow.case
    type(case).objects.filter(pk=case.pk).update(
        unit=Unit.objects.get(district__slug="sodermalm", kind=UnitKind.CHILDREN), assigned_to=None
    )
    client.force_login(caseworker)

    text = client.get(reverse("jobs-notices")).content.decode()

    assert case.reference not in text
    assert "ett ärende som du inte längre har tillgång till" in text


@pytest.mark.django_db
def test_the_job_page_is_the_administrators(admin_user, caseworker, auditor, client):
    client.force_login(admin_user)
    page = client.get(reverse("jobs-job-list"))
    assert page.status_code == 200
    assert "Schemalagda jobb" in page.content.decode()
    assert "Ingen jobbprocess körs." in page.content.decode()

    for user in (caseworker, auditor, make_user("analytiker2", Role.ANALYST)):
        client.force_login(user)
        assert client.get(reverse("jobs-job-list")).status_code == 404
