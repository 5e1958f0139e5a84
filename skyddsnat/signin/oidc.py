"""Single sign-on through the municipality's OpenID Connect provider, with Authlib.

Authlib reads the provider's discovery document (SKYDDSNAT_OIDC_DISCOVERY_URL) for its endpoints
and signing keys, sends the browser there with `state`, a `nonce` and PKCE (S256), exchanges the
code for tokens and checks the ID token (signature, issuer, audience, expiry, nonce).

The provider says who the person is, never what they may do: the claim SKYDDSNAT_OIDC_USER_CLAIM
must name exactly one existing, active staff member (by e-mail for "email", by `sso_subject`
for any other claim), whose role in Skyddsnät decides the rest. Anyone else is refused; no
account is ever created from a sign-in.
"""

import unicodedata
from typing import Any

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings

from skyddsnat.organisation.models import User

CLIENT_NAME = "municipality"


def is_configured() -> bool:
    return bool(
        settings.SKYDDSNAT_OIDC_DISCOVERY_URL
        and settings.SKYDDSNAT_OIDC_CLIENT_ID
        and settings.SKYDDSNAT_OIDC_CLIENT_SECRET
    )


def client() -> DjangoOAuth2App:
    """A client for the configured provider. Made per sign-in, so that a changed configuration
    or rotated provider keys apply at once; the discovery document is fetched on first use."""
    registry = OAuth()
    registry.register(
        CLIENT_NAME,
        client_id=settings.SKYDDSNAT_OIDC_CLIENT_ID,
        client_secret=settings.SKYDDSNAT_OIDC_CLIENT_SECRET,
        server_metadata_url=settings.SKYDDSNAT_OIDC_DISCOVERY_URL,
        client_kwargs={
            "scope": settings.SKYDDSNAT_OIDC_SCOPES,
            "code_challenge_method": "S256",
            "timeout": 10,
        },
    )
    app = registry.create_client(CLIENT_NAME)
    assert isinstance(app, DjangoOAuth2App)  # noqa: S101 (registered just above)
    return app


def claim_value(claims: dict[str, Any]) -> str:
    """The configured claim, stripped; empty when missing, not text, or holding control
    characters (a NUL cannot even be looked up: PostgreSQL refuses it)."""
    value = claims.get(settings.SKYDDSNAT_OIDC_USER_CLAIM)
    if not isinstance(value, str) or any(unicodedata.category(c) == "Cc" for c in value):
        return ""
    return value.strip()


def user_for_claims(claims: dict[str, Any]) -> User | None:
    """The one active staff member the configured claim names, or None (unknown, ambiguous,
    inactive, or the claim missing)."""
    value = claim_value(claims)
    if not value:
        return None
    users = User.objects.filter(is_active=True)
    if settings.SKYDDSNAT_OIDC_USER_CLAIM == "email":
        # Some providers send the flag as a string ("false"): that is no verified address either.
        if str(claims.get("email_verified")).strip().lower() == "false":
            return None
        matches = list(users.filter(email__iexact=value)[:2])
    else:
        matches = list(users.filter(sso_subject=value)[:2])
    return matches[0] if len(matches) == 1 else None


def with_userinfo(claims: dict[str, Any], userinfo: dict[str, Any]) -> dict[str, Any]:
    """The ID token's claims completed by the userinfo answer. OIDC Core 5.3.2: an answer about
    another subject than the ID token's is not used (it could name any employee): ValueError,
    which the callback answers as a refused sign-in."""
    if not claims.get("sub") or userinfo.get("sub") != claims["sub"]:
        raise ValueError("The userinfo answer names another subject than the ID token.")
    return {**claims, **userinfo}
