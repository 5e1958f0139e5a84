"""What a receipt says happens next, and by when: one text for the receipt page, the API's
`next_steps` and the e-mail. No case content (it goes into e-mail)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.eservices.models import Submission, SubmissionKind


@dataclass(frozen=True)
class NextSteps:
    """What the receipt says happens next, and by when."""

    text: str
    by: dt.date | None


def next_steps(submission: Submission) -> NextSteps:
    """The receipt's "what happens next" (no case content: it goes into e-mail too)."""
    received = timezone.localtime(submission.received_at)
    if submission.kind == SubmissionKind.CONCERN:
        return NextSteps(
            _(
                "The social services assess at once, and at the latest the same working "
                "day, whether the child needs immediate protection. Within 14 days they "
                "decide whether to open an investigation. A professional with a duty to "
                "report who made the report may ask to be told whether an investigation "
                "was opened, was not opened or is already going on (the Social Services "
                "Act's rule on feedback to reporters, formerly 14 kap. 1 b § SoL)."
            ),
            received.date() + dt.timedelta(days=14),
        )
    if submission.kind == SubmissionKind.LSS:
        return NextSteps(
            _(
                "An LSS case officer contacts you to investigate your application. You get a "
                "written decision you can appeal. The investigation is meant to be finished "
                "within about three months."
            ),
            received.date() + dt.timedelta(days=90),
        )
    return NextSteps(
        _(
            "The reception of the social services contacts you within three working days to "
            "talk about what help you need. In an emergency, call 112."
        ),
        _working_days_after(received.date(), 3),
    )


def _working_days_after(day: dt.date, count: int) -> dt.date:
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
