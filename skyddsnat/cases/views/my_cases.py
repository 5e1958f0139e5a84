""" "Mina ärenden": the cases of the user (a manager: of the unit), with their time limits."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.cases import forms, policy, selectors
from skyddsnat.cases.models import OPEN_STATUSES, CaseStatus, Deadline
from skyddsnat.cases.views.common import deadline_rows, display_name
from skyddsnat.organisation.models import Role, User
from skyddsnat.organisation.requests import AuthenticatedRequest

# --- Mina ärenden ---------------------------------------------------------------------------------

LANDING_HINTS: dict[str, str] = {
    Role.AUDITOR: "auditor",
    Role.POLITICIAN: "followup",
    Role.ANALYST: "followup",
    Role.ADMIN: "admin",
    Role.PARTNER: "partner",
    Role.ARCHIVIST: "archivist",
    Role.COORDINATOR: "programmes",
}


# The overdue box on top of "Mina ärenden" lists at most this many; the rest are one filter away.
OVERDUE_BOX_SIZE = 10
OPEN = set(OPEN_STATUSES)


def _open_status_choices() -> list[tuple[str, str]]:
    return [(str(s.value), str(s.label).capitalize()) for s in CaseStatus if s in OPEN]


@login_required
@require_safe
def my_cases(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not policy.works_with_cases(user):
        # Roles without case access get a page pointing to what they may use, with no personal data.
        return render(
            request,
            "cases/landing.html",
            {"hint": LANDING_HINTS.get(user.role, ""), "is_auditor": policy.is_auditor(user)},
        )
    manager = policy.is_manager(user)
    form = forms.CaseListForm(
        request.GET,
        statuses=_open_status_choices(),
        assignees=_caseworker_choices(user) if manager else None,
    )
    page = selectors.my_cases_page(user=user, params=request.GET, **form.filters())
    rows = []
    for case in page.object_list:
        pending = deadline_rows(case, pending_only=True)
        rows.append(
            {
                "case": case,
                "deadlines": pending,
                "overdue": any(d.overdue for d in pending),
                "assignee": display_name(case.assigned_to),
            }
        )
    overdue = selectors.overdue_cases(user=user)
    overdue_count = overdue.count()
    overdue_rows = [
        {
            "case": case,
            "deadlines": [d for d in deadline_rows(case, pending_only=True) if d.overdue],
            "assignee": display_name(case.assigned_to),
        }
        # The box shows the oldest few; the whole list is the filter "overdue" below.
        for case in overdue.select_related("assigned_to")
        .prefetch_related(Prefetch("deadlines", queryset=Deadline.objects.select_related("rule")))
        .order_by("opened_at", "pk")[:OVERDUE_BOX_SIZE]
    ]
    return render(
        request,
        "cases/my_cases.html",
        {
            "rows": rows,
            "page": page,
            "form": form,
            "filtered": form.filtered(),
            "overdue_rows": overdue_rows,
            "overdue_count": overdue_count,
            "is_manager": manager,
            "children_side": policy.registers_concern_reports(user),
        },
    )


def _caseworker_choices(user: User) -> list[tuple[int, str]]:
    if user.unit_id is None:
        # Staff without a unit have no queue, so nobody to choose either.
        return []
    staff = User.objects.filter(
        unit_id=user.unit_id, role__in=policy.CASE_HANDLER_ROLES, is_active=True
    ).order_by("last_name", "first_name", "username")
    return [(u.pk, display_name(u)) for u in staff]
