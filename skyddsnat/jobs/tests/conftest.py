"""A real SMTP server (aiosmtpd) on a free local port, a real procrastinate worker run in this
process against the test database, and a case with a time limit ending tomorrow."""

import datetime as dt
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from procrastinate.contrib.django import app

from skyddsnat.cases.models import Deadline, DeadlineKind

# The LSS personas and the application factory, for the quarterly report's tests.
from skyddsnat.lss.tests.conftest import (  # noqa: F401
    lss_manager,
    lss_outsider,
    make_application,
    officer,
)


class Mailbox:
    """Keeps every message the server accepted."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    """A local SMTP server, and the app configured to send through it (plain, no TLS)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            DEFAULT_FROM_EMAIL="skyddsnat@kommun.example",
            SKYDDSNAT_BASE_URL="https://skyddsnat.kommun.example",
        ):
            yield mailbox
    finally:
        controller.stop()


def run_worker(**options) -> None:
    """Run procrastinate's worker here until the queue holds nothing it may run now. Its periodic
    deferrer is left out (it would queue the day's runs, whatever the time of the test run): the
    tests defer the jobs they run themselves."""
    registry = app.periodic_registry
    scheduled = registry.periodic_tasks
    registry.periodic_tasks = {}
    try:
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(
                wait=False, install_signal_handlers=False, listen_notify=False, **options
            )
    finally:
        registry.periodic_tasks = scheduled


def jobs(task_name: str | None = None) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, status::text, attempts, scheduled_at FROM procrastinate_jobs"
            " WHERE %(name)s::text IS NULL OR task_name = %(name)s ORDER BY id",
            {"name": task_name},
        )
        columns = [c.name for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def events(job_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type::text FROM procrastinate_events WHERE job_id = %s ORDER BY id", [job_id]
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def empty_queue(db) -> Iterator[None]:
    """procrastinate's tables are not Django's to flush: empty them around a test."""

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM procrastinate_events; DELETE FROM procrastinate_periodic_defers;"
                " DELETE FROM procrastinate_jobs; DELETE FROM procrastinate_workers;"
            )

    empty()
    yield
    empty()


@pytest.fixture
def due_tomorrow(caseworker, make_report) -> Deadline:
    """A caseworker's case whose pre-assessment ends tomorrow."""
    report = make_report(caseworker)
    deadline = Deadline.objects.get(case=report.case, kind=DeadlineKind.PRE_ASSESSMENT)
    Deadline.objects.filter(pk=deadline.pk).update(due=timezone.localdate() + dt.timedelta(days=1))
    deadline.refresh_from_db()
    return deadline
