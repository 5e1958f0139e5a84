"""Refuses requests whose address or form body cannot be text: a NUL byte or bytes that are not
UTF-8 in the path, the query string or a form body.

No view can do anything sensible with them (PostgreSQL cannot even store NUL in text, and Django
would silently turn broken UTF-8 into U+FFFD), and without this every view that reads
`request.GET` would have to guard against them itself; one that forgot answered 500. Refused here
once, before any view: 400, as problem+json under /api/.
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from skyddsnat.api.errors import problem_response

_FORM_TYPE = "application/x-www-form-urlencoded"


def _unreadable(raw: bytes) -> bool:
    """True when percent-decoded `raw` holds a NUL or is not UTF-8."""
    if not raw:
        return False
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in decoded:
        return True
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _environ_bytes(value: str) -> bytes:
    # WSGI passes the raw bytes of the request line as latin-1 text.
    return value.encode("latin-1", errors="replace")


class UnreadableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = self._unreadable_part(request)
        if where is not None:
            return self._refuse(request, where)
        return self.get_response(request)

    @staticmethod
    def _unreadable_part(request: HttpRequest) -> str | None:
        path = request.META.get("PATH_INFO", "")
        # Django has already re-percent-encoded broken UTF-8 in the path; a NUL stays as it is.
        if "\x00" in request.path_info or _unreadable(_environ_bytes(path)):
            return "path"
        if _unreadable(_environ_bytes(request.META.get("QUERY_STRING", ""))):
            return "query"
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if request.method == "POST" and content_type == _FORM_TYPE:
            if _unreadable(request.body):
                return "body"
        return None

    @staticmethod
    def _refuse(request: HttpRequest, where: str) -> HttpResponse:
        detail = {
            "path": _("The address contains a NUL byte or characters that are not UTF-8."),
            "query": _("The query string contains a NUL byte or characters that are not UTF-8."),
            "body": _("The form contains a NUL byte or characters that are not UTF-8."),
        }[where]
        if request.path_info.startswith("/api/"):
            return problem_response(
                status_code=400,
                kind="malformed-request",
                title=_("Malformed request"),
                detail=detail,
                errors={},
            )
        return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")
