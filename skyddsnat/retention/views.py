"""The archivist's pages: the runs, one run's list (the dry run) with approve and cancel, the
rules as loaded, and the records that keep a file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from skyddsnat.audit.services import audit_log_ids
from skyddsnat.cases import policy
from skyddsnat.lib.paging import page_of
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.retention import selectors, services
from skyddsnat.retention.forms import HoldForm
from skyddsnat.retention.models import RetentionHold, RetentionRule


@login_required
@require_safe
def run_list(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.is_archivist(request.user))
    page = page_of(selectors.runs(), request.GET)
    return render(request, "retention/run_list.html", {"page": page, "runs": page.object_list})


@login_required
@require_POST
def run_propose(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.is_archivist(request.user))
    try:
        run = services.run_propose(user=request.user)
    except services.RunConflict as conflict:
        messages.error(request, " ".join(conflict.messages))
        return redirect("retention-runs")
    return redirect("retention-run", run.pk)


@login_required
@require_safe
def run_detail(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    policy.require(policy.is_archivist(request.user))
    run = get_object_or_404(selectors.runs(), pk=run_id)
    page = page_of(run.items.select_related("kept_by"), request.GET)
    rows = selectors.item_rows(list(page.object_list))
    audit_log_ids(
        user=request.user,
        action="retention.run.read",
        person_ids=[r.item.person_id for r in rows if r.name is not None],
        run=run.pk,
    )
    return render(request, "retention/run_detail.html", {"run": run, "page": page, "rows": rows})


@login_required
@require_POST
def run_decide(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    policy.require(policy.is_archivist(request.user))
    decision = request.POST.get("decision")
    if decision not in ("approve", "cancel"):
        messages.error(request, _("Choose to approve or cancel the proposal."))
        return redirect("retention-run", run_id)
    approve = decision == "approve"
    try:
        services.run_decide(user=request.user, run_id=run_id, approve=approve)
    except services.RunConflict as conflict:
        messages.error(request, " ".join(conflict.messages))
    else:
        messages.success(
            request,
            _("Approved: the removal is carried out by the nightly job.")
            if approve
            else _("The proposal was cancelled."),
        )
    return redirect("retention-run", run_id)


@login_required
@require_safe
def rule_list(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.is_archivist(request.user) or policy.is_admin(request.user))
    return render(
        request, "retention/rule_list.html", {"rules": RetentionRule.objects.order_by("pk")}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def hold_list(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.is_archivist(request.user))
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.hold_record(
            user=request.user,
            person=data["person"],
            category=data["category"],
            recorded_on=data["recorded_on"],
            child=data["child"],
            note=data["note"],
        )
        messages.success(request, _("The record was noted: the file is kept by its rule."))
        return redirect("retention-holds")
    page = page_of(RetentionHold.objects.select_related("person", "child"), request.GET)
    holds = list(page.object_list)
    audit_log_ids(
        user=request.user,
        action="retention.hold.list",
        person_ids=[h.person_id for h in holds] + [h.child_id for h in holds if h.child_id],
    )
    return render(request, "retention/hold_list.html", {"form": form, "page": page, "holds": holds})
