"""The retention API (`/api/v1/retention/…`): the archivist's proposals, their lists, the
decision, the rules and the records that keep a file; the same services, policy and audit as the
pages (`skyddsnat.retention`). Other roles: 404."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api.actions import problems, validated, write
from skyddsnat.api.paging import page_fields, page_params
from skyddsnat.api.retention import serializers as s
from skyddsnat.audit.services import audit_log_ids
from skyddsnat.cases import policy
from skyddsnat.lib.paging import page_of
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff
from skyddsnat.people.models import Person
from skyddsnat.retention import selectors, services
from skyddsnat.retention.models import RetentionRule


def _archivist(request: Request) -> User:
    user = staff(request)
    policy.require(policy.is_archivist(user))
    return user


def _run_data(run_id: int) -> dict[str, Any]:
    return dict(s.RetentionRunSerializer(get_object_or_404(selectors.runs(), pk=run_id)).data)


class RunListView(APIView):
    @extend_schema(
        summary="Retention proposals and runs",
        operation_id="retention_runs_list",
        responses={200: s.RetentionRunSerializer(many=True), **problems(401, 404)},
        tags=["retention"],
    )
    def get(self, request: Request) -> Response:
        _archivist(request)
        return Response(s.RetentionRunSerializer(selectors.runs()[:100], many=True).data)

    @extend_schema(
        summary="Make a retention proposal (the dry run) as of today",
        description=(
            "Lists every file due under the rules with its verdict; nothing is removed until the "
            "proposal is approved. 409 while another proposal is open."
        ),
        request=None,
        responses={201: s.RetentionRunSerializer, **problems(401, 404, 409)},
        tags=["retention"],
    )
    def post(self, request: Request) -> Response:
        user = _archivist(request)
        return write(
            request,
            {},
            lambda _data: services.run_propose(user=user),
            lambda run: Response(_run_data(run.pk), status=201),
        )


class RunDetailView(APIView):
    @extend_schema(
        summary="One retention proposal or run",
        responses={200: s.RetentionRunSerializer, **problems(401, 404)},
        tags=["retention"],
    )
    def get(self, request: Request, run_id: int) -> Response:
        _archivist(request)
        return Response(_run_data(run_id))


class RunItemsView(APIView):
    @extend_schema(
        summary="The files of a retention proposal, one page",
        description="Each person by name and date of birth while the person exists (audited).",
        responses={200: s.RetentionItemPageSerializer, **problems(400, 401, 404)},
        tags=["retention"],
    )
    def get(self, request: Request, run_id: int) -> Response:
        user = _archivist(request)
        run = get_object_or_404(selectors.runs(), pk=run_id)
        page = page_of(run.items.select_related("kept_by"), page_params(request))
        rows = selectors.item_rows(list(page.object_list))
        audit_log_ids(
            user=user,
            action="retention.run.read",
            person_ids=[r.item.person_id for r in rows if r.name is not None],
            run=run.pk,
        )
        data = {**page_fields(request, page), "results": rows}
        return Response(s.RetentionItemPageSerializer(data).data)


class RunDecisionView(APIView):
    @extend_schema(
        summary="Approve or cancel a retention proposal",
        description=(
            "Approved, the nightly job checks each file again and removes those still due. 409 "
            "when the proposal was decided already (two archivists at once: the first decides)."
        ),
        request=s.RetentionDecisionInputSerializer,
        responses={200: s.RetentionRunSerializer, **problems(400, 401, 404, 409)},
        tags=["retention"],
    )
    def post(self, request: Request, run_id: int) -> Response:
        user = _archivist(request)
        get_object_or_404(selectors.runs(), pk=run_id)
        return write(
            request,
            s.RetentionDecisionInputSerializer,
            lambda data: services.run_decide(user=user, run_id=run_id, approve=data["approve"]),
            lambda run: Response(_run_data(run.pk)),
        )


class RuleListView(APIView):
    @extend_schema(
        summary="The retention rules as loaded",
        responses={200: s.RetentionRuleSerializer(many=True), **problems(401, 404)},
        tags=["retention"],
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        policy.require(policy.is_archivist(user) or policy.is_admin(user))
        return Response(
            s.RetentionRuleSerializer(RetentionRule.objects.order_by("pk"), many=True).data
        )


def _person(number: str, field: str) -> Person:
    person = Person.objects.filter(personal_identity_number=number).first()
    if person is None:
        raise ValidationError({field: [_("No person with this personal identity number.")]})
    return person


class HoldCreateView(APIView):
    @extend_schema(
        summary="Note a record that keeps a file",
        description=(
            "A paternity, parenthood or adoption investigation, or an approved agreement on "
            "custody, residence or contact (which names the child: kept until the child is 18)."
        ),
        request=s.RetentionHoldInputSerializer,
        responses={201: s.RetentionHoldSerializer, **problems(400, 401, 404)},
        tags=["retention"],
    )
    def post(self, request: Request) -> Response:
        user = _archivist(request)
        data = validated(s.RetentionHoldInputSerializer, request)
        person = _person(data["personal_identity_number"], "personal_identity_number")
        child_number = data.get("child_personal_identity_number")
        child = _person(child_number, "child_personal_identity_number") if child_number else None
        if data["category"] == "custody_agreement" and child is None:
            raise ValidationError(
                {"child_personal_identity_number": [_("An agreement names the child it concerns.")]}
            )
        return write(
            request,
            data,
            lambda d: services.hold_record(
                user=user,
                person=person,
                category=d["category"],
                recorded_on=d["recorded_on"],
                child=child,
                note=d.get("note", ""),
            ),
            lambda hold: Response(s.RetentionHoldSerializer(hold).data, status=201),
        )
