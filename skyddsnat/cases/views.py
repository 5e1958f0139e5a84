"""Pages of the case spine: "Mina ärenden", the case page with its action forms, the queue.

Views are thin: they check the role, get the case through the permission helpers (404 when not
visible), convert the form and call one service or selector.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.cases import forms, selectors, services
from skyddsnat.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseKind,
    CaseStatus,
    Deadline,
    Decision,
    InterventionType,
    Outcome,
)
from skyddsnat.cases.permissions import (
    get_case_for_user,
    is_auditor,
    is_manager,
    may_see_address,
    works_with_cases,
)
from skyddsnat.drafts.permissions import journal_key
from skyddsnat.drafts.services import draft_discard
from skyddsnat.organisation.models import DecisionType, Role, User
from skyddsnat.organisation.requests import AuthenticatedRequest


def require(allowed: bool) -> None:
    """Pages a role may not use answer 404, like records it may not see."""
    if not allowed:
        raise Http404


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


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
            )
        )
    return rows


# --- Mina ärenden ---------------------------------------------------------------------------------

LANDING_HINTS: dict[str, str] = {
    Role.AUDITOR: "auditor",
    Role.POLITICIAN: "followup",
    Role.ANALYST: "followup",
    Role.ADMIN: "admin",
    Role.PARTNER: "partner",
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
    if not works_with_cases(user):
        # Roles without case access get a page pointing to what they may use, with no personal data.
        return render(
            request,
            "cases/landing.html",
            {"hint": LANDING_HINTS.get(user.role, ""), "is_auditor": is_auditor(user)},
        )
    manager = is_manager(user)
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
            "filtered": any(form.filters().values()),
            "overdue_rows": overdue_rows,
            "overdue_count": overdue_count,
            "is_manager": manager,
        },
    )


# --- The case page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    day: dt.date
    time: dt.time | None
    kind: str
    title: str
    body: str = ""
    by: str = ""
    note: str = ""

    @property
    def sort_key(self) -> tuple:
        # Items with only a date come after the timed events of that day (a decision follows the
        # report it decides on).
        return (self.day, self.time or dt.time.max, self.kind == "intervention")


def _local(moment: dt.datetime) -> tuple[dt.date, dt.time]:
    local = timezone.localtime(moment)
    return local.date(), local.time().replace(second=0, microsecond=0)


def timeline(case: Case) -> list[TimelineItem]:
    """Reports, safety assessments, decisions, extensions, interventions and journal entries of the
    case, oldest first. Works on the prefetched relations of `selectors.case_detail`."""
    items: list[TimelineItem] = []
    for report in case.reports.all():
        day, time = _local(report.received_at)
        reporter = str(report.get_reporter_type_display())
        if report.reporter_name:
            reporter = f"{reporter}: {report.reporter_name}"
        items.append(
            TimelineItem(
                day,
                time,
                "report",
                _("Concern report received"),
                report.description,
                display_name(report.registered_by),
                reporter,
            )
        )
        assessment = getattr(report, "safety_assessment", None)
        if assessment is not None:
            day, time = _local(assessment.assessed_at)
            items.append(
                TimelineItem(
                    day,
                    time,
                    "assessment",
                    _("Safety assessment"),
                    assessment.notes,
                    display_name(assessment.assessed_by),
                    _("Immediate protection needed")
                    if assessment.immediate_protection_needed
                    else _("No immediate protection needed"),
                )
            )
    for decision in case.decisions.all():
        if decision.outcome:
            title = _("Decision: %(outcome)s %(intervention)s") % {
                "outcome": decision.get_outcome_display(),
                "intervention": decision.intervention_type or "",
            }
        else:
            title = _("Pre-assessment: %(decision)s") % {
                "decision": decision.get_decision_type_display()
            }
        items.append(
            TimelineItem(
                decision.decided_on,
                None,
                "decision",
                title,
                decision.reason,
                display_name(decision.decided_by),
                _("Delegation %(code)s") % {"code": decision.delegation.code},
            )
        )
    for deadline in case.deadlines.all():
        if deadline.done_at is not None and deadline.rule.completed_by_hand:
            items.append(
                TimelineItem(
                    _local(deadline.done_at)[0],
                    None,
                    "deadline",
                    _("Time limit done: %(name)s") % {"name": deadline.get_kind_display()},
                    deadline.done_note,
                )
            )
        for extension in deadline.extensions.all():
            day, time = _local(extension.decided_at)
            items.append(
                TimelineItem(
                    day,
                    time,
                    "extension",
                    _("Investigation extended to %(date)s")
                    % {"date": f"{extension.new_due:%Y-%m-%d}"},
                    extension.reason,
                    display_name(extension.decided_by),
                )
            )
    for intervention in case.interventions.all():
        note = _("Cost: %(cost)s SEK") % {"cost": intervention.cost_sek}
        if intervention.provider:
            note = f"{note} · {intervention.provider}"
        items.append(
            TimelineItem(
                intervention.started_on,
                None,
                "intervention",
                _("Intervention started: %(name)s") % {"name": intervention.intervention_type},
                note=note,
            )
        )
        if intervention.ended_on:
            items.append(
                TimelineItem(
                    intervention.ended_on,
                    None,
                    "intervention",
                    _("Intervention ended: %(name)s") % {"name": intervention.intervention_type},
                )
            )
    for entry in case.journal.all():
        day, time = _local(entry.written_at)
        items.append(
            TimelineItem(
                day, time, "journal", _("Journal entry"), entry.text, display_name(entry.author)
            )
        )
    return sorted(items, key=lambda item: item.sort_key)


def _decisions_awaiting_intervention(case: Case) -> list[Decision]:
    started = {i.decision_id for i in case.interventions.all()}
    return [
        d
        for d in case.decisions.all()
        if d.outcome == Outcome.GRANT and d.intervention_type_id and d.pk not in started
    ]


def _interventions_that_may_follow(case: Case) -> "QuerySet[InterventionType] | None":
    """The intervention types that may be decided after one ongoing on the case (catalogue
    data), or None when nothing ongoing may be followed."""
    ongoing = [i.intervention_type_id for i in case.interventions.all() if i.ended_on is None]
    if not ongoing or not case.is_open:
        return None
    following = InterventionType.objects.filter(may_follow__in=ongoing).distinct()
    return following if following.exists() else None


def render_case_page(
    request: AuthenticatedRequest, case_id: int, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The case page. `bound` carries a submitted form with its errors (and the posted text, so a
    failed submit loses nothing)."""
    from skyddsnat.children.forms import CaseEarlyHelpForm
    from skyddsnat.children.selectors import early_help_for_case
    from skyddsnat.children.services import gives_early_help, pending_safety_report

    user = request.user
    case = selectors.case_detail(user=user, case_id=case_id)
    bound = bound or {}
    today = timezone.localdate()
    now = timezone.localtime()
    investigation = getattr(case, "investigation", None)
    investigation_open = investigation is not None and investigation.closed_on is None
    pending_report = (
        pending_safety_report(case) if case.kind == CaseKind.CHILDREN and case.is_open else None
    )
    awaiting = _decisions_awaiting_intervention(case)

    action_forms: dict[str, object] = {}
    if pending_report is not None:
        action_forms["safety"] = bound.get("safety") or forms.SafetyAssessmentForm(
            initial={
                "assessed_date": today,
                "assessed_time": now.time().replace(second=0, microsecond=0),
            }
        )
    if case.status == CaseStatus.PRE_ASSESSMENT:
        action_forms["pre_assessment"] = bound.get("pre_assessment") or forms.PreAssessmentForm(
            initial={"decided_on": today}
        )
    if investigation_open and is_manager(user):
        action_forms["extension"] = bound.get("extension") or forms.ExtensionForm()
    if investigation_open:
        action_forms["decision"] = bound.get("decision") or forms.DecisionForm(
            case_kind=case.kind, initial={"decided_on": today}
        )
    following = _interventions_that_may_follow(case) if not investigation_open else None
    if following:
        # E.g. care under LVU after immediate custody: decided without a new investigation.
        action_forms["decision"] = bound.get("decision") or forms.DecisionForm(
            case_kind=case.kind, only=following, initial={"decided_on": today}
        )
    if awaiting:
        action_forms["intervention"] = bound.get("intervention") or forms.InterventionStartForm(
            initial={"started_on": today}
        )
    if (
        case.kind == CaseKind.CHILDREN
        and gives_early_help(user)
        and any(d.decision_type == DecisionType.NO_INVESTIGATION for d in case.decisions.all())
    ):
        # After a decision not to investigate: offer an intervention directly (children app).
        action_forms["early_help"] = bound.get("early_help") or CaseEarlyHelpForm(
            initial={"started_on": today}
        )
    action_forms["journal"] = bound.get("journal") or forms.JournalForm()
    for name, failed in bound.items():
        if name not in action_forms and not name.startswith("deadline"):
            # The action is gone (a colleague's write closed it): its errors still say why.
            for text in failed.non_field_errors() or [
                e for errors in failed.errors.values() for e in errors
            ]:
                messages.error(request, text)
    deadlines = [
        replace(
            row,
            done_form=bound.get(f"deadline{row.pk}")
            or forms.DeadlineDoneForm(prefix=f"deadline{row.pk}", initial={"done_on": today}),
        )
        if row.completed_by_hand and not row.done and case.is_open
        else row
        for row in deadline_rows(case)
    ]

    context = {
        "case": case,
        "person": case.person,
        "show_address": may_see_address(user, case.person),
        "deadlines": deadlines,
        "timeline": timeline(case),
        "pending_report": pending_report,
        "investigation": investigation,
        "awaiting_decision": awaiting[0] if awaiting else None,
        "decision_follows": bool(following),
        "forms": action_forms,
        "early_help": early_help_for_case(user=user, case=case)
        if case.kind == CaseKind.CHILDREN
        else [],
        "failed": next(iter(bound), ""),
        # Posted back by every action form: a post based on an older view is refused (409).
        "version": case.version,
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
@require_safe
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    if case.kind == CaseKind.LSS:
        # An LSS case is worked on its application page, with the LSS rules.
        return redirect("lss-application-detail", case.lss_application.pk)
    return render_case_page(request, case_id)


def case_action(
    request: AuthenticatedRequest,
    case_id: int,
    *,
    name: str,
    form: "forms.forms.Form",
    call: Callable[[Case, dict], object],
    field_map: dict[str, str] | None = None,
    success: str,
    case: Case | None = None,
    stale_check: bool = True,
) -> HttpResponse:
    """Run one action form of the case page: the service on success (then back to the case page),
    or the case page again with the errors and the posted values. `case`: the case when the view
    already got it through `get_case_for_user` (so it is not read twice).

    The form posts the case's version as the page showed it; when the case has changed since
    (a colleague's decision, an extension…), the write is refused with 409 and a message of what
    changed, and the page shows the case as it now is. A journal entry (`stale_check=False`)
    never conflicts and is saved regardless."""
    require(works_with_cases(request.user))
    if case is None:
        case = get_case_for_user(request.user, case_id)
    status = 400
    if form.is_valid():
        expected = posted_version(request) if stale_check else None
        try:
            with services.case_write(case, expected_version=expected):
                call(case, form.cleaned_data)
        except services.CaseChanged as changed:
            form.add_error(None, changed.messages[0])
            status = 409
        except ValidationError as error:
            forms.apply_service_errors(form, error, field_map)
            if isinstance(error, services.CaseConflict):
                status = 409
        except PermissionDenied as denied:
            # The case is visible but this write is not the user's (e.g. no delegation): 403,
            # so that a refusal never reads as a mere input error.
            form.add_error(None, str(denied) or _("You may not do this."))
            status = 403
        else:
            messages.success(request, success)
            return redirect("cases-case-detail", case_id=case.pk)
    return render_case_page(request, case.pk, bound={name: form}, status=status)


def posted_version(request: HttpRequest) -> int | None:
    """The case version a page's form was rendered with; None when the form carried none. A
    mangled value counts as an old view (-1 matches no version)."""
    value = request.POST.get("version")
    if value is None or value == "":
        return None
    return int(value) if value.isdecimal() and len(value) < 10 else -1


@login_required
@require_POST
def extension_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    require(is_manager(request.user))
    return case_action(
        request,
        case_id,
        name="extension",
        form=forms.ExtensionForm(request.POST),
        call=lambda case, data: services.investigation_extend(
            user=request.user, case=case, new_due=data["new_due"], reason=data["reason"]
        ),
        success=_("The investigation was extended."),
    )


@login_required
@require_POST
def decision_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    return case_action(
        request,
        case_id,
        case=case,
        name="decision",
        form=forms.DecisionForm(request.POST, case_kind=case.kind),
        call=lambda case, data: services.case_decide(
            user=request.user,
            case=case,
            decided_on=data["decided_on"],
            outcome=data["outcome"],
            intervention_type=data["intervention_type"],
            reason=data["reason"],
        ),
        success=_("The decision was recorded."),
    )


@login_required
@require_POST
def intervention_create(
    request: AuthenticatedRequest, case_id: int, decision_id: int
) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    try:
        decision = case.decisions.select_related("case").get(pk=decision_id)
    except Decision.DoesNotExist:
        raise Http404 from None
    return case_action(
        request,
        case_id,
        case=case,
        name="intervention",
        form=forms.InterventionStartForm(request.POST),
        call=lambda case, data: services.intervention_start(
            user=request.user,
            decision=decision,
            started_on=data["started_on"],
            cost_sek=data["cost_sek"],
            provider=data["provider"],
        ),
        success=_("The intervention was started."),
    )


@login_required
@require_POST
def journal_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    response = case_action(
        request,
        case_id,
        name="journal",
        form=forms.JournalForm(request.POST),
        call=lambda case, data: services.journal_add(
            user=request.user, case=case, text=data["text"]
        ),
        success=_("The journal entry was saved."),
        stale_check=False,
    )
    if response.status_code == 302:  # case_action redirects only when the entry was saved
        draft_discard(user=request.user, key=journal_key(case_id))
    return response


@login_required
@require_POST
def deadline_done(request: AuthenticatedRequest, case_id: int, deadline_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    try:
        deadline = case.deadlines.select_related("rule").get(pk=deadline_id)
    except Deadline.DoesNotExist:
        raise Http404 from None
    return case_action(
        request,
        case_id,
        case=case,
        name=f"deadline{deadline.pk}",
        form=forms.DeadlineDoneForm(request.POST, prefix=f"deadline{deadline.pk}"),
        call=lambda case, data: services.deadline_record_done(
            user=request.user,
            case=case,
            deadline=deadline,
            done_on=data["done_on"],
            note=data["note"],
        ),
        field_map={"deadline": "done_on"},
        success=_("The time limit was marked as done."),
    )


# --- The manager's queue --------------------------------------------------------------------------


def _caseworker_choices(user: User) -> list[tuple[int, str]]:
    if user.unit_id is None:
        # Staff without a unit have no queue, so nobody to choose either.
        return []
    staff = User.objects.filter(
        unit_id=user.unit_id, role__in=[Role.CASEWORKER, Role.LSS_OFFICER], is_active=True
    ).order_by("last_name", "first_name", "username")
    return [(u.pk, display_name(u)) for u in staff]


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
    require(is_manager(request.user))
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
    require(is_manager(user))
    case = get_case_for_user(user, case_id)
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
