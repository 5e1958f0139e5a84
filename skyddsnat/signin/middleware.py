"""Two checks on every request of a signed-in session: inactivity and the second factor."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from skyddsnat.organisation.models import User
from skyddsnat.signin import second_factor

# The session key holding the time (epoch seconds) of the session's last request.
LAST_ACTIVITY_KEY = "skyddsnat_last_activity"
# The last-activity time is written at most once a minute, not on every request.
ACTIVITY_RESOLUTION_SECONDS = 60


def note_activity_at_sign_in(
    sender: object, request: HttpRequest, user: User, **kwargs: object
) -> None:
    """At sign-in: start the idle clock, and note whether the user owes a second factor at all,
    so that the requests after it need not write the session or ask the database."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())
        second_factor.note_no_app(request, user)


class IdleTimeoutMiddleware:
    """Ends a session that has had no request for SKYDDSNAT_SESSION_IDLE_MINUTES (sliding: each
    request moves the limit). The request then goes on as anonymous: a page sends the browser to
    the sign-in page with a notice, the API answers 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            idle_limit = settings.SKYDDSNAT_SESSION_IDLE_MINUTES * 60
            if isinstance(last, int) and now - last > idle_limit:
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(
                        request,
                        _("You were signed out after %(minutes)d minutes without activity.")
                        % {"minutes": round(settings.SKYDDSNAT_SESSION_IDLE_MINUTES)},
                    )
            elif not isinstance(last, int) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


# What a session that owes the second factor may still reach: the code and enrolment pages,
# signing out, static files and the load balancer's checks.
ALLOWED_NAMES = ("signin-verify", "signin-enrol", "logout")
ALLOWED_PREFIXES = ("/static/", "/healthz", "/readyz")


class SecondFactorMiddleware:
    """A signed-in user who owes the second factor (a confirmed device not yet used in this
    session, or a role that requires one and none enrolled) reaches nothing but the code page,
    the enrolment page and signing out. The API answers such a session 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if second_factor.is_satisfied(request):
            return self.get_response(request)
        allowed = {reverse(name) for name in ALLOWED_NAMES}
        if request.path in allowed or request.path.startswith(ALLOWED_PREFIXES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "type": "urn:skyddsnat:problem:second_factor_required",
                    "title": _("Second factor required"),
                    "status": 401,
                    "detail": _("Enter the code from your authenticator app on the web first."),
                    "errors": {},
                },
                status=401,
                content_type="application/problem+json",
            )
        user = request.user
        assert isinstance(user, User)  # noqa: S101 (AUTH_USER_MODEL)
        name = "signin-enrol" if second_factor.confirmed_device(user) is None else "signin-verify"
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
