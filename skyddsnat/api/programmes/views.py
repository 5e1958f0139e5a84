"""The programmes API: intake into SIG, SSPF or crime exit, the action plan's goals and their
follow-up, meetings, consent to take part, interventions decided in the ordinary way, and the
end. The area is the district's programme staff (`policy.works_with_programmes`; anyone else
404); a participant the user may not see answers 404 like a missing one; every write runs through
`api.actions.write` (problem+json naming the field, nothing stored on bad input)."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, write
from skyddsnat.api.programmes import serializers as s
from skyddsnat.cases import policy
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff
from skyddsnat.programmes import selectors, services
from skyddsnat.programmes.models import Participant, Programme

_READ = problems(401, 404)
_WRITE = problems(400, 401, 403, 404, 409)
TAGS = ["programmes"]


def programme_staff(request: Request) -> User:
    """The district's programme staff may use these endpoints at all (404 otherwise)."""
    user = staff(request)
    policy.require(policy.works_with_programmes(user))
    return user


def _participant(request: Request, participant_id: int) -> tuple[User, Participant]:
    user = programme_staff(request)
    return user, selectors.get_participant_for_user(user, participant_id)


class ParticipantCreateView(APIView):
    @extend_schema(
        summary="Register a participant",
        description=(
            "`slug` is `sig`, `sspf` or `crime-exit`. The person is found or created by number "
            "(names required either way); the age at `started_on` must fit the programme's rule "
            "(SIG 15–25, SSPF 12–18 as loaded; crime exit any age). Opens a programme case in "
            "the district's children and youth unit; SIG and SSPF participants join the "
            "district's group. Only in the caller's own district; one ongoing participation per "
            "person and programme (409)."
        ),
        request=s.ParticipantInputSerializer,
        responses={201: s.ParticipantCreatedSerializer, **_WRITE},
        tags=TAGS,
    )
    def post(self, request: Request, slug: str) -> Response:
        user = programme_staff(request)
        if slug not in Programme.values:
            raise Http404
        return write(
            request,
            s.ParticipantInputSerializer,
            lambda data: services.participant_register(user=user, programme=slug, **data),
            lambda p: Response({"id": p.pk, "case_id": p.case_id}, status=201),
        )


class ParticipantDetailView(APIView):
    @extend_schema(
        summary="A participant's plan",
        description="The goals with their follow-ups, meetings, consents and the end; audited.",
        responses={200: s.ParticipantSerializer, **_READ},
        tags=TAGS,
    )
    def get(self, request: Request, participant_id: int) -> Response:
        user = programme_staff(request)
        participant = selectors.participant_read(user, participant_id)
        return Response(s.ParticipantSerializer(participant).data)


class GoalView(APIView):
    @extend_schema(
        summary="Add a goal to the action plan",
        description="A goal, the agency responsible for it, and when it is to be reached.",
        request=s.ParticipantGoalInputSerializer,
        responses={201: s.ParticipantGoalCreatedSerializer, **_WRITE},
        tags=TAGS,
    )
    def post(self, request: Request, participant_id: int) -> Response:
        user, participant = _participant(request, participant_id)
        return write(
            request,
            s.ParticipantGoalInputSerializer,
            lambda data: services.goal_add(user=user, participant=participant, **data),
            lambda goal: Response(s.ParticipantGoalCreatedSerializer(goal).data, status=201),
        )


class GoalFollowUpView(APIView):
    @extend_schema(
        summary="Follow up a goal",
        description="Reached, partly reached or not reached, on a date.",
        request=s.GoalFollowUpInputSerializer,
        responses={201: s.GoalFollowUpSerializer, **_WRITE},
        tags=TAGS,
    )
    def post(self, request: Request, participant_id: int, goal_id: int) -> Response:
        user, participant = _participant(request, participant_id)
        goal = selectors.get_goal(participant, goal_id)
        return write(
            request,
            s.GoalFollowUpInputSerializer,
            lambda data: services.goal_follow_up(user=user, goal=goal, **data),
            lambda row: Response(s.GoalFollowUpSerializer(row).data, status=201),
        )


class MeetingView(APIView):
    @extend_schema(
        summary="Record a meeting",
        description="The day, the agencies that took part (at least one) and notes.",
        request=s.ParticipantMeetingInputSerializer,
        responses={201: s.ParticipantMeetingSerializer, **_WRITE},
        tags=TAGS,
    )
    def post(self, request: Request, participant_id: int) -> Response:
        user, participant = _participant(request, participant_id)
        return write(
            request,
            s.ParticipantMeetingInputSerializer,
            lambda data: services.meeting_add(user=user, participant=participant, **data),
            lambda meeting: Response(s.ParticipantMeetingSerializer(meeting).data, status=201),
        )


class ConsentView(APIView):
    @extend_schema(
        summary="Record consent to take part",
        description=(
            "The person's (`given_by: person`) or, for a person under 18, one guardian's "
            "(`given_by: guardian`, `guardian_id`: the guardianship). Consent to share with "
            "agencies is another record (`/api/v1/persons/{id}/consents/`)."
        ),
        request=s.ParticipationConsentInputSerializer,
        responses={201: s.ParticipationConsentSerializer, **_WRITE},
        tags=TAGS,
    )
    def post(self, request: Request, participant_id: int) -> Response:
        user, participant = _participant(request, participant_id)

        def perform(data: dict[str, Any]) -> Any:
            return services.consent_record(
                user=user,
                participant=participant,
                given_by=data["given_by"],
                given_on=data["given_on"],
                guardianship_id=data["guardian_id"],
            )

        return write(
            request,
            s.ParticipationConsentInputSerializer,
            perform,
            lambda consent: Response(s.ParticipationConsentSerializer(consent).data, status=201),
        )


class DecisionView(APIView):
    @extend_schema(
        summary="Decide an intervention for a participant",
        description=(
            "In the ordinary way: on the participant's case, under the caller's line of the "
            "delegation order (403 without one), once per intervention (409). A granted "
            "intervention linked to a kind of place (protected housing) waits in its queue."
        ),
        request=s.ParticipantDecisionInputSerializer,
        responses={201: s.ParticipantDecisionSerializer, **_WRITE},
        tags=TAGS,
    )
    def post(self, request: Request, participant_id: int) -> Response:
        user, participant = _participant(request, participant_id)
        return write(
            request,
            s.ParticipantDecisionInputSerializer,
            lambda data: services.participant_decide(user=user, participant=participant, **data),
            lambda decision: Response(s.ParticipantDecisionSerializer(decision).data, status=201),
        )


class EndView(APIView):
    @extend_schema(
        summary="End the participation",
        description=(
            "The day and the outcome (`school_or_work`, `no_new_crime`, `left`, `moved`); the "
            "programme case closes. Ending twice answers 409."
        ),
        request=s.ParticipantEndInputSerializer,
        responses={200: s.ParticipantEndedSerializer, **_WRITE},
        tags=TAGS,
    )
    def post(self, request: Request, participant_id: int) -> Response:
        user, participant = _participant(request, participant_id)
        return write(
            request,
            s.ParticipantEndInputSerializer,
            lambda data: services.participant_end(user=user, participant=participant, **data),
            lambda p: Response(s.ParticipantEndedSerializer(p).data),
        )
