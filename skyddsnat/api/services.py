"""Issuing and checking personal API tokens."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed

from skyddsnat.api.models import ApiToken, token_digest
from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.organisation.models import User

# How stale `last_used_at` may get before a request writes it again: one write a minute at
# most, not one per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    key: str  # shown once, to the caller; never stored
    token: ApiToken


def token_issue(*, user: User) -> IssuedToken:
    """A new personal token for the user, valid for `API_TOKEN_LIFETIME`. The user's expired
    tokens are removed; tokens still valid stay so (a person may use several clients)."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
        token = ApiToken.objects.create(
            user=user,
            digest=token_digest(key),
            prefix=key[:8],
            created_at=now,
            expires_at=now + settings.API_TOKEN_LIFETIME,
        )
        audit_log(
            user=user,
            action="api.token.issue",
            prefix=token.prefix,
            expires_at=token.expires_at.isoformat(),
        )
    return IssuedToken(key=key, token=token)


def token_authenticate(*, key: str) -> tuple[User, ApiToken]:
    """The user a token belongs to; AuthenticationFailed (401) for an unknown or expired token
    or an inactive user, with the same message for unknown and inactive."""
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
    if token is None or not token.user.is_active:
        raise AuthenticationFailed(_("Invalid token."))
    now = timezone.now()
    if token.is_expired(now):
        raise AuthenticationFailed(_("The token has expired. Ask for a new one."))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token


def tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    """The tokens a user may list and revoke: their own; the administrator's, everyone's. Expired
    tokens are left out (they no longer work, and the next issue removes them)."""
    tokens = ApiToken.objects.select_related("user").filter(expires_at__gt=timezone.now())
    if not policy.may_manage_all_api_tokens(user):
        tokens = tokens.filter(user=user)
    return tokens.order_by("-created_at", "-pk")


def token_revoke(*, user: User, token_id: int) -> None:
    """Revoke a token: it is deleted, so the next request with it answers 401. A token the user
    may not see answers 404, like one that does not exist (or was revoked already)."""
    with transaction.atomic():
        token = tokens_visible_to(user).select_for_update(of=("self",)).filter(pk=token_id).first()
        if token is None:
            raise Http404
        audit_log(
            user=user,
            action="api.token.revoke",
            token=token.pk,
            prefix=token.prefix,
            owner=token.user_id,
            owner_username=token.user.get_username(),
        )
        token.delete()
