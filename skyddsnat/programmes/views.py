"""The programme pages for the district's coordinators (and its children and youth unit): the
programmes of the district, a programme's participants with the intake, and a participant's
plan (goals and their follow-up, meetings, consent to take part, interventions, the end).

Every view asks the policy first (`works_with_programmes`: 404 for other roles), gets the
participant through `selectors.get_participant_for_user` (404, as for a missing one) and runs
one service through `cases.actions.form_action` (400 input, 403 refused, 409 conflict)."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action
from skyddsnat.organisation.models import District
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.programmes import forms, selectors, services
from skyddsnat.programmes.models import GROUP_PROGRAMMES, Participant, Programme


def _area(request: AuthenticatedRequest) -> None:
    policy.require(policy.works_with_programmes(request.user))


def _district(request: AuthenticatedRequest) -> District:
    """The district whose programmes the user works with (the area check came first)."""
    district_id = policy.programme_district_id(request.user)
    if district_id is None:
        raise Http404
    return District.objects.get(pk=district_id)


def _programme(slug: str) -> Programme:
    if slug not in Programme.values:
        raise Http404
    return Programme(slug)


@login_required
@require_safe
def home(request: AuthenticatedRequest) -> HttpResponse:
    _area(request)
    district = _district(request)
    return render(
        request,
        "programmes/home.html",
        {"district": district, "summaries": selectors.district_summary(request.user)},
    )


def _list_page(
    request: AuthenticatedRequest, programme: Programme, intake: Any, status: int = 200
) -> HttpResponse:
    district = _district(request)
    return render(
        request,
        "programmes/participants.html",
        {
            "programme": programme,
            "district": district,
            "is_group": programme in GROUP_PROGRAMMES,
            "participants": selectors.participants_list(request.user, programme),
            "intake": intake if policy.writes_programmes(request.user) else None,
        },
        status=status,
    )


@login_required
@require_safe
def participants(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    _area(request)
    return _list_page(request, _programme(slug), forms.IntakeForm())


@login_required
@require_POST
def intake(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    _area(request)
    programme = _programme(slug)
    district = _district(request)
    return form_action(
        request,
        forms.IntakeForm(request.POST),
        lambda data: services.participant_register(
            user=request.user, programme=programme, district=district, **data
        ),
        failed=lambda form, status: _list_page(request, programme, form, status),
        redirect_to=lambda p: _redirect(p),
        success=_("The participant was registered."),
    )


def _redirect(participant: Participant) -> HttpResponse:
    return redirect(reverse("programmes-participant", args=[participant.pk]))


def _page(
    request: AuthenticatedRequest,
    participant: Participant,
    bound: Mapping[str, django_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    participant = selectors.participant_read(user, participant.pk)
    today = timezone.localdate()
    guardians = selectors.guardians(participant)
    writer = policy.writes_programmes(user) and participant.is_ongoing
    types = selectors.intervention_types(user)
    bound = bound or {}
    follow_up = bound.get("follow_up")
    context: dict[str, Any] = {
        "participant": participant,
        "missing_consents": selectors.missing_consents(participant, today=today),
        "decisions": selectors.decisions(participant),
        "writer": writer,
        "follow_up_goal": getattr(follow_up, "goal_id", None),
    }
    if writer:
        context.update(
            goal_form=bound.get("goal") or forms.GoalForm(),
            follow_up_form=follow_up or forms.FollowUpForm(),
            blank_follow_up=forms.FollowUpForm(),
            meeting_form=bound.get("meeting") or forms.MeetingForm(),
            consent_form=bound.get("consent") or forms.ConsentForm(guardians=guardians),
            decision_form=(bound.get("decision") or forms.DecisionForm(types=types))
            if types.exists()
            else None,
            end_form=bound.get("end") or forms.EndForm(),
        )
    return render(request, "programmes/participant.html", context, status=status)


@login_required
@require_safe
def participant_page(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    _area(request)
    participant = selectors.get_participant_for_user(request.user, participant_id)
    return _page(request, participant)


def _action(
    request: AuthenticatedRequest,
    participant_id: int,
    name: str,
    make_form: Callable[[Participant], django_forms.Form],
    call: Callable[[Participant, django_forms.Form, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    _area(request)
    participant = selectors.get_participant_for_user(request.user, participant_id)
    form = make_form(participant)
    return form_action(
        request,
        form,
        lambda data: call(participant, form, data),
        failed=lambda bound_form, status: _page(request, participant, {name: bound_form}, status),
        redirect_to=reverse("programmes-participant", args=[participant.pk]),
        success=success,
    )


@login_required
@require_POST
def goal_add(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    return _action(
        request,
        participant_id,
        "goal",
        lambda p: forms.GoalForm(request.POST),
        lambda p, form, data: services.goal_add(user=request.user, participant=p, **data),
        _("The goal was added to the plan."),
    )


@login_required
@require_POST
def goal_follow_up(
    request: AuthenticatedRequest, participant_id: int, goal_id: int
) -> HttpResponse:
    def make(p: Participant) -> django_forms.Form:
        goal = selectors.get_goal(p, goal_id)
        form = forms.FollowUpForm(request.POST)
        form.goal_id = goal.pk  # type: ignore[attr-defined]
        form.goal = goal  # type: ignore[attr-defined]
        return form

    return _action(
        request,
        participant_id,
        "follow_up",
        make,
        lambda p, form, data: services.goal_follow_up(
            user=request.user,
            goal=form.goal,  # type: ignore[attr-defined]
            **data,
        ),
        _("The follow-up of the goal was recorded."),
    )


@login_required
@require_POST
def meeting_add(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    return _action(
        request,
        participant_id,
        "meeting",
        lambda p: forms.MeetingForm(request.POST),
        lambda p, form, data: services.meeting_add(user=request.user, participant=p, **data),
        _("The meeting was recorded."),
    )


@login_required
@require_POST
def consent_add(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    return _action(
        request,
        participant_id,
        "consent",
        lambda p: forms.ConsentForm(request.POST, guardians=selectors.guardians(p)),
        lambda p, form, data: services.consent_record(
            user=request.user,
            participant=p,
            given_on=data["given_on"],
            **form.service_arguments(),  # type: ignore[attr-defined]
        ),
        _("The consent was recorded."),
    )


@login_required
@require_POST
def decide(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    return _action(
        request,
        participant_id,
        "decision",
        # Any programme intervention is a valid choice; the delegation order decides (403).
        lambda p: forms.DecisionForm(request.POST, types=selectors.programme_intervention_types()),
        lambda p, form, data: services.participant_decide(user=request.user, participant=p, **data),
        _("The decision was recorded."),
    )


@login_required
@require_POST
def end(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    return _action(
        request,
        participant_id,
        "end",
        lambda p: forms.EndForm(request.POST),
        lambda p, form, data: services.participant_end(user=request.user, participant=p, **data),
        _("The participation was ended."),
    )
