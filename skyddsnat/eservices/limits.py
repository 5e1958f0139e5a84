"""Rate limits per client (issue 11 point 4) with django-ratelimit, counted in the cache
(settings.CACHES: Redis in production, shared by every worker). The client is the address
`lib.proxies.client_address` gives (the trusted proxies' forwarded address), never REMOTE_ADDR
directly. Forms and the public API share one budget per client:
`SKYDDSNAT_ESERVICE_RATE` submissions (e.g. "10/h")."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from skyddsnat.lib.proxies import client_address

GROUP = "skyddsnat.eservices.submit"


def _client(group: str, request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def over_limit(request: HttpRequest) -> bool:
    """Count this submission against the client's budget; True when it is over."""
    return is_ratelimited(
        request,
        group=GROUP,
        key=_client,
        rate=settings.SKYDDSNAT_ESERVICE_RATE,
        method=ALL,
        increment=True,
    )
