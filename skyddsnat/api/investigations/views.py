"""The investigation of a children's case in the API: read its content, save a part, record a
conversation with the child, send kommunicering, record a reply or the override, end it without
intervention. The same selectors and services as the page (`skyddsnat.investigations`); each write
through `api.actions.write` (the case locked, `If-Match` honoured, problem+json errors)."""

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import (
    IF_MATCH_PARAMETER,
    WRITE_ETAG_PARAMETER,
    case_etag,
    problems,
    write,
)
from skyddsnat.api.investigations import serializers as s
from skyddsnat.api.views.cases import created
from skyddsnat.cases.models import Case
from skyddsnat.investigations import communication, selectors, services
from skyddsnat.investigations.models import SectionKind
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff

TAGS = ["investigations"]


class InvestigationView(APIView):
    @extend_schema(
        summary="Read the investigation",
        description=(
            "The plan, the child's views, the three areas with their sources, the assessment and "
            "the proposal (`sections`, each with its `version`), the conversations with the child, "
            "kommunicering with each party's reply, and the ending. 404 for a case without an "
            "investigation. Every read is logged."
        ),
        responses={200: s.InvestigationContentSerializer, **problems(401, 404)},
        tags=TAGS,
    )
    def get(self, request: Request, case_id: int) -> Response:
        user = staff(request)
        case = selectors.get_investigation_case(user, case_id)
        content = selectors.investigation_content(user=user, case=case)
        pending = communication.pending_communications(content.investigation, timezone.localdate())
        data = {
            "case": case,
            "investigation": content.investigation,
            "is_open": content.is_open,
            "sections": content.sections,
            "conversations": content.conversations,
            "communications": content.communications,
            "decision_waits_until": max((c.reply_by for c in pending), default=None),
            "ending": content.ending,
        }
        return Response(
            s.InvestigationContentSerializer(data).data, headers={"ETag": case_etag(case)}
        )


def investigation_write_view(
    *,
    summary: str,
    input_class: type[drf.Serializer],
    result_class: type[drf.Serializer],
    perform: Callable[..., Any],
    description: str | None = None,
    fields: dict[str, str] | None = None,
) -> type[APIView]:
    """`POST …/cases/{case_id}/investigation/…`: the case must be visible and have an
    investigation (else 404, as for a role outside the area); locked, `If-Match` checked (412);
    `perform(user, case, data, **url_kwargs)` is the one service call; 201 with the record, the
    case's state and its new `ETag`."""

    class InvestigationWriteView(APIView):
        @extend_schema(
            summary=summary,
            description=description,
            request=input_class,
            responses={201: result_class, **problems(400, 401, 403, 404, 409, 412)},
            parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
            tags=TAGS,
        )
        def post(self, request: Request, case_id: int, **url_kwargs: Any) -> Response:
            user = staff(request)
            case = selectors.get_investigation_case(user, case_id)
            return write(
                request,
                input_class,
                lambda data: perform(user, case, data, **url_kwargs),
                lambda record: created(result_class, record, case.pk),
                case=case,
                fields=fields,
            )

    InvestigationWriteView.__name__ = InvestigationWriteView.__qualname__ = (
        input_class.__name__.replace("InputSerializer", "View")
    )
    return InvestigationWriteView


def _section(user: User, case: Case, data: dict, *, kind: str) -> Any:
    if kind not in SectionKind.values:
        raise Http404
    return services.section_save(user=user, case=case, kind=kind, **data)


def _reply(user: User, case: Case, data: dict) -> Any:
    return communication.communication_reply(user=user, case=case, **data)


class _Overridden:
    def __init__(self, communications: list) -> None:
        self.communications = communications


SectionView = investigation_write_view(
    summary="Save a part of the investigation",
    description=(
        "`kind`: " + ", ".join(f"`{k}`" for k in SectionKind.values) + ". Send the part's "
        "`version` as you read it: a colleague's save since answers 409 and nothing is saved."
    ),
    input_class=s.SectionInputSerializer,
    result_class=s.SectionSavedSerializer,
    perform=_section,
)
ConversationView = investigation_write_view(
    summary="Record a conversation with the child",
    description="Held: `held_on`, `held_by` and `place`. Not held: `not_held_reason`.",
    input_class=s.ConversationInputSerializer,
    result_class=s.ConversationCreatedSerializer,
    perform=lambda user, case, data: services.conversation_record(user=user, case=case, **data),
)
CommunicationView = investigation_write_view(
    summary="Send the material to the parties (kommunicering)",
    description=(
        "The parties are the child's guardians and the child from 15. The reply date is at "
        "the earliest the reply period of the rule data; until it has passed or every party has "
        "replied, a decision on the investigation is refused (400 on `decided_on`) unless an "
        "override is recorded."
    ),
    input_class=s.CommunicationInputSerializer,
    result_class=s.CommunicationCreatedSerializer,
    perform=lambda user, case, data: communication.communication_send(user=user, case=case, **data),
)
ReplyView = investigation_write_view(
    summary="Record a party's reply to the kommunicering",
    input_class=s.ReplyInputSerializer,
    result_class=s.ReplyCreatedSerializer,
    perform=_reply,
    fields={"party": "party_id"},
)
OverrideView = investigation_write_view(
    summary="Record why the decision cannot wait for the replies",
    description="Needs the delegation to end the investigation; the reason is kept and logged.",
    input_class=s.OverrideInputSerializer,
    result_class=s.OverrideCreatedSerializer,
    perform=lambda user, case, data: _Overridden(
        communication.communication_override(user=user, case=case, **data)
    ),
)
EndingView = investigation_write_view(
    summary="End the investigation without intervention",
    description=(
        "A decision under the user's delegation with its reasons; the case closes (or goes on "
        "with an intervention already ongoing). With an intervention, use `…/decision/`."
    ),
    input_class=s.EndingInputSerializer,
    result_class=s.EndingCreatedSerializer,
    perform=lambda user, case, data: services.investigation_end(user=user, case=case, **data),
)


class _Decided:
    def __init__(self, decisions: list) -> None:
        self.decisions = decisions


InterventionsView = investigation_write_view(
    summary="End the investigation with decisions on one or more interventions",
    description=(
        "One decision per intervention (`granted` and `refused`, catalogue codes), each under the "
        "user's delegation line for it (403 when one is not covered); the investigation closes. "
        "Waits for kommunicering like every decision."
    ),
    input_class=s.InterventionsInputSerializer,
    result_class=s.InterventionsDecidedSerializer,
    perform=lambda user, case, data: _Decided(
        services.investigation_decide_interventions(user=user, case=case, **data)
    ),
)
