"""The investigation page: the plan, the conversations with the child, the three areas, the
assessment and the proposal, kommunicering and the ending, each part with its own form. Every
action runs through `cases.actions.form_action` (400 input, 403 refused, 409 stale or raced)."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from skyddsnat.cases import policy
from skyddsnat.cases.actions import form_action, unplaced_errors
from skyddsnat.cases.models import Case, InterventionType
from skyddsnat.cases.views.common import display_name
from skyddsnat.drafts.services import draft_discard
from skyddsnat.investigations import communication, forms, selectors, services
from skyddsnat.investigations.models import AREA_SECTIONS, SectionKind
from skyddsnat.investigations.selectors import InvestigationContent
from skyddsnat.organisation.models import DecisionType, User
from skyddsnat.organisation.requests import AuthenticatedRequest

# What each part asks for, in BBIC's terms (the page's help text; not BBIC's own texts).
SECTION_HINTS = {
    SectionKind.PLAN_QUESTIONS: _("What the investigation is to answer, from the report."),
    SectionKind.PLAN_CONTACTS: _("Who is contacted (school, preschool, health care, network)."),
    SectionKind.PLAN_CONVERSATIONS: _("The conversations planned with the child and the parents."),
    SectionKind.CHILD_VIEWS: _("The child's own views, in the child's words where possible."),
    SectionKind.DEVELOPMENT: _(
        "Health, education, emotional and behavioural development, identity, family and social "
        "relationships, social presentation, self-care skills."
    ),
    SectionKind.PARENTING: _(
        "Basic care, ensuring safety, emotional warmth, stimulation, guidance and boundaries, "
        "stability."
    ),
    SectionKind.FAMILY: _(
        "Family history and functioning, wider family and network, housing, employment, income, "
        "social integration, community resources."
    ),
    SectionKind.ASSESSMENT: _("The assessment of the child's needs and of the risks."),
    SectionKind.PROPOSAL: _("The proposed decision and its reasons."),
}


def _interventions_for(user: User) -> QuerySet[InterventionType]:
    """The interventions this user may decide after an investigation (the delegation order)."""
    types = forms.decidable_interventions()
    allowed = [t.pk for t in types if policy.may_decide(user, DecisionType.INTERVENTION, t)]
    return types.filter(pk__in=allowed)


def _page_url(case_id: int, anchor: str = "") -> str:
    url = reverse("investigations-page", args=[case_id])
    return f"{url}#{anchor}" if anchor else url


def _party_choices(content: InvestigationContent) -> list[tuple[int, str]]:
    return [
        (party.pk, f"{party.person.full_name} ({party.get_role_display()})")
        for communication in content.communications
        for party in communication.parties.all()
        if party.replied_on is None
    ]


def render_page(
    request: AuthenticatedRequest,
    case: Case,
    *,
    bound: dict[str, django_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    bound = bound or {}
    today = timezone.localdate()
    parties_now = communication.parties_of(case.person, today)
    content = selectors.investigation_content(
        user=user, case=case, also_shown=[person.pk for person, _role in parties_now]
    )
    sections = []
    for kind in SectionKind:
        section = content.sections[kind.value]
        name = f"section-{kind.value}"
        form = bound.get(name) or forms.SectionForm(
            kind=kind.value,
            initial={
                "text": section.text if section else "",
                "sources": section.sources if section else "",
                "section_version": section.version if section else 0,
            },
        )
        sections.append(
            {
                "kind": kind.value,
                "name": name,
                "title": kind.label,
                "hint": SECTION_HINTS[kind],
                "is_area": kind in AREA_SECTIONS,
                "section": section,
                "saved_by": display_name(section.updated_by) if section else "",
                "form": form if content.is_open else None,
                "draft_key": forms.section_draft_key(kind.value).rstrip(":"),
            }
        )
    action_forms: dict[str, django_forms.Form] = {}
    pending = []
    if content.is_open:
        action_forms["conversation"] = bound.get("conversation") or forms.ConversationForm(
            initial={"held_on": today, "held_by": display_name(user)}
        )
        action_forms["communication"] = bound.get("communication") or forms.CommunicationForm(
            initial={"sent_on": today}
        )
        parties = _party_choices(content)
        if parties:
            action_forms["reply"] = bound.get("reply") or forms.ReplyForm(
                parties=parties, initial={"replied_on": today}
            )
        pending = communication.pending_communications(content.investigation, today)
        if pending and policy.may_override_communication(user):
            action_forms["override"] = bound.get("override") or forms.OverrideForm()
        if policy.may_decide(user, DecisionType.END_INVESTIGATION):
            action_forms["ending"] = bound.get("ending") or forms.EndingForm(
                initial={"decided_on": today}
            )
        # Only the interventions the user's delegation covers are offered (the service checks
        # each again); with none, the form is not offered at all.
        choices = _interventions_for(user)
        if choices.exists():
            action_forms["interventions"] = bound.get("interventions") or forms.InterventionsForm(
                choices=choices, initial={"decided_on": today}
            )
    unplaced_errors(
        request,
        {n: f for n, f in bound.items() if not n.startswith("section-")},
        action_forms,
    )
    context = {
        "case": case,
        "content": content,
        "sections": sections,
        "forms": action_forms,
        "pending": pending,
        "parties_now": parties_now,
        "version": case.version,
    }
    return render(request, "investigations/investigation.html", context, status=status)


@login_required
@require_safe
def investigation_page(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_investigation_case(request.user, case_id)
    return render_page(request, case)


def _action(
    request: AuthenticatedRequest,
    case: Case,
    *,
    name: str,
    form: django_forms.Form,
    call: Callable[[dict[str, Any]], Any],
    success: str,
    anchor: str,
    stale_check: bool = True,
) -> HttpResponse:
    return form_action(
        request,
        form,
        call,
        case=case,
        stale_check=stale_check,
        success=success,
        redirect_to=_page_url(case.pk, anchor),
        failed=lambda form, status: render_page(request, case, bound={name: form}, status=status),
    )


@login_required
@require_POST
def section_save(request: AuthenticatedRequest, case_id: int, kind: str) -> HttpResponse:
    case = selectors.get_investigation_case(request.user, case_id)
    if kind not in SectionKind.values:
        raise Http404
    response = _action(
        request,
        case,
        name=f"section-{kind}",
        form=forms.SectionForm(request.POST, kind=kind),
        call=lambda data: services.section_save(
            user=request.user,
            case=case,
            kind=kind,
            text=data["text"],
            sources=data.get("sources", ""),
            version=data["section_version"],
        ),
        success=_("The part was saved."),
        anchor=f"section-{kind}",
        # The part's own version decides (a colleague's save of another part is no conflict).
        stale_check=False,
    )
    if response.status_code == 302:
        draft_discard(user=request.user, key=f"{forms.section_draft_key(kind)}{case.pk}")
    return response


@login_required
@require_POST
def conversation_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_investigation_case(request.user, case_id)
    return _action(
        request,
        case,
        name="conversation",
        form=forms.ConversationForm(request.POST),
        call=lambda data: services.conversation_record(user=request.user, case=case, **data),
        success=_("The conversation was recorded."),
        anchor="conversations",
        stale_check=False,
    )


@login_required
@require_POST
def communication_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_investigation_case(request.user, case_id)
    return _action(
        request,
        case,
        name="communication",
        form=forms.CommunicationForm(request.POST),
        call=lambda data: communication.communication_send(user=request.user, case=case, **data),
        success=_("The kommunicering was recorded."),
        anchor="communication",
    )


@login_required
@require_POST
def reply_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_investigation_case(request.user, case_id)
    content = selectors.investigation_content(user=request.user, case=case, audit=False)
    return _action(
        request,
        case,
        name="reply",
        form=forms.ReplyForm(request.POST, parties=_party_choices(content)),
        call=lambda data: communication.communication_reply(
            user=request.user,
            case=case,
            party_id=data["party"],
            replied_on=data["replied_on"],
            reply=data["reply"],
        ),
        success=_("The reply was recorded."),
        anchor="communication",
        stale_check=False,
    )


@login_required
@require_POST
def override_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_investigation_case(request.user, case_id)
    return _action(
        request,
        case,
        name="override",
        form=forms.OverrideForm(request.POST),
        call=lambda data: communication.communication_override(
            user=request.user, case=case, **data
        ),
        success=_("The reason to decide before the reply date was recorded."),
        anchor="communication",
    )


@login_required
@require_POST
def ending_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_investigation_case(request.user, case_id)
    return _action(
        request,
        case,
        name="ending",
        form=forms.EndingForm(request.POST),
        call=lambda data: services.investigation_end(user=request.user, case=case, **data),
        success=_("The investigation was ended without intervention."),
        anchor="ending",
    )


@login_required
@require_POST
def interventions_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.get_investigation_case(request.user, case_id)
    return _action(
        request,
        case,
        name="interventions",
        form=forms.InterventionsForm(request.POST, choices=_interventions_for(request.user)),
        call=lambda data: services.investigation_decide_interventions(
            user=request.user,
            case=case,
            decided_on=data["decided_on"],
            granted=list(data["granted"]),
            refused=list(data["refused"]),
            reason=data["reason"],
        ),
        success=_("The investigation was ended with decisions on the interventions."),
        anchor="ending",
    )
