"""Decisions sent to the one who may take them (issue 9 point 7) and guardians added to a case's
child: the same services, policy, audit and problem+json answers as the pages."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api import serializers as s
from skyddsnat.api.actions import problems, write
from skyddsnat.api.views.cases import case_write_view, created
from skyddsnat.cases import matching, policy, selectors
from skyddsnat.cases import services as case_services
from skyddsnat.cases.guardians import guardian_add, guardian_rows
from skyddsnat.cases.models import Case
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff


def _guardian(user: User, case: Case, data: dict) -> Any:
    link = guardian_add(user=user, case=case, **data)
    # The added guardian as the case read shows it (address rule); the add itself is audited.
    rows = guardian_rows(user=user, child=case.person, case_id=case.pk, audit=False)
    return next(row for row in rows if row.id == link.guardian_id)


ExtensionRequestView = case_write_view(
    summary="Ask for an extension of the investigation",
    description=(
        "For a user whose delegation does not cover extensions: the request goes to the role the "
        "delegation order names (the unit manager in the default order), who decides with "
        "`POST /referrals/{id}/decision/`. 400 when the user may extend it themselves; 409 when "
        "a request already waits."
    ),
    input_class=s.ExtensionRequestInputSerializer,
    result_class=s.ReferralCreatedSerializer,
    perform=lambda user, case, data: case_services.extension_request(user=user, case=case, **data),
)
ReferralCreateView = case_write_view(
    summary="Send a decision to the one who may take it",
    description=(
        "A decision on an intervention the user's delegation does not cover (e.g. a placement), "
        "prepared and sent to the role the delegation order names. 400 when the user may take "
        "it themselves."
    ),
    input_class=s.ReferralInputSerializer,
    result_class=s.ReferralCreatedSerializer,
    perform=lambda user, case, data: case_services.case_decision_refer(
        user=user, case=case, **data
    ),
)
GuardianCreateView = case_write_view(
    summary="Add a guardian of the case's child",
    description=(
        "Found or registered by personal identity number. A person already known is linked only "
        "when the names given are the ones they are known by (400 otherwise), so the endpoint "
        "never turns a number into a stored name or address. 409 when already a guardian."
    ),
    input_class=s.GuardianInputSerializer,
    result_class=s.GuardianAddedSerializer,
    perform=_guardian,
)


PersonMatchView = case_write_view(
    summary="Match the child reported without a number to a personal identity number",
    description=(
        "For a case whose child has no personal identity number yet (`identity_kind` "
        "`coordination`, `reserve`, `unknown` or `unborn`). Nobody has the number: the child is "
        "identified in place. Someone has it: the names must be the ones they are known by "
        "(400 otherwise), and every record of the child moves to them (audited under both ids)."
    ),
    input_class=s.PersonMatchInputSerializer,
    result_class=s.PersonMatchedSerializer,
    perform=lambda user, case, data: matching.person_match(user=user, case=case, **data),
)


class ReferralQueueView(APIView):
    @extend_schema(
        summary="Decisions waiting for my decision",
        description='The unit manager\'s "Beslut att fatta"; 404 for other roles.',
        responses={200: s.ReferralQueueSerializer, **problems(401, 404)},
        tags=["referrals"],
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        policy.require(policy.may_decide_referrals(user))
        referrals = selectors.referral_queue(user=user)
        return Response(s.ReferralQueueSerializer({"referrals": referrals}).data)


class ReferralDecideView(APIView):
    @extend_schema(
        summary="Decide a decision sent to me",
        description=(
            "An extension granted moves the investigation's limit; an intervention decided is "
            "recorded as the case's decision, under the user's own delegation line. 409 when it "
            "was decided already (two deciders at once: the first decides)."
        ),
        request=s.ReferralDecideInputSerializer,
        responses={201: s.ReferralDecidedSerializer, **problems(400, 401, 403, 404, 409, 412)},
        tags=["referrals"],
    )
    def post(self, request: Request, referral_id: int) -> Response:
        user = staff(request)
        policy.require(policy.may_decide_referrals(user))
        referral = selectors.get_referral_for_user(user, referral_id)
        return write(
            request,
            s.ReferralDecideInputSerializer,
            lambda data: case_services.referral_decide(user=user, referral=referral, **data),
            lambda decided: created(s.ReferralDecidedSerializer, decided, decided.case_id),
            case=referral.case_id,
        )
