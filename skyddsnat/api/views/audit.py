"""The audit log search and the log review: the auditor's area (any other role gets 404, as on
the pages: `cases.policy.is_auditor`)."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api import serializers as s
from skyddsnat.api.actions import problems
from skyddsnat.api.paging import page_params
from skyddsnat.cases import policy
from skyddsnat.lib import identity
from skyddsnat.logreview.forms import AuditReviewForm, AuditSearchForm
from skyddsnat.logreview.selectors import PAGE_SIZE as AUDIT_PAGE_SIZE
from skyddsnat.logreview.selectors import VagueName, audit_search, unusual_access
from skyddsnat.logreview.views import Describe
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff

PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (YYYY-MM-DD)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (YYYY-MM-DD)."),
]


def auditor(request: Request) -> User:
    """The signed-in auditor; the log is nobody else's to read (404, like a page that is not)."""
    user = staff(request)
    policy.require(policy.is_auditor(user))
    return user


def query_form(form_class: type, request: Request, names: dict[str, str], limit: int) -> dict:
    """The page's form over the query string (the same parsing and checks); its errors under the
    API's parameter names (`names`: form field → parameter)."""
    form = form_class(
        {field: request.query_params.get(key, "")[:limit] for field, key in names.items()}
    )
    if not form.is_valid():
        raise ValidationError(
            {names.get(f, f): [str(e) for e in errors] for f, errors in form.errors.items()}
        )
    return form.cleaned_data


class AuditSearchView(APIView):
    @extend_schema(
        summary="Search the audit log (auditors only)",
        description=(
            "Newest first, 100 entries a page (`page`). A person (identity number or name) is "
            "found in single entries and in every list or search that showed them (`person_ids`). "
            "The "
            "search itself is logged with its criteria and hit count."
        ),
        parameters=[
            OpenApiParameter("person", str, description="Personal identity number."),
            OpenApiParameter("name", str, description="Person's name (every word must occur)."),
            OpenApiParameter("user", str, description="Username."),
            *PERIOD_PARAMETERS,
            OpenApiParameter("page", int, description="Page number, from 1."),
        ],
        responses={200: s.AuditSearchSerializer, **problems(400, 401, 404)},
        tags=["audit"],
    )
    def get(self, request: Request) -> Response:
        user = auditor(request)
        names = {"person": "person", "name": "name", "user": "user", "since": "from", "until": "to"}
        data = query_form(AuditSearchForm, request, names, limit=200)
        try:
            entries = audit_search(
                user=user,
                personal_identity_number=data["person"],
                name=data["name"],
                username=data["user"],
                since=data["since"],
                until=data["until"],
            )
        except identity.InvalidIdentityNumber:
            raise ValidationError(
                {"person": [s.IdentityNumberField.default_error_messages["identity"]]}
            ) from None
        except VagueName:
            raise ValidationError(
                {"name": [_("The name fits too many persons: give more of it.")]}
            ) from None
        number = int(page_params(request).get("page", "1"))
        page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(number)
        listed = list(page.object_list)
        references = Describe(listed).references
        return Response(
            s.AuditSearchSerializer(
                {
                    "count": page.paginator.count,
                    "page": page.number,
                    "pages": page.paginator.num_pages,
                    "entries": listed,
                },
                context={"references": references},
            ).data
        )


class AuditReviewView(APIView):
    @extend_schema(
        summary="Log review: unusual access (auditors only)",
        description=(
            "Reads worth a second look, newest first (at most 500): `protected_person`, "
            "`not_own_case`, `many_persons` (the last read of a day with many distinct persons) "
            "and `outside_hours`. The period defaults to the last 7 days; the review is logged."
        ),
        parameters=PERIOD_PARAMETERS,
        responses={200: s.AuditReviewSerializer, **problems(400, 401, 404)},
        tags=["audit"],
    )
    def get(self, request: Request) -> Response:
        user = auditor(request)
        # "from"/"to" are the page form's since/until.
        period = query_form(AuditReviewForm, request, {"since": "from", "until": "to"}, limit=20)
        flagged = unusual_access(user=user, since=period["since"], until=period["until"])
        return Response(s.AuditReviewSerializer({"entries": flagged}).data)
