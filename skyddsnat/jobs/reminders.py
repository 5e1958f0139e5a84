"""Deadline reminders: the day before a time limit's last day, and the day after it passed
undone, the case's caseworker and the managers of its unit get a notice in the app and, when SMTP
is configured, one e-mail without personal data ("Du har 2 tidsfrister som går ut i morgon").

Each time limit is reminded of once per occasion: `Reminder` is unique per (deadline, occasion) and
`Notice` per (user, reminder), so running the job twice, or twice at once, adds nothing. The
deadline row is locked and re-read before its reminder is written; a limit done meanwhile is
skipped.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from skyddsnat.audit.services import audit_log_ids
from skyddsnat.cases.models import OPEN_STATUSES, Deadline
from skyddsnat.jobs.models import Notice, NoticeKind, Occasion, Reminder
from skyddsnat.organisation.models import Role, User

logger = logging.getLogger(__name__)

# Reminders older than this are not mailed any more (e.g. when SMTP is configured later).
MAIL_WITHIN = dt.timedelta(days=2)

# A limit missed while no worker ran (a stop, a holiday) is still reminded of for this many days
# after its last day; older misses are not (a first run would otherwise flood everyone).
MISSED_CATCH_UP_DAYS = 7

NOTICE_KIND = {
    Occasion.DUE_TOMORROW: NoticeKind.DEADLINE_TOMORROW,
    Occasion.MISSED: NoticeKind.DEADLINE_MISSED,
}


def _candidates(today: dt.date) -> list[tuple[int, Occasion]]:
    """Open limits of open cases whose last day is tomorrow, or that passed within the catch-up
    days (the first day after the last day is the day a limit is missed)."""
    tomorrow = today + dt.timedelta(days=1)
    missed_from = today - dt.timedelta(days=MISSED_CATCH_UP_DAYS)
    rows = (
        Deadline.objects.filter(done_at__isnull=True, case__status__in=OPEN_STATUSES)
        .filter(Q(due=tomorrow) | Q(due__lt=today, due__gte=missed_from))
        .values_list("pk", "due")
        .order_by("due", "pk")
    )
    return [(pk, Occasion.DUE_TOMORROW if due == tomorrow else Occasion.MISSED) for pk, due in rows]


def recipients(deadline: Deadline) -> list[User]:
    """The case's caseworker and the managers of its unit (active accounts), each once."""
    case = deadline.case
    users = User.objects.filter(is_active=True).filter(
        Q(role=Role.MANAGER, unit_id=case.unit_id)
        | Q(pk=case.assigned_to_id if case.assigned_to_id else -1)
    )
    return list(users.order_by("pk"))


def _remind(deadline_id: int, occasion: Occasion, today: dt.date) -> Deadline | None:
    """Write the reminder of one limit and its notices, once; None if there was nothing to do."""
    with transaction.atomic():
        deadline = (
            Deadline.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(pk=deadline_id)
            .first()
        )
        if deadline is None or deadline.done_at is not None:
            return None
        still_due = (
            deadline.due == today + dt.timedelta(days=1)
            if occasion == Occasion.DUE_TOMORROW
            else deadline.due < today
        )
        if not still_due or deadline.case.status not in OPEN_STATUSES:
            return None
        if Reminder.objects.filter(deadline=deadline, occasion=occasion).exists():
            return None
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(deadline=deadline, occasion=occasion)
        except IntegrityError:
            return None  # another run wrote it first
        Notice.objects.bulk_create(
            [
                Notice(user=user, kind=NOTICE_KIND[occasion], reminder=reminder)
                for user in recipients(deadline)
            ]
        )
        return deadline


@dataclass(frozen=True)
class ReminderRun:
    reminders: int
    mails: int


def remind_deadlines(*, today: dt.date | None = None) -> ReminderRun:
    """The job: write the day's reminders and notices, then send the e-mail they call for."""
    today = today or timezone.localdate()
    reminded = [
        deadline
        for pk, occasion in _candidates(today)
        if (deadline := _remind(pk, occasion, today)) is not None
    ]
    if reminded:
        audit_log_ids(
            user=None,
            action="jobs.reminders.create",
            person_ids=[d.case.person_id for d in reminded],
            case_ids=[d.case_id for d in reminded],
            reminders=len(reminded),
            on=today.isoformat(),
        )
    return ReminderRun(reminders=len(reminded), mails=send_reminder_mail())


def mail_configured() -> bool:
    return bool(settings.EMAIL_HOST)


def reminder_mail_text(*, tomorrow: int, missed: int) -> tuple[str, str]:
    """Subject and body of a reminder e-mail: counts and a link, nothing about any person or
    case (e-mail leaves the municipality's systems)."""
    with override("sv"):
        lines = []
        if tomorrow:
            lines.append(
                ngettext(
                    "You have %(count)d time limit that ends tomorrow.",
                    "You have %(count)d time limits that end tomorrow.",
                    tomorrow,
                )
                % {"count": tomorrow}
            )
        if missed:
            lines.append(
                ngettext(
                    "You have %(count)d time limit that has passed without being completed.",
                    "You have %(count)d time limits that have passed without being completed.",
                    missed,
                )
                % {"count": missed}
            )
        subject = _("Skyddsnät: time limits to see to")
        body = "\n".join(
            [
                _("Hello,"),
                "",
                *lines,
                "",
                _("Sign in to Skyddsnät to see them: %(url)s")
                % {"url": f"{settings.SKYDDSNAT_BASE_URL}/notiser/"},
                "",
                _("This message is sent automatically; do not reply to it."),
            ]
        )
    return subject, body


def send_reminder_mail() -> int:
    """One e-mail per member of staff with reminders not yet mailed (and an address). Each
    person's notices are locked while their mail is sent and marked mailed in the same
    transaction; a run at the same time skips them (SKIP LOCKED). Returns the number sent."""
    if not mail_configured():
        return 0
    fresh = timezone.now() - MAIL_WITHIN
    pending = (
        Notice.objects.filter(
            emailed_at__isnull=True, reminder__isnull=False, created_at__gte=fresh
        )
        .exclude(user__email="")
        .filter(user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    sent = 0
    connection = get_connection()
    with connection:
        for user_id in list(pending):
            with transaction.atomic():
                notices = list(
                    Notice.objects.select_for_update(skip_locked=True)
                    .filter(
                        user_id=user_id,
                        emailed_at__isnull=True,
                        reminder__isnull=False,
                        created_at__gte=fresh,
                    )
                    .select_related("user")
                )
                if not notices:
                    continue
                tomorrow = sum(n.kind == NoticeKind.DEADLINE_TOMORROW for n in notices)
                missed = sum(n.kind == NoticeKind.DEADLINE_MISSED for n in notices)
                subject, body = reminder_mail_text(tomorrow=tomorrow, missed=missed)
                EmailMessage(
                    subject, body, to=[notices[0].user.email], connection=connection
                ).send()
                Notice.objects.filter(pk__in=[n.pk for n in notices]).update(
                    emailed_at=timezone.now()
                )
                sent += 1
    return sent
