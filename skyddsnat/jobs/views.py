"""Notices ("Notiser"), the prepared LSS report's download, and the administrator's page of jobs."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.audit.services import audit_log_many
from skyddsnat.cases import policy
from skyddsnat.jobs import selectors
from skyddsnat.jobs.models import Notice, PreparedReport
from skyddsnat.jobs.reports import report_rows
from skyddsnat.lib.paging import page_of
from skyddsnat.lss import documents
from skyddsnat.organisation.requests import AuthenticatedRequest

JOB_STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")


@login_required
@require_safe
def notice_list(request: AuthenticatedRequest) -> HttpResponse:
    page = page_of(selectors.notices(request.user), request.GET)
    rows = selectors.notice_rows(request.user, list(page.object_list))
    # The list names cases: one entry for what it showed, like every list of staff.
    audit_log_many(
        user=request.user,
        action="jobs.notice.list",
        rows=[(r.case.person_id, r.case.pk) for r in rows if r.case is not None],
    )
    return render(request, "jobs/notices.html", {"rows": rows, "page": page})


@login_required
@require_POST
def notice_read(request: AuthenticatedRequest, notice_id: int) -> HttpResponse:
    """Mark one's own notice read (someone else's answers 404, like one that does not exist)."""
    notice = get_object_or_404(selectors.notices(request.user), pk=notice_id)
    with transaction.atomic():
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("jobs-notices")


@login_required
@require_POST
def notice_read_all(request: AuthenticatedRequest) -> HttpResponse:
    with transaction.atomic():
        selectors.notices(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("jobs-notices")


@login_required
@require_safe
def report_download(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """The prepared quarterly LSS report, for the managers of its unit only (others: 404)."""
    policy.require(policy.is_lss_staff(request.user) and policy.is_manager(request.user))
    report = get_object_or_404(PreparedReport.objects.select_related("unit"), pk=report_id)
    if not policy.may_manage_unit(request.user, report.unit_id):
        raise Http404
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "pdf"):
        raise Http404
    rows = report_rows(report)
    audit_log_many(
        user=request.user,
        action="jobs.lss_report.download",
        rows=sorted({(r.person_id, r.case_id) for r in rows}),
        year=report.year,
        quarter=report.quarter,
        format=fmt,
    )
    filename = f"ej-verkstallda-beslut-{report.year}-Q{report.quarter}"
    if fmt == "pdf":
        pdf = documents.ivo_pdf(
            rows, unit_name=str(report.unit), start=report.period_start, end=report.period_end
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
        return response
    response = HttpResponse(documents.ivo_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@login_required
@require_safe
def job_list(request: AuthenticatedRequest) -> HttpResponse:
    """The administrator's view of the queue: the newest jobs (failed ones first to find with
    the filter), how many in each state, and the workers with their last heartbeat. Jobs carry no
    personal data (their only argument is the time they were scheduled for)."""
    policy.require(policy.is_admin(request.user))
    if not selectors.queue_available():
        return render(request, "jobs/job_list.html", {"available": False})
    status = request.GET.get("status", "")
    if status not in JOB_STATUSES:
        status = ""
    counts = selectors.job_counts()
    return render(
        request,
        "jobs/job_list.html",
        {
            "available": True,
            "jobs": selectors.recent_jobs(status=status),
            "workers": selectors.workers(),
            "status": status,
            "statuses": [(s, counts.get(s, 0)) for s in JOB_STATUSES],
        },
    )
