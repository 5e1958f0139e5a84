"""What the care flow's services share: a date as the moment a limit was done, and a limit
settled because what it followed has ended."""

import datetime as dt

from django.utils import timezone

from skyddsnat.cases.models import Deadline


def done_at(day: dt.date) -> dt.datetime:
    """Only a date is given: today's is recorded as now, an earlier day at noon (local time)."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def deadline_settle(deadline: Deadline, *, day: dt.date, note: str) -> None:
    """A pending limit completed on `day` with what completed it (a decision, a visit, an end)."""
    deadline.done_at = done_at(day)
    deadline.done_note = note
    deadline.save(update_fields=["done_at", "done_note"])
