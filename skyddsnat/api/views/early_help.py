"""Early help: interventions a children and youth unit gives without an investigation. Giving and
ending it is the area of that unit's caseworkers and managers (any other role gets 404, as on the
pages); the list is the unit's own (empty for everyone else)."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api import serializers as s
from skyddsnat.api.actions import problems, validated, write
from skyddsnat.api.views.cases import CHILD_FIELDS
from skyddsnat.cases import policy
from skyddsnat.children import selectors as children_selectors
from skyddsnat.children import services as children_services
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import staff


def early_help_staff(request: Request) -> User:
    user = staff(request)
    policy.require(children_services.gives_early_help(user))
    return user


def early_help_read(user: User, record: Any) -> Any:
    """The row as written, with what the answer may say of its child (`person_visible`)."""
    return (
        children_selectors.with_person_visibility(user, type(record).objects.filter(pk=record.pk))
        .select_related("person", "intervention_type")
        .get()
    )


def early_help_answer(user: User, status: int = 200) -> Any:
    """The answer of a write: the record as the user may see it."""
    return lambda record: Response(
        s.EarlyHelpSerializer(early_help_read(user, record)).data, status=status
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
            "investigate). A child under the consent rule's age (15 as loaded) needs the "
            "guardians' consent (`consent_given`, `consent_on`: one row per known guardian)."
        ),
        request=s.EarlyHelpInputSerializer,
        responses={201: s.EarlyHelpSerializer, **problems(400, 401, 403, 404, 409)},
        tags=["early help"],
    )
    def post(self, request: Request) -> Response:
        user = early_help_staff(request)
        data = validated(s.EarlyHelpInputSerializer, request)
        child = data.pop("child")
        case_id = data.pop("case_id")
        if case_id is not None:
            data["case"] = policy.get_case_for_user(user, case_id)
        else:
            data.update({name: child[name] for name in (*CHILD_FIELDS, "is_synthetic")})
        return write(
            request,
            data,
            lambda data: children_services.early_help_start(user=user, **data),
            early_help_answer(user, status=201),
            fields=CHILD_FIELDS if case_id is None else None,
        )


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
        user = early_help_staff(request)
        record = children_selectors.get_early_help_for_user(user, early_help_id)
        return write(
            request,
            s.EarlyHelpEndInputSerializer,
            lambda data: children_services.early_help_end(
                user=user, early_help=record, ended_on=data["ended_on"]
            ),
            early_help_answer(user),
        )
