"""The person search."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skyddsnat.api import serializers as s
from skyddsnat.api.actions import problems
from skyddsnat.api.paging import PAGE_PARAMETER, page_fields, page_params
from skyddsnat.cases.persons import person_search_page
from skyddsnat.organisation.requests import staff


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
