"""Reports and cases: register a report, read a case, every write on a case (each through
`api.actions.write`, with the case locked and `If-Match` honoured), and my deadlines."""

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api import idempotency
from skyddsnat.api import serializers as s
from skyddsnat.api.actions import (
    IF_MATCH_PARAMETER,
    WRITE_ETAG_PARAMETER,
    case_etag,
    problems,
    validated,
    write,
)
from skyddsnat.api.errors import renamed_fields
from skyddsnat.api.paging import PAGE_PARAMETER, page_fields, page_params
from skyddsnat.cases import policy
from skyddsnat.cases import services as case_services
from skyddsnat.cases.guardians import guardian_rows
from skyddsnat.cases.models import Case, Deadline, DeadlineKind, Decision
from skyddsnat.cases.selectors import case_detail, deadline_views, my_deadlines_page
from skyddsnat.children import services as children_services
from skyddsnat.lib.paging import PAGE_SIZE
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff

# The child's fields of a report or an early help, as the body names them.
CHILD_FIELDS = {
    name: f"child.{name}" for name in ("personal_identity_number", "first_name", "last_name")
}
# A report's child may also come without a number (issue 9 point 3).
REPORT_CHILD_FIELDS = {
    **CHILD_FIELDS,
    **{
        name: f"child.{name}"
        for name in ("identity_kind", "reserve_number", "expected_birth_date", "date_of_birth")
    },
    "kinds": "violence.kinds",
}


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
        responses={201: s.ReportCreatedSerializer, **problems(400, 401, 403, 404, 409, 422)},
        tags=["reports"],
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        # Registering reports is case work: other roles are refused as an area (404, policy).
        policy.require(policy.works_with_cases(user))
        data = validated(s.ReportInputSerializer, request)
        child = data.pop("child")

        def perform() -> idempotency.Answer:
            with renamed_fields(REPORT_CHILD_FIELDS):
                report = children_services.report_register(
                    user=user,
                    personal_identity_number=child["personal_identity_number"],
                    first_name=child["first_name"],
                    last_name=child["last_name"],
                    is_synthetic=child["is_synthetic"],
                    identity_kind=child["identity_kind"],
                    reserve_number=child["reserve_number"],
                    expected_birth_date=child["expected_birth_date"],
                    date_of_birth=child["date_of_birth"],
                    **data,
                )
            response = created(
                s.ReportCreatedSerializer,
                report,
                report.case_id,
                sees_case=policy.may_see_case(user, report.case),
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
            "a protected address; so is each guardian's (`guardians`)."
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
            "guardians": guardian_rows(user=user, child=case.person, case_id=case.pk),
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


def case_write_view(
    *,
    summary: str,
    input_class: type[drf.Serializer],
    result_class: type[drf.Serializer],
    perform: Callable[..., Any],
    description: str | None = None,
    fields: dict[str, str] | None = None,
) -> type[APIView]:
    """An endpoint that writes on a case: `POST …/cases/{case_id}/…` with `input_class`, answered
    201 with `result_class` (the record and the case's deadlines) and the case's new `ETag`.

    The case must be visible (else 404); it is locked and its version checked against `If-Match`
    (412 when it changed); `perform(user, case, data, **url_kwargs)` is the one service call, and
    the answer is built before the transaction commits (`api.actions.write`)."""

    class CaseWriteView(APIView):
        @extend_schema(
            summary=summary,
            description=description,
            request=input_class,
            responses={201: result_class, **problems(400, 401, 403, 404, 409, 412)},
            parameters=[IF_MATCH_PARAMETER, WRITE_ETAG_PARAMETER],
            tags=["cases"],
        )
        def post(self, request: Request, case_id: int, **url_kwargs: Any) -> Response:
            user = staff(request)
            case = policy.get_case_for_user(user, case_id)
            return write(
                request,
                input_class,
                lambda data: perform(user, case, data, **url_kwargs),
                lambda record: created(result_class, record, case.pk),
                case=case,
                fields=fields,
            )

    CaseWriteView.__name__ = CaseWriteView.__qualname__ = input_class.__name__.replace(
        "InputSerializer", "View"
    )
    return CaseWriteView


def _safety_assessment(user: User, case: Case, data: dict) -> Any:
    report = children_services.pending_safety_report(case)
    if report is None:
        raise ValidationError(
            {"assessed_at": [_("Every report of the case already has a safety assessment.")]}
        )
    return children_services.safety_assessment_record(user=user, report=report, **data)


def _extension(user: User, case: Case, data: dict) -> Any:
    deadline = case_services.investigation_extend(user=user, case=case, **data)
    return deadline.extensions.select_related("deadline", "decided_by").latest("pk")


def _intervention(user: User, case: Case, data: dict) -> Any:
    decision = (
        Decision.objects.select_related("case", "intervention_type")
        .filter(case=case, pk=data.pop("decision_id"))
        .first()
    )
    if decision is None:
        raise ValidationError({"decision_id": [_("The case has no decision with this id.")]})
    return case_services.intervention_start(user=user, decision=decision, **data)


def _deadline_done(user: User, case: Case, data: dict, *, deadline_id: int) -> Any:
    deadline = case.deadlines.select_related("rule").filter(pk=deadline_id).first()
    if deadline is None:
        raise Http404
    return case_services.deadline_record_done(user=user, case=case, deadline=deadline, **data)


def _violence(user: User, case: Case, data: dict, *, report_id: int) -> Any:
    report = case.reports.filter(pk=report_id).first()
    if report is None:
        raise Http404
    return children_services.report_violence_record(user=user, report=report, **data)


SafetyAssessmentView = case_write_view(
    summary="Record a safety assessment",
    description="For the case's earliest report still waiting for one; 400 when none is.",
    input_class=s.SafetyAssessmentInputSerializer,
    result_class=s.SafetyAssessmentCreatedSerializer,
    perform=_safety_assessment,
)
ViolenceView = case_write_view(
    summary="Mark a report with violence",
    description=(
        "The kinds of violence and whether the child was exposed to or witnessed it, once per "
        "report (409 the second time). When a rule says so (rule data: the child exposed to or "
        "witnessing violence), the investigation opens at once, without waiting for the "
        "pre-assessment, and its four months start today (`investigation_opened`)."
    ),
    input_class=s.ViolenceInputSerializer,
    result_class=s.ViolenceCreatedSerializer,
    perform=_violence,
)
PreAssessmentView = case_write_view(
    summary="Decide the pre-assessment",
    description="`open_investigation` starts the 4-month investigation on `decided_on`.",
    input_class=s.PreAssessmentInputSerializer,
    result_class=s.CaseDecisionCreatedSerializer,
    perform=lambda user, case, data: children_services.pre_assessment_decide(
        user=user, case=case, **data
    ),
)
ExtensionView = case_write_view(
    summary="Extend the investigation",
    description="Needs a delegation for extensions (the unit manager in the default order).",
    input_class=s.ExtensionInputSerializer,
    result_class=s.ExtensionCreatedSerializer,
    perform=_extension,
)
DecisionView = case_write_view(
    summary="Decide the investigation",
    description="Grant or refuse an intervention, under the user's delegation.",
    input_class=s.CaseDecisionInputSerializer,
    result_class=s.CaseDecisionCreatedSerializer,
    perform=lambda user, case, data: case_services.case_decide(user=user, case=case, **data),
)
InterventionView = case_write_view(
    summary="Start a granted intervention",
    input_class=s.InterventionInputSerializer,
    result_class=s.InterventionCreatedSerializer,
    perform=_intervention,
    fields={"decision": "decision_id"},
)
DeadlineDoneView = case_write_view(
    summary="Mark a time limit done",
    description=(
        "Only for time limits staff complete by hand (`completed_by_hand`: the LVU limits); "
        "the others are completed by their own step (400). A reconsideration marked done "
        "starts the next six-month one while the care goes on."
    ),
    input_class=s.DeadlineDoneInputSerializer,
    result_class=s.DeadlineDoneCreatedSerializer,
    perform=_deadline_done,
    fields={"deadline": "non_field_errors"},
)
JournalView = case_write_view(
    summary="Write a journal entry",
    input_class=s.JournalInputSerializer,
    result_class=s.JournalEntryCreatedSerializer,
    perform=lambda user, case, data: case_services.journal_add(user=user, case=case, **data),
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
