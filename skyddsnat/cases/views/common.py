"""Helpers every page of the spine (and the flows' pages) shares."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from skyddsnat.cases import selectors
from skyddsnat.cases.models import Case
from skyddsnat.organisation.models import User


def local_moment(moment: dt.datetime) -> tuple[dt.date, dt.time]:
    """The local day and minute of a moment, as the timeline shows it."""
    local = timezone.localtime(moment)
    return local.date(), local.time().replace(second=0, microsecond=0)


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class DeadlineRow:
    label: str
    due: dt.date
    done: bool
    overdue: bool
    days_left: int | None
    days_overdue: int
    citation: str
    pk: int = 0
    done_note: str = ""
    # The "mark as done" form, on the case page for a pending limit completed by hand.
    done_form: object = None
    completed_by_hand: bool = False
    days_late: int = 0


def deadline_rows(case: Case, *, pending_only: bool = False) -> list[DeadlineRow]:
    rows = []
    for view in selectors.deadline_views(case):
        if pending_only and view.done:
            continue
        rows.append(
            DeadlineRow(
                label=view.label,
                due=view.due,
                done=view.done,
                overdue=view.overdue,
                days_left=view.days_left,
                days_overdue=-view.days_left if view.overdue and view.days_left else 0,
                citation=view.citation,
                pk=view.id,
                done_note=view.done_note,
                completed_by_hand=view.completed_by_hand,
                days_late=view.days_late,
            )
        )
    return rows
