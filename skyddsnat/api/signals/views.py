"""Outreach contacts and welfare-crime signals (issue 10 points 6 and 7). The area of outreach
workers and welfare-crime officers (`cases.policy`); any other role gets 404, as on the pages. A
signal of another district answers 404, exactly like one that does not exist."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, write
from skyddsnat.api.signals import serializers as s
from skyddsnat.cases import policy
from skyddsnat.organisation.requests import staff
from skyddsnat.outreach import services as outreach_services
from skyddsnat.welfarecrime import selectors as welfare_selectors
from skyddsnat.welfarecrime import services as welfare_services


class ContactCreateView(APIView):
    @extend_schema(
        summary="Register an outreach contact",
        description=(
            "A contact in the outreach worker's own district. Anonymous (`anonymous: true`): "
            "nobody is named. Otherwise `personal_identity_number`, `first_name` and "
            "`last_name` name the person met (audited under them)."
        ),
        request=s.ContactInputSerializer,
        responses={201: s.ContactSerializer, **problems(400, 401, 404)},
        tags=["outreach"],
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        policy.require(policy.does_outreach(user))
        return write(
            request,
            s.ContactInputSerializer,
            lambda data: outreach_services.contact_register(user=user, **data),
            lambda contact: Response(s.ContactSerializer(contact).data, status=201),
        )


class SignalCreateView(APIView):
    @extend_schema(
        summary="Register a welfare-crime signal",
        description=(
            "A signal in the officer's own district that a benefit may have been paid wrongly: "
            "its source, the benefit and the deciding authority. It may name the person the "
            "benefit was paid to (`personal_identity_number`, `first_name`, `last_name`)."
        ),
        request=s.SignalInputSerializer,
        responses={201: s.SignalCreatedSerializer, **problems(400, 401, 404)},
        tags=["welfare crime"],
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        policy.require(policy.handles_welfare_crime(user))
        return write(
            request,
            s.SignalInputSerializer,
            lambda data: welfare_services.signal_register(user=user, **data),
            lambda signal: Response({"id": signal.pk}, status=201),
        )


class AssessmentView(APIView):
    @extend_schema(
        summary="Assess a signal: notify or not (Lag 2008:206)",
        description=(
            "`{notify: true, notified_on, recipient}` records the notification sent; "
            "`{notify: false, reason}` the reason not to notify. Once only: a second "
            "assessment answers 409."
        ),
        request=s.AssessmentInputSerializer,
        responses={200: s.AssessmentSerializer, **problems(400, 401, 404, 409)},
        tags=["welfare crime"],
    )
    def post(self, request: Request, signal_id: int) -> Response:
        user = staff(request)
        policy.require(policy.handles_welfare_crime(user))
        signal = welfare_selectors.get_signal_for_user(user, signal_id)
        return write(
            request,
            s.AssessmentInputSerializer,
            lambda data: welfare_services.signal_assess(user=user, signal=signal, **data),
            lambda assessment: Response(s.AssessmentSerializer(assessment).data),
        )
