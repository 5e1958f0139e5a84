"""The scheduled jobs, run by the procrastinate worker (`./scripts/worker`, started by
`./scripts/serve`) from its queue in PostgreSQL.

Each job is periodic (cron in UTC; the worker defers each run once, however many workers there
are), retried on failure (`RETRY`: four retries, a little longer apart each time), and
has a `lock`: two jobs of the same kind never run at the same time, and a `queueing_lock`: one
waiting in the queue is not queued again. Each job also is safe to run twice (its own constraints),
so a retry or a manual run repeats nothing. A job that has failed its last try stays in the queue as
failed and shows on the administrator's "Jobb" page.
"""

import datetime as dt
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import close_old_connections, connection, connections, transaction
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from skyddsnat.drafts.services import drafts_purge
from skyddsnat.eservices import receipts
from skyddsnat.followup.equality import refresh_facts
from skyddsnat.jobs import reminders, reports
from skyddsnat.retention import services as retention
from skyddsnat.retention.models import RetentionRun, RunStatus

logger = logging.getLogger(__name__)

# Four retries after the first try, 1, 3, 5 and 7 minutes apart: a database restart or an SMTP
# server that is down for a while is outlived; a lasting fault shows as a failed job.
RETRY = RetryStrategy(max_attempts=4, wait=60, linear_wait=120)


def _job(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "retry": RETRY,
        "lock": name,
        "queueing_lock": name,
    }


def _with_connections(func: Callable[..., Any]) -> Callable[..., Any]:
    """The worker runs a sync job in a thread of its own: give it fresh database connections."""

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            # This thread's connections, not kept open between jobs hours apart.
            connections.close_all()

    return run


def _day(timestamp: int | None) -> dt.date | None:
    """The local day of a periodic run (the timestamp it was scheduled for), None if run by hand."""
    if timestamp is None:
        return None
    return timezone.localdate(dt.datetime.fromtimestamp(timestamp, tz=dt.UTC))


@app.periodic(cron="15 1 * * *", periodic_id="nightly")
@app.task(**_job("skyddsnat.drafts_purge"))
@_with_connections
def drafts_purge_job(timestamp: int | None = None) -> int:
    """Delete the autosaved drafts not saved for 7 days (drafts.services.drafts_purge)."""
    return drafts_purge()


@app.periodic(cron="45 1 * * *", periodic_id="nightly")
@app.task(**_job("skyddsnat.followup_refresh"))
@_with_connections
def followup_refresh_job(timestamp: int | None = None) -> str:
    """Rebuild the reaction facts of the cases marked stale (as `followup_refresh --stale`), so
    the morning's first follow-up page does not pay for the day's changes."""
    if connection.vendor != "postgresql":
        return "skipped"
    with transaction.atomic():
        refresh_facts(everything=False)
    return "refreshed"


@app.periodic(cron="0 5 * * *", periodic_id="morning")
@app.task(**_job("skyddsnat.deadline_reminders"))
@_with_connections
def deadline_reminders_job(timestamp: int | None = None) -> dict[str, int]:
    """The day's deadline reminders: notices, then e-mail (reminders.remind_deadlines)."""
    run = reminders.remind_deadlines(today=_day(timestamp))
    return {"reminders": run.reminders, "mails": run.mails}


@app.periodic(cron="30 5 * * *", periodic_id="morning")
@app.task(**_job("skyddsnat.lss_quarterly_report"))
@_with_connections
def lss_quarterly_report_job(timestamp: int | None = None) -> int:
    """The last quarter's LSS report for each LSS unit that has none yet (daily, so a missed
    first day of the quarter is caught up)."""
    return reports.prepare_lss_reports(today=_day(timestamp))


@app.periodic(cron="0 3 1 * *", periodic_id="monthly")
@app.task(**_job("skyddsnat.retention_propose"))
@_with_connections
def retention_propose_job(timestamp: int | None = None) -> int | None:
    """On the first of each month, the retention proposal for the archivist to approve (none
    while one is still open: the archivist decides that one first). The run's id, or None."""
    try:
        return retention.run_propose(user=None, as_of=_day(timestamp)).pk
    except retention.RunConflict:
        return None


@app.periodic(cron="30 2 * * *", periodic_id="nightly")
@app.task(**_job("skyddsnat.retention_execute"))
@_with_connections
def retention_execute_job(timestamp: int | None = None) -> int:
    """Carry out the approved retention runs (retention.services.run_execute: each file judged
    again, then removed; one transaction a run). The number of persons removed."""
    removed = 0
    for run_id in RetentionRun.objects.filter(status=RunStatus.APPROVED).values_list(
        "pk", flat=True
    ):
        try:
            removed += retention.run_execute(run_id=run_id, today=_day(timestamp)).removed
        except retention.RunConflict:
            continue  # carried out by another worker meanwhile
    return removed


@app.task(name="skyddsnat.eservices_receipt", retry=RETRY)
@_with_connections
def eservices_receipt_job(submission_id: int) -> bool:
    """The receipt e-mail of one e-service submission, queued when it was stored
    (eservices.receipts: once per submission, nothing of the matter in it)."""
    return receipts.send_receipt(submission_id)
