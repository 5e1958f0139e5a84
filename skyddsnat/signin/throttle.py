"""The sign-in throttle, on django-axes: failures are counted per username AND client address.

Five failed attempts for one username from one client address lock that pair for 15 minutes
(`AXES_*` in settings): an attacker guessing from one address locks only themselves out, never the
user, who still signs in from their own machine. The client address is the trusted-proxy logic's
(`lib.proxies.client_address`), so a spoofed `X-Forwarded-For` neither escapes a lock nor locks
anyone else. The login page, the API's token endpoint and the second-factor code all count.
"""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The name the throttle counts under: as typed, without case or surrounding space, so that
    "Admin " and "admin" share their failures."""
    name = (credentials or {}).get("username") or ""
    return str(name).strip().casefold()


def lockout_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed attempts for this username. Try again in %(minutes)d minute.",
        "Too many failed attempts for this username. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """What a locked-out attempt answers. The views already showed the Swedish message (the form
    error on the login page, a problem on the API); the answer keeps their body and says 429."""
    if original_response is None:
        return HttpResponse(lockout_message(), status=429, content_type="text/plain")
    original_response.status_code = 429
    return original_response


def is_locked_out(request: HttpRequest) -> bool:
    """Whether the last authenticate() on this request was refused or tripped by the throttle."""
    return bool(getattr(request, "axes_locked_out", False))


class ThrottleBackend(AxesStandaloneBackend):
    """django-axes' backend, for sign-ins that come with a request (the login page, the token
    endpoint): those are counted and refused when locked. An authenticate() without a request
    (a management command, the test client's login()) has no client address to count and is
    passed on to the next backend."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
