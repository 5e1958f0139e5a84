"""Deadline reminders: who gets a notice, when, once; the e-mail through a real SMTP server, with no
personal data in it; and runs at the same time against PostgreSQL."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Deadline, DeadlineKind
from skyddsnat.jobs.models import Notice, NoticeKind, Occasion, Reminder
from skyddsnat.jobs.reminders import MISSED_CATCH_UP_DAYS, remind_deadlines


def today() -> dt.date:
    return timezone.localdate()


@pytest.mark.django_db
def test_the_day_before_the_caseworker_and_the_manager_get_a_notice(
    due_tomorrow, caseworker, manager, colleague, outsider
):
    run = remind_deadlines(today=today())

    assert run.reminders == 1
    reminder = Reminder.objects.get()
    assert (reminder.deadline, reminder.occasion) == (due_tomorrow, Occasion.DUE_TOMORROW)
    notices = Notice.objects.order_by("user__username")
    assert [(n.user, n.kind) for n in notices] == [
        (manager, NoticeKind.DEADLINE_TOMORROW),
        (caseworker, NoticeKind.DEADLINE_TOMORROW),
    ]
    entry = AuditEntry.objects.get(action="jobs.reminders.create")
    assert entry.case_ids == [due_tomorrow.case_id]
    assert entry.channel == "system"


@pytest.mark.django_db
def test_the_day_after_the_last_day_a_missed_limit_is_reminded_of(due_tomorrow, caseworker):
    remind_deadlines(today=today())
    # Two days later the limit (still undone) passed yesterday.
    remind_deadlines(today=today() + dt.timedelta(days=2))

    occasions = sorted(
        Reminder.objects.filter(deadline=due_tomorrow).values_list("occasion", flat=True)
    )
    assert occasions == [Occasion.DUE_TOMORROW, Occasion.MISSED]
    assert (
        Notice.objects.filter(
            user=caseworker, kind=NoticeKind.DEADLINE_MISSED, reminder__deadline=due_tomorrow
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_a_limit_done_in_time_or_not_yet_near_is_not_reminded_of(due_tomorrow, make_report):
    Deadline.objects.filter(pk=due_tomorrow.pk).update(done_at=timezone.now())
    later = make_report(due_tomorrow.case.assigned_to)
    Deadline.objects.filter(case=later.case).update(due=today() + dt.timedelta(days=2))

    assert remind_deadlines(today=today()).reminders == 0
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_an_old_miss_is_not_reminded_of_on_a_first_run(due_tomorrow):
    long_ago = today() - dt.timedelta(days=MISSED_CATCH_UP_DAYS + 1)
    Deadline.objects.filter(case=due_tomorrow.case).update(due=long_ago)

    assert remind_deadlines(today=today()).reminders == 0


@pytest.mark.django_db
def test_running_the_job_again_adds_nothing(due_tomorrow, caseworker, manager, smtp):
    for user in (caseworker, manager):
        user.email = f"{user.username}@kommun.example"
        user.save(update_fields=["email"])

    first = remind_deadlines(today=today())
    second = remind_deadlines(today=today())

    assert (first.reminders, second.reminders) == (1, 0)
    assert Reminder.objects.count() == 1
    assert Notice.objects.count() == 2
    assert (first.mails, second.mails) == (2, 0)
    assert len(smtp.messages) == 2


@pytest.mark.django_db
def test_the_mail_says_how_many_and_nothing_about_any_person_or_case(
    due_tomorrow, caseworker, manager, smtp
):
    caseworker.email = "sara.ek@kommun.example"
    caseworker.save(update_fields=["email"])
    manager.email = "chef@kommun.example"
    manager.save(update_fields=["email"])
    # A second limit of the same caseworker passed yesterday.
    other = Deadline.objects.get(case=due_tomorrow.case, kind=DeadlineKind.SAFETY_ASSESSMENT)
    Deadline.objects.filter(pk=other.pk).update(due=today() - dt.timedelta(days=1))

    run = remind_deadlines(today=today())

    assert (run.reminders, run.mails) == (2, 2)
    assert sorted(rcpt for _from, (rcpt,) in smtp.envelopes) == [
        "chef@kommun.example",
        "sara.ek@kommun.example",
    ]
    message = next(m for m in smtp.messages if m["To"] == "sara.ek@kommun.example")
    body = message.get_content()
    assert message["From"] == "skyddsnat@kommun.example"
    assert message["Subject"] == "Skyddsnät: tidsfrister att se till"
    assert "Du har 1 tidsfrist som går ut i morgon." in body
    assert "Du har 1 tidsfrist som har gått ut utan att bli klar." in body
    assert "https://skyddsnat.kommun.example/notiser/" in body
    case = due_tomorrow.case
    person = case.person
    for personal in (
        person.first_name,
        person.last_name,
        person.personal_identity_number,
        person.personal_identity_number.replace("-", ""),
        case.reference,
        caseworker.first_name,
        caseworker.last_name,
        "förhandsbedömning",
    ):
        assert personal.lower() not in (body + message["Subject"]).lower()
    assert Notice.objects.filter(emailed_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_without_smtp_only_the_notices_are_made(due_tomorrow, caseworker):
    caseworker.email = "sara.ek@kommun.example"
    caseworker.save(update_fields=["email"])

    with override_settings(EMAIL_HOST=""):
        run = remind_deadlines(today=today())

    assert (run.reminders, run.mails) == (1, 0)
    assert Notice.objects.filter(user=caseworker, emailed_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_staff_without_an_address_get_the_notice_and_no_mail(due_tomorrow, manager, smtp):
    run = remind_deadlines(today=today())

    assert run.mails == 0  # the personas have no e-mail address
    assert Notice.objects.count() == 2
    assert smtp.messages == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_runs_at_the_same_time_remind_once_and_mail_once(due_tomorrow, caseworker, manager, smtp):
    caseworker.email = "sara.ek@kommun.example"
    caseworker.save(update_fields=["email"])
    Deadline.objects.filter(case=due_tomorrow.case, kind=DeadlineKind.SAFETY_ASSESSMENT).update(
        due=today() - dt.timedelta(days=1)
    )

    results = race(4, lambda _i: remind_deadlines(today=today()))

    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sum(r.reminders for r in results) == 2
    assert sum(r.mails for r in results) == 1
    assert Reminder.objects.count() == 2
    assert Notice.objects.filter(user=caseworker).count() == 2
    assert Notice.objects.filter(user=manager).count() == 2
    assert len(smtp.messages) == 1
    assert not Notice.objects.filter(user=caseworker, emailed_at__isnull=True).exists()
