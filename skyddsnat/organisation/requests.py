"""Typed access to the signed-in member of staff, for views behind login_required (pages) or
IsAuthenticated (API), where an anonymous user has already been turned away."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

from skyddsnat.organisation.models import User


class AuthenticatedRequest(HttpRequest):
    """Annotate page views behind login_required with this: request.user is staff."""

    user: User


def staff(request: HttpRequest | Request) -> User:
    """The signed-in member of staff; refuses anything else (defence in depth, never expected)."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user
