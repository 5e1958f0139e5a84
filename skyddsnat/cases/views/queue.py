"""The manager's queue: the unit's unassigned cases, each with its assignment form."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.cases import forms, policy, registry, selectors, services
from skyddsnat.cases.actions import form_action, is_htmx
from skyddsnat.cases.models import Case, Deadline
from skyddsnat.cases.views.common import deadline_rows, display_name
from skyddsnat.cases.views.my_cases import _caseworker_choices, _open_status_choices
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import AuthenticatedRequest

# --- The manager's queue --------------------------------------------------------------------------


def _queue_row(
    case: Case, form: django_forms.Form, *, assignee: str = "", from_eservice: bool = False
) -> dict:
    return {
        "case": case,
        "from_eservice": from_eservice,
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
    cases = list(page.object_list) if page is not None else []
    # The cases that came in through the public e-service get the "E-tjänst" badge.
    eservice = registry.eservice_case_ids([case.pk for case in cases])
    rows = [
        _queue_row(
            case,
            forms.AssignForm(choices=choices, prefix=f"case{case.pk}"),
            from_eservice=case.pk in eservice,
        )
        for case in cases
    ]
    return render(
        request,
        "cases/queue.html",
        {
            "rows": rows,
            "page": page,
            "form": form,
            "filtered": form.filtered(),
            "children_side": policy.registers_concern_reports(request.user),
        },
    )


@login_required
@require_POST
def queue_assign(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    user = request.user
    policy.require(policy.is_manager(user))
    case = policy.get_case_for_user(user, case_id)
    policy.require(policy.may_assign(user, case))
    form = forms.AssignForm(
        request.POST, choices=_caseworker_choices(user), prefix=f"case{case.pk}"
    )

    def assign(data: dict) -> User:
        assignee = User.objects.get(pk=data["assignee"])
        # The queue lists unassigned cases: one a colleague assigned (or changed) since the page
        # was loaded is refused (409 on the form), not silently re-assigned.
        services.case_assign(user=user, case=case, assignee=assignee, only_if_unassigned=True)
        return assignee

    def assigned(assignee: User) -> HttpResponse:
        name = display_name(assignee)
        if is_htmx(request):
            return _row(request, case, form, assignee=name)
        messages.success(
            request,
            _("%(case)s was assigned to %(name)s.") % {"case": case.reference, "name": name},
        )
        return redirect("cases-queue")

    def failed(form: django_forms.Form, status: int) -> HttpResponse:
        # The row has one place for errors, under the choice: a stale page's message goes there.
        for text in form.non_field_errors():
            form.add_error("assignee", text)
        if not is_htmx(request):
            errors = [str(e) for e in form.errors.get("assignee", [])] or [
                _("Choose a caseworker of the unit.")
            ]
            messages.error(request, " ".join(errors))
            return redirect("cases-queue")
        case.refresh_from_db()  # the row shows the case as it now is, with its current version
        return _row(request, case, form)

    return form_action(request, form, assign, case=case, redirect_to=assigned, failed=failed)


def _row(
    request: AuthenticatedRequest, case: Case, form: django_forms.Form, *, assignee: str = ""
) -> HttpResponse:
    prefetch_related_objects(
        [case], Prefetch("deadlines", queryset=Deadline.objects.select_related("rule"))
    )
    # htmx swaps only 2xx answers: the row with its error comes back as 200.
    return render(
        request, "cases/_queue_row.html", {"row": _queue_row(case, form, assignee=assignee)}
    )
