"""Reads for the notices page, the header count and the administrator's page of jobs."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, Deadline
from skyddsnat.jobs.models import Notice
from skyddsnat.organisation.models import User


def notices(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).select_related(
        "reminder__deadline__case", "report__unit"
    )


def unread_count(user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class NoticeRow:
    notice: Notice
    deadline: Deadline | None
    case: Case | None  # only when the user may still see the case


def notice_rows(user: User, page: list[Notice]) -> list[NoticeRow]:
    """The page's notices, each with its case only if the user may still see it (a case moved to
    another unit since keeps its notice, without the reference)."""
    case_ids = {n.reminder.deadline.case_id for n in page if n.reminder is not None}
    visible = set(policy.visible_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    rows = []
    for notice in page:
        deadline = notice.reminder.deadline if notice.reminder is not None else None
        case = deadline.case if deadline is not None and deadline.case_id in visible else None
        rows.append(NoticeRow(notice=notice, deadline=deadline, case=case))
    return rows


# --- The job queue (PostgreSQL only) ------------------------------------------------------------


def queue_available() -> bool:
    return connection.vendor == "postgresql"


JOBS_SQL = """
SELECT id, task_name, status, attempts, scheduled_at,
       (SELECT max(at) FROM procrastinate_events e WHERE e.job_id = j.id) AS last_event
FROM procrastinate_jobs j
WHERE (%(status)s = '' OR status::text = %(status)s)
ORDER BY id DESC
LIMIT %(limit)s
"""


def recent_jobs(*, status: str = "", limit: int = 200) -> list[dict[str, Any]]:
    """The newest jobs (no arguments: they carry only a timestamp), for the administrator."""
    with connection.cursor() as cursor:
        cursor.execute(JOBS_SQL, {"status": status, "limit": limit})
        columns = [c.name for c in cursor.description or []]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def job_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status")
        return dict(cursor.fetchall())


def workers() -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, last_heartbeat, now() - last_heartbeat < make_interval(secs => %s) "
            "FROM procrastinate_workers ORDER BY id",
            [settings.SKYDDSNAT_WORKER_STALE_SECONDS],
        )
        return [
            {"id": pk, "last_heartbeat": beat, "alive": alive}
            for pk, beat, alive in cursor.fetchall()
        ]
