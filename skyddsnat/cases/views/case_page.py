"""The case page: its time limits, its timeline and the action forms the case offers now (the
spine's own and those the flows register in `cases.registry`), and `case_action`, which runs one
action form and shows the page again on failure."""

from collections.abc import Callable
from dataclasses import replace

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from skyddsnat.cases import forms, policy, registry, selectors, services
from skyddsnat.cases.actions import form_action, unplaced_errors
from skyddsnat.cases.guardians import guardian_rows
from skyddsnat.cases.models import Case, CaseStatus, Decision, InterventionType, Outcome
from skyddsnat.cases.registry import TimelineItem
from skyddsnat.cases.views.common import deadline_rows, display_name, local_moment
from skyddsnat.organisation.models import DecisionType, Role
from skyddsnat.organisation.requests import AuthenticatedRequest

# --- The case page --------------------------------------------------------------------------------


def timeline(case: Case) -> list[TimelineItem]:
    """The flow's events (`registry.timeline_items`), then decisions, extensions, interventions and
    journal entries of the case, oldest first. Works on the prefetched relations of
    `selectors.case_detail`."""
    # The flow's own events first (children: the reports and their safety assessments).
    items: list[TimelineItem] = registry.timeline_items(case)
    for decision in case.decisions.all():
        if decision.outcome:
            title = _("Decision on %(intervention)s: %(outcome)s") % {
                "outcome": decision.outcome_status,
                "intervention": decision.intervention_type or "",
            }
        elif decision.decision_type in (
            DecisionType.OPEN_INVESTIGATION,
            DecisionType.NO_INVESTIGATION,
        ):
            title = _("Pre-assessment: %(decision)s") % {
                "decision": decision.get_decision_type_display()
            }
        else:
            # A decision of a flow without an outcome (an investigation ended without
            # intervention): its type says what was decided.
            title = _("Decision: %(decision)s") % {"decision": decision.get_decision_type_display()}
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
                    local_moment(deadline.done_at)[0],
                    None,
                    "deadline",
                    _("Time limit done: %(name)s") % {"name": deadline.get_kind_display()},
                    deadline.done_note,
                )
            )
        for extension in deadline.extensions.all():
            day, time = local_moment(extension.decided_at)
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
        day, time = local_moment(entry.written_at)
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


def _role_label(role: str | None) -> str:
    return str(Role(role).label) if role else ""


def render_case_page(
    request: AuthenticatedRequest, case_id: int, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The case page. `bound` carries a submitted form with its errors (and the posted text, so a
    failed submit loses nothing)."""
    user = request.user
    case = selectors.case_detail(user=user, case_id=case_id)
    bound = bound or {}
    today = timezone.localdate()
    investigation = getattr(case, "investigation", None)
    investigation_open = investigation is not None and investigation.closed_on is None
    awaiting = _decisions_awaiting_intervention(case)

    page = registry.CasePage(
        user=user, case=case, bound=bound, today=today, now=timezone.localtime()
    )
    action_forms = page.forms
    if case.status == CaseStatus.PRE_ASSESSMENT:
        action_forms["pre_assessment"] = bound.get("pre_assessment") or forms.PreAssessmentForm(
            initial={"decided_on": today}
        )
    # The delegation order decides who extends, for this page and the service alike; a user it
    # does not cover asks the one it names when the limit comes near ("Begär förlängning").
    if investigation_open and policy.may_decide(user, DecisionType.EXTEND_INVESTIGATION):
        action_forms["extension"] = bound.get("extension") or forms.ExtensionForm()
    elif investigation_open and services.extension_request_offered(
        user=user, case=case, today=today
    ):
        action_forms["extension_request"] = (
            bound.get("extension_request") or forms.ExtensionRequestForm()
        )
    # The decision form offers only the interventions the user's delegation covers; the others
    # are prepared and sent to the one who may decide ("Skicka till …"), never a form that
    # fails on submit.
    decidable = policy.decidable_intervention_types(user, case.kind)
    referable = policy.referable_intervention_types(user, case.kind).exclude(
        pk__in=[
            r.intervention_type_id
            for r in case.referrals.all()
            if r.is_pending and r.intervention_type_id
        ]
    )
    if investigation_open:
        if decidable.exists():
            action_forms["decision"] = bound.get("decision") or forms.DecisionForm(
                case_kind=case.kind, only=decidable, initial={"decided_on": today}
            )
        if referable.exists():
            action_forms["referral"] = bound.get("referral") or forms.ReferralForm(only=referable)
    following = _interventions_that_may_follow(case) if not investigation_open else None
    if following:
        # E.g. care under LVU after immediate custody: decided without a new investigation.
        if following.filter(pk__in=decidable.values("pk")).exists():
            action_forms["decision"] = bound.get("decision") or forms.DecisionForm(
                case_kind=case.kind,
                only=following.filter(pk__in=decidable.values("pk")),
                initial={"decided_on": today},
            )
        if following.filter(pk__in=referable.values("pk")).exists():
            action_forms["referral"] = bound.get("referral") or forms.ReferralForm(
                only=following.filter(pk__in=referable.values("pk"))
            )
    if awaiting:
        action_forms["intervention"] = bound.get("intervention") or forms.InterventionStartForm(
            initial={"started_on": today}
        )
    # What the flow of this case adds (children: the safety assessment, early help).
    registry.fill_case_page(page)
    action_forms["journal"] = bound.get("journal") or forms.JournalForm()
    action_forms["guardian"] = bound.get("guardian") or forms.GuardianForm()
    if case.person.identity_provisional:
        action_forms["person_match"] = bound.get("person_match") or forms.PersonMatchForm()
    # An action that is gone (a colleague's write closed it): its errors still say why.
    unplaced_errors(
        request, {n: f for n, f in bound.items() if not n.startswith("deadline")}, action_forms
    )
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
        "show_address": policy.may_see_address(user, case.person),
        "guardians": guardian_rows(user=user, child=case.person, case_id=case.pk),
        "deadlines": deadlines,
        "timeline": timeline(case),
        "investigation": investigation,
        "awaiting_decision": awaiting[0] if awaiting else None,
        "decision_follows": bool(following),
        "referrals": list(case.referrals.all()),
        "extension_role": _role_label(
            policy.deciding_role(DecisionType.EXTEND_INVESTIGATION) if investigation_open else None
        ),
        "decision_role": _role_label(policy.deciding_role(DecisionType.INTERVENTION)),
        "forms": action_forms,
        "failed": next(iter(bound), ""),
        # Posted back by every action form: a post based on an older view is refused (409).
        "version": case.version,
        **page.context,
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
@require_safe
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id)
    elsewhere = registry.case_page_elsewhere(case)
    if elsewhere is not None:
        # E.g. an LSS case is worked on its application page, with the LSS rules.
        return redirect(elsewhere)
    return render_case_page(request, case_id)


def case_action(
    request: AuthenticatedRequest,
    case_id: int,
    *,
    name: str,
    form: django_forms.Form,
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
    policy.require(policy.works_with_cases(request.user))
    if case is None:
        case = policy.get_case_for_user(request.user, case_id)
    return form_action(
        request,
        form,
        lambda data: call(case, data),
        case=case,
        stale_check=stale_check,
        field_map=field_map,
        success=success,
        redirect_to=reverse("cases-case-detail", args=[case.pk]),
        failed=lambda form, status: render_case_page(
            request, case.pk, bound={name: form}, status=status
        ),
    )
