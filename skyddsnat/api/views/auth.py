"""The token endpoints: a personal API token for a username and password (and the second
factor's code where the user has one), and the tokens listed and revoked."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api import serializers as s
from skyddsnat.api.actions import problems, validated
from skyddsnat.api.services import token_issue, token_revoke, tokens_visible_to
from skyddsnat.audit.services import audit_log
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff
from skyddsnat.signin import second_factor, throttle


def _throttled(request: HttpRequest) -> None:
    if throttle.is_locked_out(request):
        raise Throttled(wait=throttle.lockout_minutes() * 60, detail=throttle.lockout_message())


class TokenView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Issue a personal API token",
        description=(
            "Send it as `Authorization: Bearer <token>`. It is valid until `expires_at` (a "
            "working day by default); ask for a new one then. A user with two-step sign-in "
            "(required for admin and auditor) also sends `otp`, the app's current code. After "
            "5 failed attempts for a username from one client address within 15 minutes, "
            "attempts for that username from that address are refused (429) for 15 minutes."
        ),
        request=s.CredentialsSerializer,
        responses={200: s.TokenSerializer, **problems(400, 403, 429)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = validated(s.CredentialsSerializer, request)
        username = data["username"]
        django_request = request._request
        user = authenticate(django_request, username=username, password=data["password"])
        _throttled(django_request)
        if not isinstance(user, User):
            raise ValidationError([_("The username or password is wrong.")])
        if second_factor.confirmed_device(user) is None:
            if user.second_factor_required:
                raise PermissionDenied(
                    _("Your role requires two-step sign-in. Set it up on the web first.")
                )
        elif not data.get("otp"):
            raise ValidationError(
                {"otp": [_("Your account uses two-step sign-in: send the code.")]}
            )
        elif second_factor.code_check(user=user, code=data["otp"]) is None:
            # Logged as on the web's code page; and it counts as a failed sign-in for the throttle.
            audit_log(user=user, action="signin.second_factor.failed", via="api")
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=django_request
            )
            _throttled(django_request)
            raise ValidationError({"otp": [_("The code is wrong or already used.")]})
        issued = token_issue(user=user)
        return Response(
            s.TokenSerializer({"token": issued.key, "expires_at": issued.token.expires_at}).data
        )


class TokenListView(APIView):
    @extend_schema(
        summary="List API tokens",
        description=(
            "Your tokens that have not expired, newest first; the administrator sees every "
            "user's. The token itself is never shown again after it was issued: `prefix` is its "
            "first characters, to tell tokens apart."
        ),
        responses={200: s.ApiTokenSerializer(many=True), **problems(401)},
        tags=["auth"],
    )
    def get(self, request: Request) -> Response:
        tokens = tokens_visible_to(staff(request))
        return Response(s.ApiTokenSerializer(tokens, many=True).data)


class TokenDetailView(APIView):
    @extend_schema(
        summary="Revoke an API token",
        description=(
            "The token stops working at once (401). Your own tokens; the administrator's, "
            "anyone's. A token you may not see answers 404, like one that does not exist."
        ),
        responses={204: None, **problems(401, 404)},
        tags=["auth"],
    )
    def delete(self, request: Request, token_id: int) -> Response:
        token_revoke(user=staff(request), token_id=token_id)
        return Response(status=204)
