"""The manager's queue: the unit's unassigned cases, each with its assignment form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.cases import forms, policy, selectors, services
from skyddsnat.cases.models import Case, Deadline
from skyddsnat.cases.views.common import deadline_rows, display_name, is_htmx, posted_version
from skyddsnat.cases.views.my_cases import _caseworker_choices, _open_status_choices
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import AuthenticatedRequest

# --- The manager's queue --------------------------------------------------------------------------


def _queue_row(case: Case, form: forms.AssignForm, *, assignee: str = "") -> dict:
    return {
        "case": case,
        "deadlines": deadline_rows(case, pending_only=True),
        "form": form,
        "assignee": assignee,
    }


@login_required
@require_safe
def queue(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.is_manager(request.user))
    choices = _caseworker_choices(request.user)
    # The filters of "Mina ärenden" but the assignee: the queue is those nobody has.
    form = forms.CaseListForm(request.GET, statuses=_open_status_choices(), assignees=None)
    page = selectors.unassigned_cases_page(user=request.user, params=request.GET, **form.filters())
    rows = [
        _queue_row(case, forms.AssignForm(choices=choices, prefix=f"case{case.pk}"))
        for case in (page.object_list if page is not None else [])
    ]
    return render(
        request,
        "cases/queue.html",
        {"rows": rows, "page": page, "form": form, "filtered": any(form.filters().values())},
    )


@login_required
@require_POST
def queue_assign(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    user = request.user
    policy.require(policy.is_manager(user))
    case = policy.get_case_for_user(user, case_id)
    choices = _caseworker_choices(user)
    form = forms.AssignForm(request.POST, choices=choices, prefix=f"case{case.pk}")
    assignee_name = ""
    if form.is_valid():
        assignee = User.objects.get(pk=form.cleaned_data["assignee"])
        try:
            # The queue lists unassigned cases: one a colleague assigned (or changed) since the
            # page was loaded is refused, not silently re-assigned.
            with services.case_write(case, expected_version=posted_version(request)):
                services.case_assign(
                    user=user, case=case, assignee=assignee, only_if_unassigned=True
                )
        except services.CaseChanged as changed:
            form.add_error("assignee", changed.messages[0])
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            assignee_name = display_name(assignee)
            if not is_htmx(request):
                messages.success(
                    request,
                    _("%(case)s was assigned to %(name)s.")
                    % {"case": case.reference, "name": assignee_name},
                )
                return redirect("cases-queue")
    if not is_htmx(request):
        errors = [str(e) for e in form.errors.get("assignee", [])] or [
            _("Choose a caseworker of the unit.")
        ]
        messages.error(request, " ".join(errors))
        return redirect("cases-queue")
    if not assignee_name:
        case.refresh_from_db()  # the row shows the case as it now is, with its current version
    prefetch_related_objects(
        [case], Prefetch("deadlines", queryset=Deadline.objects.select_related("rule"))
    )
    return render(
        request,
        "cases/_queue_row.html",
        # htmx swaps only 2xx answers: the row with its error comes back as 200.
        {"row": _queue_row(case, form, assignee=assignee_name)},
    )
