"""The spine's action forms of the case page: extension, decision, intervention, journal entry,
a time limit done by hand. Each runs through `case_page.case_action`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skyddsnat.cases import forms, guardians, matching, policy, services
from skyddsnat.cases.views.case_page import case_action
from skyddsnat.drafts.services import draft_discard
from skyddsnat.organisation.requests import AuthenticatedRequest


@login_required
@require_POST
def extension_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    # The service asks the delegation order (policy.may_decide): a refusal on a case the user
    # sees answers 403 with the form and its reason, as the page offers the form only to those
    # whom the order allows.
    return case_action(
        request,
        case_id,
        name="extension",
        form=forms.ExtensionForm(request.POST),
        call=lambda case, data: services.investigation_extend(user=request.user, case=case, **data),
        success=_("The investigation was extended."),
    )


@login_required
@require_POST
def decision_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id)
    return case_action(
        request,
        case_id,
        case=case,
        name="decision",
        form=forms.DecisionForm(request.POST, case_kind=case.kind),
        call=lambda case, data: services.case_decide(user=request.user, case=case, **data),
        success=_("The decision was recorded."),
    )


@login_required
@require_POST
def intervention_create(
    request: AuthenticatedRequest, case_id: int, decision_id: int
) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id)
    decision = get_object_or_404(case.decisions.select_related("case"), pk=decision_id)
    return case_action(
        request,
        case_id,
        case=case,
        name="intervention",
        form=forms.InterventionStartForm(request.POST),
        call=lambda case, data: services.intervention_start(
            user=request.user, decision=decision, **data
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
        call=lambda case, data: services.journal_add(user=request.user, case=case, **data),
        success=_("The journal entry was saved."),
        stale_check=False,
    )
    if response.status_code == 302:  # case_action redirects only when the entry was saved
        draft_discard(user=request.user, key=forms.journal_key(case_id))
    return response


@login_required
@require_POST
def deadline_done(request: AuthenticatedRequest, case_id: int, deadline_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id)
    deadline = get_object_or_404(case.deadlines.select_related("rule"), pk=deadline_id)
    return case_action(
        request,
        case_id,
        case=case,
        name=f"deadline{deadline.pk}",
        form=forms.DeadlineDoneForm(request.POST, prefix=f"deadline{deadline.pk}"),
        call=lambda case, data: services.deadline_record_done(
            user=request.user, case=case, deadline=deadline, **data
        ),
        field_map={"deadline": "done_on"},
        success=_("The time limit was marked as done."),
    )


@login_required
@require_POST
def guardian_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = forms.GuardianForm(request.POST)
    return case_action(
        request,
        case_id,
        name="guardian",
        form=form,
        call=lambda case, data: guardians.guardian_add(user=request.user, case=case, **data),
        success=_("The guardian was added."),
    )


@login_required
@require_POST
def extension_request_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """ "Begär förlängning": the caseworker whose delegation does not cover extensions asks the one
    who may decide (issue 9 point 7)."""
    return case_action(
        request,
        case_id,
        name="extension_request",
        form=forms.ExtensionRequestForm(request.POST),
        call=lambda case, data: services.extension_request(user=request.user, case=case, **data),
        success=_("The request for an extension was sent."),
    )


@login_required
@require_POST
def referral_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """A decision on an intervention the user's delegation does not cover, sent to the one who
    may take it."""
    case = policy.get_case_for_user(request.user, case_id)
    return case_action(
        request,
        case_id,
        case=case,
        name="referral",
        form=forms.ReferralForm(
            request.POST, only=policy.referable_intervention_types(request.user, case.kind)
        ),
        call=lambda case, data: services.case_decision_refer(user=request.user, case=case, **data),
        success=_("The decision was sent to the one who may take it."),
    )


@login_required
@require_POST
def person_match(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """The child reported without a personal identity number, matched to the right person."""
    return case_action(
        request,
        case_id,
        name="person_match",
        form=forms.PersonMatchForm(request.POST),
        call=lambda case, data: matching.person_match(user=request.user, case=case, **data),
        success=_("The child was matched to the personal identity number."),
    )
