"""The jobs run by a real procrastinate worker (in this process) against the test database: the
schedule, a job that does its work, a failing job retried and then shown as failed to the
administrator, the lock that keeps two runs of a job apart, and /readyz seeing the worker."""

import datetime as dt
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from procrastinate import exceptions as procrastinate_exceptions
from procrastinate.contrib.django import app

from skyddsnat.drafts.models import Draft
from skyddsnat.followup.models import StaleCase
from skyddsnat.jobs import reminders, tasks
from skyddsnat.jobs.models import Notice, Reminder
from skyddsnat.jobs.tests.conftest import events, jobs, run_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[3]


def test_the_jobs_are_scheduled():
    # A worker starting late still defers a run it missed by up to 12 hours.
    assert app.periodic_defaults == {"max_delay": 12 * 60 * 60}
    scheduled = {
        (periodic.task.name, periodic.cron)
        for periodic in app.periodic_registry.periodic_tasks.values()
    }

    assert scheduled == {
        ("skyddsnat.drafts_purge", "15 1 * * *"),
        ("skyddsnat.followup_refresh", "45 1 * * *"),
        ("skyddsnat.deadline_reminders", "0 5 * * *"),
        ("skyddsnat.lss_quarterly_report", "30 5 * * *"),
        ("skyddsnat.retention_propose", "0 3 1 * *"),
        ("skyddsnat.retention_execute", "30 2 * * *"),
    }
    for task in (
        tasks.drafts_purge_job,
        tasks.followup_refresh_job,
        tasks.deadline_reminders_job,
        tasks.lss_quarterly_report_job,
        tasks.retention_propose_job,
        tasks.retention_execute_job,
    ):
        assert task.lock == task.name
        assert task.queueing_lock == task.name
        assert task.retry_strategy is not None
        assert task.retry_strategy.max_attempts == tasks.RETRY.max_attempts


def test_the_worker_runs_the_reminders_and_mails(
    empty_queue, due_tomorrow, caseworker, manager, smtp
):
    caseworker.email = "sara.ek@kommun.example"
    caseworker.save(update_fields=["email"])
    # As the periodic deferrer does: the run's scheduled time as a timestamp.
    tasks.deadline_reminders_job.defer(timestamp=int(time.time()))

    run_worker()

    [job] = jobs("skyddsnat.deadline_reminders")
    assert job["status"] == "succeeded"
    assert Reminder.objects.filter(deadline=due_tomorrow).count() == 1
    assert Notice.objects.filter(user__in=[caseworker, manager]).count() == 2
    assert [m["To"] for m in smtp.messages] == ["sara.ek@kommun.example"]


def test_a_job_waiting_in_the_queue_is_not_queued_again(empty_queue):
    tasks.drafts_purge_job.defer()

    with pytest.raises(procrastinate_exceptions.AlreadyEnqueued):
        tasks.drafts_purge_job.defer()

    assert len(jobs("skyddsnat.drafts_purge")) == 1


def test_a_failing_job_is_retried_and_then_succeeds(empty_queue, due_tomorrow, monkeypatch):
    real = reminders.remind_deadlines
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise ConnectionError("SMTP server not answering")
        return real(**kwargs)

    monkeypatch.setattr(reminders, "remind_deadlines", flaky)
    tasks.deadline_reminders_job.defer()

    run_worker()

    [job] = jobs("skyddsnat.deadline_reminders")
    assert job["status"] == "todo"  # waits for its retry
    assert job["attempts"] == 1
    assert job["scheduled_at"] > timezone.now()
    assert "deferred_for_retry" in events(job["id"])
    assert not Reminder.objects.exists()

    # The retry's time has come.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s", [job["id"]]
        )
    run_worker()

    [job] = jobs("skyddsnat.deadline_reminders")
    assert job["status"] == "succeeded"
    assert job["attempts"] == 2
    assert len(calls) == 2
    assert Reminder.objects.filter(deadline=due_tomorrow).exists()


def test_a_job_failing_every_try_ends_failed_and_the_admin_sees_it(
    empty_queue, monkeypatch, admin_user, caseworker, client
):
    def broken(**kwargs):
        raise RuntimeError("always")

    monkeypatch.setattr(reminders, "remind_deadlines", broken)
    tasks.deadline_reminders_job.defer()

    tries = tasks.RETRY.max_attempts + 1  # the first try and its retries
    for _ in range(tries):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
        run_worker()

    [job] = jobs("skyddsnat.deadline_reminders")
    assert job["status"] == "failed"
    assert job["attempts"] == tries

    client.force_login(admin_user)
    page = client.get(reverse("jobs-job-list"), {"status": "failed"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Påminnelser om tidsfrister" in text
    assert "Misslyckad" in text
    assert f"<td>{job['id']}</td>" in text

    client.force_login(caseworker)
    assert client.get(reverse("jobs-job-list")).status_code == 404


def test_two_runs_of_a_job_never_run_at_the_same_time(empty_queue, monkeypatch):
    """Two reminder jobs in the queue and a worker that could run two jobs at once: the lock
    makes the second wait until the first has finished."""
    running = []
    spans: list[tuple[float, float]] = []
    overlap = threading.Event()
    guard = threading.Lock()

    def slow(**kwargs):
        with guard:
            running.append(1)
            if len(running) > 1:
                overlap.set()
        started = time.monotonic()
        time.sleep(0.5)
        with guard:
            running.pop()
        spans.append((started, time.monotonic()))
        return reminders.ReminderRun(reminders=0, mails=0)

    monkeypatch.setattr(reminders, "remind_deadlines", slow)
    # Same lock, different queueing locks: both wait in the queue at once.
    for stamp in (1, 2):
        tasks.deadline_reminders_job.configure(queueing_lock=f"test-{stamp}").defer(timestamp=stamp)

    # While the first runs, the second is not handed out (the worker, not waiting for more,
    # may stop then): run it until the queue is done.
    for _ in range(3):
        run_worker(concurrency=2)
        if all(j["status"] == "succeeded" for j in jobs("skyddsnat.deadline_reminders")):
            break

    assert [j["status"] for j in jobs("skyddsnat.deadline_reminders")] == ["succeeded"] * 2
    assert len(spans) == 2
    assert not overlap.is_set()
    first, second = sorted(spans)
    assert second[0] >= first[1]


def test_two_jobs_under_different_locks_do_run_at_the_same_time(empty_queue, monkeypatch):
    """The control for the test above: the same two jobs under two different locks do run at
    once, so the test above proves the lock and not the worker's pace."""
    running = []
    overlap = threading.Event()
    guard = threading.Lock()

    def slow(**kwargs):
        with guard:
            running.append(1)
            if len(running) > 1:
                overlap.set()
        overlap.wait(timeout=5)
        with guard:
            running.pop()
        return reminders.ReminderRun(reminders=0, mails=0)

    monkeypatch.setattr(reminders, "remind_deadlines", slow)
    for stamp in (1, 2):
        tasks.deadline_reminders_job.configure(
            lock=f"test-{stamp}", queueing_lock=f"test-{stamp}"
        ).defer(timestamp=stamp)

    run_worker(concurrency=2)

    assert overlap.is_set()


def worker_env() -> dict[str, str]:
    """This process's environment, with DATABASE_URL pointing at the test database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    return {**os.environ, "DATABASE_URL": url}


def test_scripts_worker_runs_a_worker_that_readyz_sees(empty_queue, client):
    assert client.get(reverse("readyz")).status_code == 503
    assert client.get(reverse("readyz")).json()["checks"]["worker"] == "stopped"

    worker = subprocess.Popen(  # noqa: S603 (our own script)
        [str(ROOT / "scripts" / "worker")],
        env=worker_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answer = None
        for _ in range(600):
            answer = client.get(reverse("readyz"))
            if answer.status_code == 200 or worker.poll() is not None:
                break
            time.sleep(0.1)
        assert answer is not None and answer.status_code == 200, worker.poll()
        assert answer.json() == {
            "status": "ok",
            "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
        }
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    # A worker that stops says so: readiness fails again.
    assert client.get(reverse("readyz")).json()["checks"]["worker"] == "stopped"


def test_the_worker_purges_old_drafts_and_refreshes_the_follow_up_facts(
    empty_queue, caseworker, make_report
):
    make_report(caseworker)
    assert StaleCase.objects.exists()
    old = Draft.objects.create(user=caseworker, key="children.report", data={"a": "b"})
    fresh = Draft.objects.create(user=caseworker, key="cases.journal.1", data={"a": "c"})
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=8))
    tasks.drafts_purge_job.defer(timestamp=int(time.time()))
    tasks.followup_refresh_job.defer(timestamp=int(time.time()))

    run_worker()

    assert {j["task_name"]: j["status"] for j in jobs()} == {
        "skyddsnat.drafts_purge": "succeeded",
        "skyddsnat.followup_refresh": "succeeded",
    }
    assert list(Draft.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not StaleCase.objects.exists()
