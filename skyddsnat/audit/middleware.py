"""Carries where a request comes from (address, channel) to the audit log without threading the
request through every service call."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from skyddsnat.audit import context
from skyddsnat.lib.proxies import client_address


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        # The user is looked up when an entry is written: DRF sets request.user after token
        # authentication, later than this middleware runs.
        token = context.bind(
            # Behind a trusted reverse proxy, the client it forwarded for (lib.proxies).
            ip_address=client_address(request),
            channel=channel,
            user=lambda: getattr(request, "user", None),
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
