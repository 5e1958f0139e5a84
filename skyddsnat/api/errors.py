"""Every API error as `application/problem+json` (RFC 9457):

    {"type", "title", "status", "detail", "errors": {"field": ["message", ...]}}

`errors` is always present (empty when no field is to blame); nested fields are named with dots
(`child.personal_identity_number`). Services raise Django's ValidationError and PermissionDenied;
they are mapped here so views never translate exceptions themselves.
"""

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from skyddsnat.cases.services import CaseChanged, CaseConflict, is_unique_violation

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "urn:skyddsnat:problem:"

logger = logging.getLogger(__name__)


class Conflict(exceptions.ValidationError):
    """409: the write does not fit the record as it now stands (a colleague changed it first, or
    the same write arrived twice); the messages say what. Nothing was saved."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    """412: the request's `If-Match` names a version of the case that is no longer current."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy("The case has changed since you read it.")
    default_code = "precondition_failed"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


# (problem type, title) by exception class; the first match in this order wins.
_KINDS: list[tuple[type[exceptions.APIException], str, Any]] = [
    (Conflict, "conflict", gettext_lazy("Conflict")),
    (PreconditionFailed, "precondition-failed", gettext_lazy("Precondition failed")),
    (exceptions.ValidationError, "invalid-input", gettext_lazy("Invalid input")),
    (exceptions.ParseError, "malformed-body", gettext_lazy("Malformed request body")),
    (exceptions.NotAuthenticated, "not-authenticated", gettext_lazy("Authentication required")),
    (
        exceptions.AuthenticationFailed,
        "authentication-failed",
        gettext_lazy("Authentication failed"),
    ),
    (exceptions.PermissionDenied, "permission-denied", gettext_lazy("Permission denied")),
    (exceptions.NotFound, "not-found", gettext_lazy("Not found")),
    (exceptions.MethodNotAllowed, "method-not-allowed", gettext_lazy("Method not allowed")),
    (exceptions.NotAcceptable, "not-acceptable", gettext_lazy("Not acceptable")),
    (
        exceptions.UnsupportedMediaType,
        "unsupported-media-type",
        gettext_lazy("Unsupported media type"),
    ),
    (PayloadTooLarge, "payload-too-large", gettext_lazy("Request body too large")),
    (exceptions.Throttled, "throttled", gettext_lazy("Too many requests")),
]


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"dotted.field": ["message", ...]}."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if isinstance(detail, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = non_field if key in (NON_FIELD_ERRORS, non_field) and not prefix else str(key)
            flat.update(flatten_errors(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(detail, list | tuple):
        messages: list[str] = []
        flat = {}
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list | tuple):
                flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
            else:
                messages.append(str(item))
        if messages:
            flat[prefix or non_field] = messages
        return flat
    return {prefix or non_field: [str(detail)]}


def problem_response(
    *,
    status_code: int,
    kind: str,
    title: str,
    detail: str,
    errors: dict[str, list[str]] | None = None,
) -> JsonResponse:
    body = {
        "type": PROBLEM_BASE + kind,
        "title": str(title),
        "status": status_code,
        "detail": str(detail),
        "errors": errors or {},
    }
    return JsonResponse(
        body,
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def _as_api_exception(exc: Exception) -> exceptions.APIException | None:
    # The case spine's conflicts first: they are ValidationErrors to the pages, 409/412 here.
    if isinstance(exc, CaseChanged):
        return PreconditionFailed(detail=" ".join(exc.messages))
    if isinstance(exc, CaseConflict):
        return Conflict(detail=get_error_detail(exc))
    if isinstance(exc, IntegrityError) and is_unique_violation(exc):
        # A one-per rule of the database refused a write that raced another past the checks.
        return Conflict(
            detail=[
                _("The record was changed at the same time by another request; nothing was saved.")
            ]
        )
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=get_error_detail(exc))
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge(
            _("The request body is larger than %(limit)d bytes.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    if isinstance(exc, Http404):
        # Never the exception's own text: an id that exists but is hidden must answer exactly
        # like one that does not exist.
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, exceptions.APIException):
        return exc
    return None


def internal_error_problem() -> JsonResponse:
    """A 500 that tells the client nothing of the inside: no exception text, no stack trace."""
    return problem_response(
        status_code=500,
        kind="internal-error",
        title=_("Internal error"),
        detail=_(
            "Something went wrong on our side and nothing was saved. The error has been logged; "
            "try again later or contact support."
        ),
        errors={},
    )


def problem_exception_handler(exc: Exception, context: dict) -> JsonResponse | None:
    """DRF's EXCEPTION_HANDLER: every error as problem+json. An unexpected exception is logged
    with its stack trace and answered with a bare 500 problem (services write in their own
    transactions, so a failed one has stored nothing)."""
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        request = context.get("request")
        logger.error(
            "Unexpected error in %s %s",
            getattr(request, "method", "?"),
            getattr(request, "path", "?"),
            exc_info=exc,
        )
        set_rollback()
        return internal_error_problem()
    kind, title = "error", _("Error")
    for cls, cls_kind, cls_title in _KINDS:
        if isinstance(api_exc, cls):
            kind, title = cls_kind, str(cls_title)
            break
    errors: dict[str, list[str]] = {}
    if isinstance(api_exc, exceptions.ValidationError):
        errors = flatten_errors(api_exc.detail)
        non_field = api_settings.NON_FIELD_ERRORS_KEY
        detail = " ".join(
            " ".join(messages) if field == non_field else f"{field}: {' '.join(messages)}"
            for field, messages in errors.items()
        )
    else:
        detail = str(api_exc.detail)
    response = problem_response(
        status_code=api_exc.status_code, kind=kind, title=title, detail=detail, errors=errors
    )
    auth_header = getattr(api_exc, "auth_header", None) or getattr(exc, "auth_header", None)
    if auth_header:
        response["WWW-Authenticate"] = auth_header
    wait = getattr(api_exc, "wait", None)
    if wait:
        response["Retry-After"] = f"{int(wait)}"
    set_rollback()
    return response


@contextmanager
def renamed_fields(names: Mapping[str, str]) -> Iterator[None]:
    """Report a service's validation errors under the API's field names (the service says
    `personal_identity_number`, the API body has `child.personal_identity_number`)."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        # The same class (a conflict stays a conflict: 409), with the API's field names.
        raise type(exc)(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from exc


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown addresses under /api/ answer a problem too, not an HTML page. Exempt from CSRF:
    it changes nothing, and a POST to an unknown address must answer 404 as problem+json, not
    Django's HTML CSRF page."""
    detail = _("There is no such address in the API.")
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            detail = _("The address must end with a slash: %(path)s") % {"path": request.path + "/"}
    return problem_response(
        status_code=404, kind="not-found", title=_("Not found"), detail=detail, errors={}
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an error outside a DRF view (a middleware, say) still answers a problem under
    /api/; other addresses get Django's page. Django has logged the exception already."""
    if request.path_info.startswith("/api/"):
        return internal_error_problem()
    return defaults.server_error(request)
