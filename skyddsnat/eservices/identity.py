"""Who the citizen is: the identity a public e-service acts for.

The contract between the public forms and the citizen's sign-in: the OpenID Connect sign-in puts
the verified identity in the session under `CITIZEN_SESSION_KEY` (a dict with `sub`, and
`personal_identity_number` and `name` where the provider gives them); the forms and the public API
read it only through `current_citizen`. A citizen is never a staff user: `request.user` stays
anonymous, and a session with a signed-in staff member has no citizen.

On the public API a citizen may instead send `Authorization: Bearer <access token>` from the
citizen client of the same provider (`eservices.oidc.citizen_for_access_token`).

A citizen's session ends after SKYDDSNAT_SESSION_IDLE_MINUTES without a request, as staff's do:
the last request's time is kept in the same dict (`CITIZEN_ACTIVITY_KEY`).
"""

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from skyddsnat.eservices import oidc
from skyddsnat.eservices.citizen import Citizen

__all__ = ["CITIZEN_SESSION_KEY", "Citizen", "current_citizen", "session_data"]

CITIZEN_SESSION_KEY = "skyddsnat_citizen"
# Epoch seconds of the citizen's last request, inside the session's citizen dict.
CITIZEN_ACTIVITY_KEY = "last_activity"
# Written at most once a minute, not on every request (as staff's idle clock).
ACTIVITY_RESOLUTION_SECONDS = 60


def session_data(citizen: Citizen) -> dict[str, Any]:
    """What the sign-in keeps in the session for `citizen`."""
    return {
        "sub": citizen.subject,
        "personal_identity_number": citizen.personal_identity_number,
        "name": citizen.name,
        CITIZEN_ACTIVITY_KEY: int(time.time()),
    }


def _bearer_token(request: Any) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "") if hasattr(request, "META") else ""
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _from_session(request: Any) -> Citizen | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    data = session.get(CITIZEN_SESSION_KEY)
    if not isinstance(data, dict) or not data.get("sub"):
        return None
    now = int(time.time())
    last = data.get(CITIZEN_ACTIVITY_KEY)
    if not isinstance(last, int) or now - last > settings.SKYDDSNAT_SESSION_IDLE_MINUTES * 60:
        session.pop(CITIZEN_SESSION_KEY, None)
        return None
    if now - last >= ACTIVITY_RESOLUTION_SECONDS:
        session[CITIZEN_SESSION_KEY] = {**data, CITIZEN_ACTIVITY_KEY: now}
    return Citizen(
        subject=str(data["sub"]),
        personal_identity_number=str(data.get("personal_identity_number", "")),
        name=str(data.get("name", "")),
    )


def current_citizen(request: HttpRequest) -> Citizen | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None  # staff are never citizens, whatever else the session holds
    citizen = _from_session(request)
    if citizen is not None:
        return citizen
    token = _bearer_token(request)
    if token:
        return oidc.citizen_for_access_token(token)
    return None
