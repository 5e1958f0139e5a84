"""The receipt by e-mail (issue 11 point 6): a sender who gave an address gets the reference and
what happens next, never anything of the matter (no name, no description, no identity number:
e-mail leaves the municipality's systems).

The mail is sent by a job on the queue (`skyddsnat.eservices_receipt` in `jobs.tasks`), queued
when the submission's transaction commits, so a slow or absent SMTP server never holds up the
form and a failed send is retried. The address is kept only until the mail has gone. Without an
SMTP host (`SKYDDSNAT_SMTP_HOST`) no mail is sent and the address is forgotten at once; on the
SQLite demo there is no queue, so the mail (if configured) is sent right after the commit.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from skyddsnat.audit.services import audit_log
from skyddsnat.eservices.models import Submission
from skyddsnat.eservices.steps import next_steps

logger = logging.getLogger(__name__)

TASK_NAME = "skyddsnat.eservices_receipt"


def mail_configured() -> bool:
    return bool(settings.EMAIL_HOST)


def receipt_mail_text(submission: Submission, *, language: str = "sv") -> tuple[str, str]:
    """Subject and body: the reference, the day it was received, what happens next."""
    with translation.override(language):
        steps = next_steps(submission)
        received = timezone.localtime(submission.received_at)
        lines = [
            _("Hello,"),
            "",
            _("We have received what you sent us through the e-service on %(day)s at %(time)s.")
            % {
                "day": date_format(received.date(), "DATE_FORMAT"),
                "time": received.strftime("%H:%M"),
            },
            _("Your reference number is %(reference)s. Give it if you contact us about this.")
            % {"reference": submission.reference},
            "",
            _("What happens next"),
            steps.text,
        ]
        if steps.by is not None:
            lines.append(_("By: %(day)s") % {"day": date_format(steps.by, "DATE_FORMAT")})
        lines += ["", _("This message is sent automatically; do not reply to it.")]
        subject = _("Receipt %(reference)s from the social services") % {
            "reference": submission.reference
        }
    return subject, "\n".join(lines)


def queue_receipt(submission_id: int) -> None:
    """After the commit: queue the receipt job (or, without a queue, send it now)."""
    if not mail_configured():
        Submission.objects.filter(pk=submission_id).update(receipt_email="")
        return
    if connection.vendor != "postgresql":
        send_receipt(submission_id)
        return
    app.configure_task(name=TASK_NAME, queueing_lock=f"{TASK_NAME}:{submission_id}").defer(
        submission_id=submission_id
    )


def send_receipt(submission_id: int) -> bool:
    """Send one receipt, once: the row is locked while the mail goes and marked sent (and the
    address emptied) in the same transaction, so a retry or a second run sends nothing more."""
    if not mail_configured():
        return False
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None or submission.receipt_sent_at or not submission.receipt_email:
            return False
        subject, body = receipt_mail_text(submission)
        EmailMessage(subject, body, to=[submission.receipt_email]).send()
        submission.receipt_sent_at = timezone.now()
        submission.receipt_email = ""
        submission.save(update_fields=["receipt_sent_at", "receipt_email"])
        audit_log(
            user=None,
            action="eservices.receipt.mail",
            case_id=submission.case_id,
            submission_id=submission.pk,
        )
    return True
