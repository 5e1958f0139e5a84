"""The quarterly LSS report, prepared by a job for each LSS unit's managers: the decisions not
implemented (or resumed) within three months (LSS 28 f–h §§), computed with the LSS flow's own
`late_rows` as of the quarter's last day and kept as they were then. The managers get a notice and
download it as CSV or PDF (`views.report_download`)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from skyddsnat.audit.services import audit_log_many
from skyddsnat.cases.models import Case, CaseKind
from skyddsnat.jobs.models import Notice, NoticeKind, PreparedReport
from skyddsnat.lss.implementation import (
    LateRow,
    late_row_from_stored,
    late_row_stored,
    late_rows,
    quarter_bounds,
)
from skyddsnat.organisation.models import Role, Unit, UnitKind, User


def previous_quarter(today: dt.date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)


def _stored(row: LateRow) -> dict[str, object]:
    return late_row_stored(row)


def report_rows(report: PreparedReport) -> list[LateRow]:
    return [late_row_from_stored(data) for data in report.rows]


def _prepare(unit: Unit, year: int, quarter: int) -> PreparedReport | None:
    start, end = quarter_bounds(year, quarter)
    with transaction.atomic():
        # One report per unit and quarter: the unit row is the lock, the constraint the rule.
        Unit.objects.select_for_update().get(pk=unit.pk)
        if PreparedReport.objects.filter(unit=unit, year=year, quarter=quarter).exists():
            return None
        cases = Case.objects.filter(unit=unit, kind=CaseKind.LSS)
        rows = late_rows(cases, on=end, period_start=start)
        try:
            with transaction.atomic():
                report = PreparedReport.objects.create(
                    unit=unit,
                    year=year,
                    quarter=quarter,
                    period_start=start,
                    period_end=end,
                    rows=[_stored(r) for r in rows],
                )
        except IntegrityError:
            return None
        managers = User.objects.filter(is_active=True, role=Role.MANAGER, unit=unit)
        Notice.objects.bulk_create(
            [Notice(user=m, kind=NoticeKind.LSS_REPORT, report=report) for m in managers]
        )
        audit_log_many(
            user=None,
            action="jobs.lss_report.prepare",
            rows=sorted({(r.person_id, r.case_id) for r in rows}),
            unit=unit.pk,
            year=year,
            quarter=quarter,
        )
    return report


def prepare_lss_reports(*, today: dt.date | None = None) -> int:
    """The job: the last quarter's report for every LSS unit that has none yet. Runs daily, so a
    day the worker was down is caught up; returns how many reports were prepared."""
    year, quarter = previous_quarter(today or timezone.localdate())
    units = Unit.objects.filter(kind=UnitKind.LSS).order_by("pk")
    return sum(_prepare(unit, year, quarter) is not None for unit in units)
