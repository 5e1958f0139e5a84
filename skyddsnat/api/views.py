"""The JSON API views. Each one is thin: validate the body, get the case through the permission
helper (404 when not visible), call one service or selector, serialize. Errors become problems in
`api.errors`; the audit channel "api" is set by the audit middleware for every /api/ request."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import authenticate
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers as drf
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api import idempotency
from skyddsnat.api import serializers as s
from skyddsnat.api.errors import PROBLEM_CONTENT_TYPE, renamed_fields
from skyddsnat.api.paging import PAGE_PARAMETER, page_fields, page_params
from skyddsnat.api.services import token_issue
from skyddsnat.cases import services as case_services
from skyddsnat.cases.models import Case, Deadline, DeadlineKind, Decision
from skyddsnat.cases.permissions import get_case_for_user, visible_cases
from skyddsnat.cases.persons import person_search_page
from skyddsnat.cases.selectors import case_detail, deadline_views, my_deadlines_page
from skyddsnat.cases.services import CaseChanged, case_lock
from skyddsnat.children import selectors as children_selectors
from skyddsnat.children import services as children_services
from skyddsnat.lib import identity, login_throttle
from skyddsnat.lib.paging import PAGE_SIZE
from skyddsnat.logreview.forms import AuditReviewForm, AuditSearchForm
from skyddsnat.logreview.selectors import PAGE_SIZE as AUDIT_PAGE_SIZE
from skyddsnat.logreview.selectors import VagueName, audit_search, unusual_access
from skyddsnat.logreview.views import Describe
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff


def problems(*codes: int) -> dict:
    """Schema entries for the problem responses an endpoint can give."""
    return {(code, PROBLEM_CONTENT_TYPE): OpenApiResponse(s.ProblemSerializer) for code in codes}


def validated(serializer_class: type[drf.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def created(
    result_class: type[drf.Serializer], record: Any, case_id: int, **context: Any
) -> Response:
    """201 with the new record and the case as it stands after the write, with the case's new
    ETag. Called inside the write's transaction: if building the answer fails, the write is
    rolled back too, so a 500 that says nothing was saved is true."""
    case = Case.objects.prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.select_related("rule"))
    ).get(pk=case_id)
    context.update(case=case, deadlines=deadline_views(case))
    data = result_class(record, context=context).data
    headers = {"ETag": case_etag(case)} if context.get("sees_case", True) else None
    return Response(data, status=201, headers=headers)


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


# ----- authentication ----------------------------------------------------------------------------


class TokenView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Issue a personal API token",
        description=(
            "Send it as `Authorization: Bearer <token>`. It is valid until `expires_at` (a "
            "working day by default); ask for a new one then. After 5 failed attempts for a "
            "username within 15 minutes, attempts for it are refused (429) for 15 minutes."
        ),
        request=s.CredentialsSerializer,
        responses={200: s.TokenSerializer, **problems(400, 429)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = validated(s.CredentialsSerializer, request)
        username = data["username"]
        locked = login_throttle.locked_for(username)
        if locked is not None:
            minutes = max(1, round(locked.total_seconds() / 60))
            raise Throttled(
                wait=locked.total_seconds(),
                detail=ngettext(
                    "Too many failed attempts for this username. Try again in %(minutes)d minute.",
                    "Too many failed attempts for this username. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        user = authenticate(request._request, username=username, password=data["password"])
        if not isinstance(user, User):
            login_throttle.record_failure(username)
            raise ValidationError([_("The username or password is wrong.")])
        login_throttle.record_success(username)
        issued = token_issue(user=user)
        return Response(
            s.TokenSerializer({"token": issued.key, "expires_at": issued.token.expires_at}).data
        )


# ----- reports -----------------------------------------------------------------------------------


class ReportCreateView(APIView):
    @extend_schema(
        summary="Register a concern report",
        description=(
            "Opens a case with a 14-day pre-assessment, or joins the child's open investigation "
            "(`joined_investigation`). Either way a safety assessment is due.\n\n"
            "Send an `Idempotency-Key` so that a retry after a lost answer registers the report "
            "once: the same key and body again answer the first answer (201, same body, "
            "`Idempotent-Replayed: true`); the same key with another body answers 422."
        ),
        request=s.ReportInputSerializer,
        parameters=[idempotency.SCHEMA_PARAMETER],
        responses={201: s.ReportCreatedSerializer, **problems(400, 401, 403, 409, 422)},
        tags=["reports"],
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        data = validated(s.ReportInputSerializer, request)
        child = data["child"]

        def perform() -> idempotency.Answer:
            with renamed_fields(
                {
                    name: f"child.{name}"
                    for name in ("personal_identity_number", "first_name", "last_name")
                }
            ):
                report = children_services.report_register(
                    user=user,
                    personal_identity_number=child["personal_identity_number"],
                    first_name=child["first_name"],
                    last_name=child["last_name"],
                    is_synthetic=child["is_synthetic"],
                    district=data["district"],
                    received_at=data["received_at"],
                    reporter_type=data["reporter_type"],
                    reporter_name=data["reporter_name"],
                    description=data["description"],
                )
            response = created(
                s.ReportCreatedSerializer,
                report,
                report.case_id,
                sees_case=visible_cases(user).filter(pk=report.case_id).exists(),
                submitted_child=child,
            )
            return idempotency.Answer(response, person_id=report.child_id, case_id=report.case_id)

        # The report and its answer in one transaction (a failure while building the answer
        # stores nothing), once per Idempotency-Key.
        return idempotency.idempotent(request, scope="children.report.create", perform=perform)


# ----- cases -------------------------------------------------------------------------------------


class CaseDetailView(APIView):
    @extend_schema(
        summary="Read a case with its deadlines",
        description=(
            "The person's address is left out (`address_protected: true`) unless the user may see "
            "a protected address."
        ),
        responses={200: s.CaseDetailSerializer, **problems(401, 404)},
        parameters=[
            OpenApiParameter(
                "ETag",
                str,
                location=OpenApiParameter.HEADER,
                response=[200],
                description=(
                    "The case's version; send it as `If-Match` on a write of the case to have "
                    "the write refused (412) if the case has changed since."
                ),
            )
        ],
        tags=["cases"],
    )
    def get(self, request: Request, case_id: int) -> Response:
        user = staff(request)
        case = case_detail(user=user, case_id=case_id)
        deadlines = list(case.deadlines.all())
        investigation = getattr(case, "investigation", None)
        extensions = [
            extension
            for deadline in deadlines
            if deadline.kind == DeadlineKind.INVESTIGATION
            for extension in deadline.extensions.all()
        ]
        context = {
            "user": user,
            "deadlines": deadline_views(case),
            "investigation": investigation
            and {
                "opened_on": investigation.opened_on,
                "closed_on": investigation.closed_on,
                "extensions": extensions,
            },
        }
        return Response(
            s.CaseDetailSerializer(case, context=context).data,
            headers={"ETag": case_etag(case)},
        )


def case_write(
    request: Request,
    case_id: int,
    *,
    input_class: type[drf.Serializer],
    result_class: type[drf.Serializer],
    perform: Callable[[Case, dict[str, Any]], Any],
    fields: dict[str, str] | None = None,
) -> Response:
    """The shape of every POST on a case: visible case (else 404), valid body, the case locked
    and its version checked against `If-Match` (412 when it changed), one service call, and the
    answer built before the transaction commits."""
    case = get_case_for_user(staff(request), case_id)
    data = validated(input_class, request)
    versions = if_match_versions(request)
    with transaction.atomic():
        locked = case_lock(case)
        if versions is not None and locked.version not in versions:
            raise CaseChanged(locked)
        with renamed_fields(fields or {}):
            record = perform(locked, data)
        return created(result_class, record, case.pk)


_CASE_WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 412)


class SafetyAssessmentView(APIView):
    @extend_schema(
        summary="Record a safety assessment",
        description="For the case's earliest report still waiting for one; 400 when none is.",
        request=s.SafetyAssessmentInputSerializer,
        responses={201: s.SafetyAssessmentCreatedSerializer, **_CASE_WRITE_PROBLEMS},
        parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
        tags=["cases"],
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = staff(request)

        def perform(case: Case, data: dict) -> Any:
            report = children_services.pending_safety_report(case)
            if report is None:
                raise ValidationError(
                    {
                        "assessed_at": [
                            _("Every report of the case already has a safety assessment.")
                        ]
                    }
                )
            return children_services.safety_assessment_record(user=user, report=report, **data)

        return case_write(
            request,
            case_id,
            input_class=s.SafetyAssessmentInputSerializer,
            result_class=s.SafetyAssessmentCreatedSerializer,
            perform=perform,
        )


class PreAssessmentView(APIView):
    @extend_schema(
        summary="Decide the pre-assessment",
        description="`open_investigation` starts the 4-month investigation on `decided_on`.",
        request=s.PreAssessmentInputSerializer,
        responses={201: s.CaseDecisionCreatedSerializer, **_CASE_WRITE_PROBLEMS},
        parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
        tags=["cases"],
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = staff(request)
        return case_write(
            request,
            case_id,
            input_class=s.PreAssessmentInputSerializer,
            result_class=s.CaseDecisionCreatedSerializer,
            perform=lambda case, data: children_services.pre_assessment_decide(
                user=user, case=case, **data
            ),
        )


class ExtensionView(APIView):
    @extend_schema(
        summary="Extend the investigation",
        description="Needs a delegation for extensions (the unit manager in the default order).",
        request=s.ExtensionInputSerializer,
        responses={201: s.ExtensionCreatedSerializer, **_CASE_WRITE_PROBLEMS},
        parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
        tags=["cases"],
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = staff(request)

        def perform(case: Case, data: dict) -> Any:
            deadline = case_services.investigation_extend(user=user, case=case, **data)
            return deadline.extensions.select_related("deadline", "decided_by").latest("pk")

        return case_write(
            request,
            case_id,
            input_class=s.ExtensionInputSerializer,
            result_class=s.ExtensionCreatedSerializer,
            perform=perform,
        )


class DecisionView(APIView):
    @extend_schema(
        summary="Decide the investigation",
        description="Grant or refuse an intervention, under the user's delegation.",
        request=s.CaseDecisionInputSerializer,
        responses={201: s.CaseDecisionCreatedSerializer, **_CASE_WRITE_PROBLEMS},
        parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
        tags=["cases"],
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = staff(request)
        return case_write(
            request,
            case_id,
            input_class=s.CaseDecisionInputSerializer,
            result_class=s.CaseDecisionCreatedSerializer,
            perform=lambda case, data: case_services.case_decide(user=user, case=case, **data),
        )


class InterventionView(APIView):
    @extend_schema(
        summary="Start a granted intervention",
        request=s.InterventionInputSerializer,
        responses={201: s.InterventionCreatedSerializer, **_CASE_WRITE_PROBLEMS},
        parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
        tags=["cases"],
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = staff(request)

        def perform(case: Case, data: dict) -> Any:
            decision = (
                Decision.objects.select_related("case", "intervention_type")
                .filter(case=case, pk=data.pop("decision_id"))
                .first()
            )
            if decision is None:
                raise ValidationError(
                    {"decision_id": [_("The case has no decision with this id.")]}
                )
            return case_services.intervention_start(user=user, decision=decision, **data)

        return case_write(
            request,
            case_id,
            input_class=s.InterventionInputSerializer,
            result_class=s.InterventionCreatedSerializer,
            perform=perform,
            fields={"decision": "decision_id"},
        )


class DeadlineDoneView(APIView):
    @extend_schema(
        summary="Mark a time limit done",
        description=(
            "Only for time limits staff complete by hand (`completed_by_hand`: the LVU limits); "
            "the others are completed by their own step (400). A reconsideration marked done "
            "starts the next six-month one while the care goes on."
        ),
        request=s.DeadlineDoneInputSerializer,
        responses={201: s.DeadlineDoneCreatedSerializer, **_CASE_WRITE_PROBLEMS},
        parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
        tags=["cases"],
    )
    def post(self, request: Request, case_id: int, deadline_id: int) -> Response:
        user = staff(request)

        def perform(case: Case, data: dict) -> Any:
            deadline = case.deadlines.select_related("rule").filter(pk=deadline_id).first()
            if deadline is None:
                raise Http404
            return case_services.deadline_record_done(
                user=user, case=case, deadline=deadline, **data
            )

        return case_write(
            request,
            case_id,
            input_class=s.DeadlineDoneInputSerializer,
            result_class=s.DeadlineDoneCreatedSerializer,
            perform=perform,
            fields={"deadline": "non_field_errors"},
        )


class JournalView(APIView):
    @extend_schema(
        summary="Write a journal entry",
        request=s.JournalInputSerializer,
        responses={201: s.JournalEntryCreatedSerializer, **_CASE_WRITE_PROBLEMS},
        parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
        tags=["cases"],
    )
    def post(self, request: Request, case_id: int) -> Response:
        user = staff(request)
        return case_write(
            request,
            case_id,
            input_class=s.JournalInputSerializer,
            result_class=s.JournalEntryCreatedSerializer,
            perform=lambda case, data: case_services.journal_add(user=user, case=case, **data),
        )


# ----- lists -------------------------------------------------------------------------------------


class MyDeadlinesView(APIView):
    @extend_schema(
        summary="My pending deadlines",
        description=(
            f"Of the cases I work on (a manager: the unit's), nearest first, {PAGE_SIZE} a page."
        ),
        parameters=[PAGE_PARAMETER],
        responses={200: s.MyDeadlinesSerializer, **problems(401)},
        tags=["cases"],
    )
    def get(self, request: Request) -> Response:
        page, pairs = my_deadlines_page(user=staff(request), params=page_params(request))
        rows = [{"case": case, "deadline": view} for case, view in pairs]
        return Response(
            s.MyDeadlinesSerializer({"deadlines": rows, **page_fields(request, page)}).data
        )


class PersonSearchView(APIView):
    @extend_schema(
        summary="Search persons",
        description=(
            "By personal identity number (exact) or name, among the persons of cases the user "
            "may see and of the unit's early help. Results never carry an address."
        ),
        parameters=[
            OpenApiParameter(
                "q", str, description="Identity number or name (2 characters or more)."
            ),
            PAGE_PARAMETER,
        ],
        responses={200: s.PersonSearchSerializer, **problems(401)},
        tags=["persons"],
    )
    def get(self, request: Request) -> Response:
        page = person_search_page(
            user=staff(request),
            query=request.query_params.get("q", "")[:200],
            params=page_params(request),
        )
        return Response(
            s.PersonSearchSerializer(
                {"results": page.object_list, **page_fields(request, page)}
            ).data
        )


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
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day (YYYY-MM-DD)."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (YYYY-MM-DD)."),
            OpenApiParameter("page", int, description="Page number, from 1."),
        ],
        responses={200: s.AuditSearchSerializer, **problems(400, 401, 404)},
        tags=["audit"],
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        names = {"person": "person", "name": "name", "user": "user", "since": "from", "until": "to"}
        form = AuditSearchForm(
            {field: request.query_params.get(key, "")[:200] for field, key in names.items()}
        )
        if not form.is_valid():
            raise ValidationError(
                {names.get(f, f): [str(e) for e in errors] for f, errors in form.errors.items()}
            )
        data = form.cleaned_data
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
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day (YYYY-MM-DD)."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (YYYY-MM-DD)."),
        ],
        responses={200: s.AuditReviewSerializer, **problems(400, 401, 404)},
        tags=["audit"],
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        # The page's form: the same date parsing and range check; "from"/"to" are its since/until.
        names = {"since": "from", "until": "to"}
        form = AuditReviewForm(
            {field: request.query_params.get(key, "")[:20] for field, key in names.items()}
        )
        if not form.is_valid():
            raise ValidationError(
                {
                    names.get(field, field): [str(e) for e in errors]
                    for field, errors in form.errors.items()
                }
            )
        flagged = unusual_access(
            user=user, since=form.cleaned_data["since"], until=form.cleaned_data["until"]
        )
        return Response(s.AuditReviewSerializer({"entries": flagged}).data)


# ----- early help --------------------------------------------------------------------------------


def early_help_read(user: User, record: Any) -> Any:
    """The row as written, with what the answer may say of its child (`person_visible`)."""
    return (
        children_selectors.with_person_visibility(user, type(record).objects.filter(pk=record.pk))
        .select_related("person", "intervention_type")
        .get()
    )


class EarlyHelpView(APIView):
    @extend_schema(
        summary="The unit's ongoing early help",
        description=(
            "Interventions the user's children and youth unit gives without an individual needs "
            "assessment, ongoing only; each row shown is logged."
        ),
        responses={200: s.EarlyHelpListSerializer, **problems(401)},
        tags=["early help"],
    )
    def get(self, request: Request) -> Response:
        rows = children_selectors.early_help_list(user=staff(request))
        return Response(s.EarlyHelpListSerializer({"results": rows}).data)

    @extend_schema(
        summary="Offer an intervention directly",
        description=(
            "Only intervention types offered without an individual needs assessment (e.g. "
            "`parent-support`, `counselling`); no investigation or case is opened. Give either "
            "`child` (help asked for without a report) or `case_id` (e.g. after a decision not to "
            "investigate). A child needs the guardians' consent (`consent_given`, `consent_on`)."
        ),
        request=s.EarlyHelpInputSerializer,
        responses={201: s.EarlyHelpSerializer, **problems(400, 401, 403, 404, 409)},
        tags=["early help"],
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        data = validated(s.EarlyHelpInputSerializer, request)
        child = data.pop("child")
        case_id = data.pop("case_id")
        if case_id is not None:
            data["case"] = get_case_for_user(user, case_id)
            renames: dict[str, str] = {}
        else:
            data.update(
                personal_identity_number=child["personal_identity_number"],
                first_name=child["first_name"],
                last_name=child["last_name"],
                is_synthetic=child["is_synthetic"],
            )
            renames = {
                name: f"child.{name}"
                for name in ("personal_identity_number", "first_name", "last_name")
            }
        with transaction.atomic(), renamed_fields(renames):
            record = children_services.early_help_start(user=user, **data)
            return Response(s.EarlyHelpSerializer(early_help_read(user, record)).data, status=201)


class EarlyHelpEndView(APIView):
    @extend_schema(
        summary="End an early help",
        description=(
            "Records the last day of an ongoing intervention of the user's children and youth "
            "unit. Early help of another unit answers 404, like one that does not exist."
        ),
        request=s.EarlyHelpEndInputSerializer,
        responses={200: s.EarlyHelpSerializer, **problems(400, 401, 404, 409)},
        tags=["early help"],
    )
    def post(self, request: Request, early_help_id: int) -> Response:
        user = staff(request)
        record = children_selectors.get_early_help_for_user(user, early_help_id)
        data = validated(s.EarlyHelpEndInputSerializer, request)
        with transaction.atomic():
            record = children_services.early_help_end(
                user=user, early_help=record, ended_on=data["ended_on"]
            )
            return Response(s.EarlyHelpSerializer(early_help_read(user, record)).data)
