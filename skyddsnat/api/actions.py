"""One way to run an API write: validate the body, one service call, serialize, in one
transaction; every error a problem+json (`api.errors` maps what the service raises).

    class AppealView(APIView):
        @extend_schema(request=AppealInputSerializer, responses={201: ..., **problems(400, 404)})
        def post(self, request, decision_id):
            user = require_lss(request)                                   # an area: 404
            decision = selectors.get_decision_for_user(user, decision_id)  # a record: 404
            return write(
                request,
                AppealInputSerializer,
                lambda data: services.appeal_register(user=user, decision=decision, **data),
                lambda appeal: Response(AppealSerializer(appeal).data, status=201),
            )

What the answer is, the same on every endpoint:

- the body does not validate, or the service raises `ValidationError`: **400** naming the fields
  (`fields` renames a service's field to the body's, e.g. `child.first_name`);
- the service raises `CaseConflict`, or a unique constraint refuses a raced write: **409**;
- `case` given and the request's `If-Match` names an older version of it: **412**, nothing saved;
- the service raises `PermissionDenied` (an action on a record the user sees): **403**.

The answer is built inside the write's transaction: if building it fails, the write is rolled back
too, so a 500 that says nothing was saved is true. Getting the record (404) and asking
`skyddsnat.cases.policy` stay in the view, before the write.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from skyddsnat.api.errors import PROBLEM_CONTENT_TYPE, renamed_fields
from skyddsnat.api.serializers import ProblemSerializer
from skyddsnat.cases.models import Case
from skyddsnat.cases.services import CaseChanged, case_lock

T = TypeVar("T")


def problems(*codes: int) -> dict:
    """Schema entries for the problem responses an endpoint can give."""
    return {(code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer) for code in codes}


def validated(
    serializer_class: type[serializers.Serializer], request: Request, *, query: bool = False
) -> dict[str, Any]:
    """The request body (or, `query`, the query string) through the input serializer; 400
    naming the fields otherwise."""
    serializer = serializer_class(data=request.query_params if query else request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def write(
    request: Request,
    body: type[serializers.Serializer] | dict[str, Any],
    perform: Callable[[dict[str, Any]], T],
    answer: Callable[[T], Response],
    *,
    case: Case | int | None = None,
    fields: Mapping[str, str] | None = None,
) -> Response:
    """Validate `body` (an input serializer, or data the view validated already), then in one
    transaction `perform(data)` and `answer(result)`.

    `case`: the case the write changes. It is locked for the write (a `Case` object is brought up
    to date in place, so `perform` may close over it) and the write is refused (412) when the
    request's `If-Match` names a version the case no longer has."""
    data = body if isinstance(body, dict) else validated(body, request)
    versions = if_match_versions(request) if case is not None else None
    with transaction.atomic():
        if case is not None:
            locked = case_lock(case)
            if versions is not None and locked.version not in versions:
                raise CaseChanged(locked)
        with renamed_fields(fields or {}):
            result = perform(data)
        return answer(result)


# ----- versions of a case: ETag and If-Match ------------------------------------------------------


def case_etag(case: Case) -> str:
    """The case's version as a strong entity tag: every write of the case raises it."""
    return f'"{case.version}"'


def if_match_versions(request: Request) -> list[int] | None:
    """The versions an `If-Match` header accepts; None when it is absent or `*` (no condition).
    A weak or malformed tag matches no version (RFC 9110 13.1.1: strong comparison)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    versions = []
    for tag in header.split(","):
        tag = tag.strip()
        if len(tag) > 2 and tag[0] == tag[-1] == '"' and tag[1:-1].isdecimal():
            versions.append(int(tag[1:-1]))
    return versions


WRITE_ETAG_PARAMETER = OpenApiParameter(
    "ETag",
    str,
    location=OpenApiParameter.HEADER,
    response=[201],
    description="The case's version after the write, for the `If-Match` of the next one.",
)
IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "The case's `ETag` from `GET /api/v1/cases/{id}/` (or from the answer of the last write). "
        "When the case has changed since, the write is refused with 412 and nothing is saved."
    ),
)
