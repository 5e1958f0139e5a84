"""Pages and API answers carry personal data: no browser or proxy may keep a copy of them.

Every response that does not come from the static files handler is marked `no-store`, whoever asks
(the sign-in page carries a CSRF token, an error page may name what was asked for). Static files
are served outside Django's middleware and keep their own caching.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private; and Expires.
        add_never_cache_headers(response)
        # For HTTP/1.0 caches, which know only Pragma.
        response["Pragma"] = "no-cache"
        return response
