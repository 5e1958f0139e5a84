"""Carries where a request comes from (address, channel) to the audit log without threading the
request through every service call."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from skyddsnat.audit import context


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        # The user is looked up when an entry is written: DRF sets request.user after token
        # authentication, later than this middleware runs.
        token = context.bind(
            ip_address=request.META.get("REMOTE_ADDR"),
            channel=channel,
            user=lambda: getattr(request, "user", None),
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
