"""The token endpoint: a personal API token for a username and password."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api import serializers as s
from skyddsnat.api.actions import problems, validated
from skyddsnat.api.services import token_issue
from skyddsnat.lib import login_throttle
from skyddsnat.organisation.models import User


class TokenView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Issue a personal API token",
        description=(
            "Send it as `Authorization: Bearer <token>`. It is valid until `expires_at` (a "
            "working day by default); ask for a new one then. After 5 failed attempts for a "
            "username within 15 minutes, attempts for it are refused (429) for 15 minutes."
        ),
        request=s.CredentialsSerializer,
        responses={200: s.TokenSerializer, **problems(400, 429)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = validated(s.CredentialsSerializer, request)
        username = data["username"]
        locked = login_throttle.locked_for(username)
        if locked is not None:
            minutes = max(1, round(locked.total_seconds() / 60))
            raise Throttled(
                wait=locked.total_seconds(),
                detail=ngettext(
                    "Too many failed attempts for this username. Try again in %(minutes)d minute.",
                    "Too many failed attempts for this username. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        user = authenticate(request._request, username=username, password=data["password"])
        if not isinstance(user, User):
            login_throttle.record_failure(username)
            raise ValidationError([_("The username or password is wrong.")])
        login_throttle.record_success(username)
        issued = token_issue(user=user)
        return Response(
            s.TokenSerializer({"token": issued.key, "expires_at": issued.token.expires_at}).data
        )
