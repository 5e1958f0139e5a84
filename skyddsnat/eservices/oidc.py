"""Citizen sign-in through OpenID Connect, with Authlib (a client of its own, not staff's).

The browser sign-in is the authorization code flow with PKCE (S256), `state` and a `nonce`:
Authlib reads the provider's discovery document (SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL), checks
the ID token (signature against the provider's keys, issuer, audience, expiry, nonce), and a
userinfo answer about another subject than the ID token's is refused (OIDC Core 5.3.2).

What the provider says becomes a `Citizen`: its `sub`, and the personal identity number from the
configured claim (SKYDDSNAT_CITIZEN_OIDC_PIN_CLAIM), NFKC-normalised and checksum-checked by
`lib.identity.normalise`. A claim that is there but not a valid number refuses the sign-in; a
provider that gives no number gives a citizen who follows only what they sent signed in.

A bearer access token on the public API is checked by the provider's token introspection
(RFC 7662; the provider's access tokens are opaque, so there is no signature to check here): it
must be active, issued to this very client (a token of another client of the same provider is
refused) and unexpired. The number then comes from the userinfo endpoint, and the answer is cached
by the token's SHA-256 for SKYDDSNAT_CITIZEN_TOKEN_CACHE_SECONDS at most, never past its expiry.
"""

import hashlib
import logging
import time
import unicodedata
from typing import Any

import requests
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.core.cache import cache

from skyddsnat.eservices.citizen import Citizen
from skyddsnat.lib import identity as pnr

logger = logging.getLogger(__name__)

CLIENT_NAME = "citizen"
# The longest `sub` we keep (Submission.citizen_subject's length).
MAX_SUBJECT_LENGTH = 255
MAX_NAME_LENGTH = 200
_CACHE_PREFIX = "eservices:citizen-token:"
_REFUSED = "refused"


class InvalidClaims(ValueError):
    """The provider's answer does not make a citizen: no or an odd `sub`, a malformed number."""


def is_configured() -> bool:
    return bool(
        settings.SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL
        and settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_ID
        and settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_SECRET
    )


def client() -> DjangoOAuth2App:
    """A client for the configured provider, made per sign-in so that a changed configuration
    or rotated keys apply at once."""
    registry = OAuth()
    registry.register(
        CLIENT_NAME,
        client_id=settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_ID,
        client_secret=settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_SECRET,
        server_metadata_url=settings.SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL,
        client_kwargs={
            "scope": settings.SKYDDSNAT_CITIZEN_OIDC_SCOPES,
            "code_challenge_method": "S256",
            "timeout": 10,
        },
    )
    app = registry.create_client(CLIENT_NAME)
    assert isinstance(app, DjangoOAuth2App)  # noqa: S101 (registered just above)
    return app


def _has_control(value: str) -> bool:
    # Control characters (NUL among them) and the bidi and other format characters.
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in value)


def citizen_from_claims(claims: dict[str, Any]) -> Citizen:
    """The citizen the verified claims name, or InvalidClaims."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.strip() or len(sub) > MAX_SUBJECT_LENGTH:
        raise InvalidClaims("sub")
    if _has_control(sub):
        raise InvalidClaims("sub")
    number = ""
    raw = claims.get(settings.SKYDDSNAT_CITIZEN_OIDC_PIN_CLAIM)
    if raw not in (None, ""):
        if not isinstance(raw, str) or _has_control(raw):
            raise InvalidClaims("personal_identity_number")
        try:
            number = pnr.normalise(raw)
        except pnr.InvalidIdentityNumber as exc:
            raise InvalidClaims("personal_identity_number") from exc
    name = claims.get("name")
    if not isinstance(name, str) or _has_control(name):
        name = ""
    name = unicodedata.normalize("NFKC", name).strip()[:MAX_NAME_LENGTH]
    return Citizen(subject=sub, personal_identity_number=number, name=name)


def with_userinfo(claims: dict[str, Any], userinfo: dict[str, Any]) -> dict[str, Any]:
    """The ID token's claims completed by userinfo; an answer about another subject is refused
    (OIDC Core 5.3.2) with InvalidClaims."""
    if not claims.get("sub") or userinfo.get("sub") != claims["sub"]:
        raise InvalidClaims("userinfo sub")
    return {**claims, **userinfo}


# ----- bearer tokens on the public API -----------------------------------------------------


def _metadata() -> dict[str, Any]:
    key = _CACHE_PREFIX + "metadata:" + settings.SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL
    found = cache.get(key)
    if isinstance(found, dict):
        return found
    answer = requests.get(settings.SKYDDSNAT_CITIZEN_OIDC_DISCOVERY_URL, timeout=10)
    answer.raise_for_status()
    metadata = answer.json()
    if not isinstance(metadata, dict):
        raise ValueError("discovery document")
    cache.set(key, metadata, 300)
    return metadata


def _check_token(token: str) -> Citizen | None:
    metadata = _metadata()
    introspection = metadata.get("introspection_endpoint")
    userinfo = metadata.get("userinfo_endpoint")
    if not introspection or not userinfo:
        logger.warning("The citizen provider offers no token introspection or userinfo.")
        return None
    answer = requests.post(
        introspection,
        data={"token": token},
        auth=(
            settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_ID,
            settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_SECRET,
        ),
        timeout=10,
    )
    if answer.status_code != 200:
        return None
    facts = answer.json()
    if not isinstance(facts, dict) or facts.get("active") is not True:
        return None
    if facts.get("client_id") != settings.SKYDDSNAT_CITIZEN_OIDC_CLIENT_ID:
        return None  # a token another client of the provider was given
    exp = facts.get("exp")
    if not isinstance(exp, int) or exp <= time.time():
        return None
    issuer = metadata.get("issuer")
    if facts.get("iss") and issuer and facts["iss"] != issuer:
        return None
    info = requests.get(userinfo, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    if info.status_code != 200:
        return None
    claims = info.json()
    if not isinstance(claims, dict) or (facts.get("sub") and claims.get("sub") != facts["sub"]):
        return None
    citizen = citizen_from_claims(claims)
    # Keep it no longer than the token lives.
    ttl = min(settings.SKYDDSNAT_CITIZEN_TOKEN_CACHE_SECONDS, int(exp - time.time()))
    if ttl > 0:
        cache.set(_cache_key(token), citizen, ttl)
    return citizen


def _cache_key(token: str) -> str:
    return _CACHE_PREFIX + hashlib.sha256(token.encode()).hexdigest()


def citizen_for_access_token(token: str) -> Citizen | None:
    """The citizen an access token of the citizen client stands for, or None (not configured,
    inactive, expired, another client's, a provider that cannot be reached, odd claims)."""
    if not is_configured() or not token or len(token) > 4096 or _has_control(token):
        return None
    key = _cache_key(token)
    found = cache.get(key)
    if isinstance(found, Citizen):
        return found
    if found == _REFUSED:
        return None
    try:
        citizen = _check_token(token)
    except (requests.RequestException, ValueError, InvalidClaims) as exc:
        logger.warning("A citizen's access token could not be checked: %s", exc)
        return None
    if citizen is None:
        # A refused token is refused again for a short while without asking the provider.
        cache.set(key, _REFUSED, min(10, settings.SKYDDSNAT_CITIZEN_TOKEN_CACHE_SECONDS))
    return citizen
