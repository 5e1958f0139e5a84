"""Paged API lists: the `page` parameter, the fields of a paged object and, for the lists that
answer a bare array, the same facts as response headers (`X-Total-Count`, `Link`)."""

from typing import Any

from django.core.paginator import Page
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from skyddsnat.lib.paging import PAGE_PARAM, PAGE_SIZE

PAGE_PARAMETER = OpenApiParameter(
    PAGE_PARAM,
    int,
    description=f"Page number from 1 ({PAGE_SIZE} rows a page); past the end gives the last page.",
)

# For the lists that answer a bare JSON array (kept for existing clients).
PAGE_HEADERS = [
    OpenApiParameter(
        "X-Total-Count",
        int,
        location=OpenApiParameter.HEADER,
        response=True,
        description=f"Rows in the whole list; the body holds one page ({PAGE_SIZE} rows).",
    ),
    OpenApiParameter(
        "Link",
        str,
        location=OpenApiParameter.HEADER,
        response=True,
        description='Addresses of the next and previous pages (RFC 8288, rel="next"/"prev").',
    ),
]


def page_params(request: Request) -> Any:
    """The query parameters of a paged API list, with `page` checked: the schema says an integer
    from 1, so anything else answers 400 naming the field (the pages forgive odd numbers; a client
    of the API is told)."""
    values = request.query_params.getlist(PAGE_PARAM)
    for value in values:
        if not (value.isascii() and value.isdigit() and 0 < len(value) < 10 and int(value) > 0):
            raise ValidationError({PAGE_PARAM: [_("Give a page number from 1.")]})
    if len(values) > 1:
        raise ValidationError({PAGE_PARAM: [_("Give one page number.")]})
    return request.query_params


def _link(request: Request, number: int) -> str:
    params = request.query_params.copy()
    params[PAGE_PARAM] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page_fields(request: Request, page: Page) -> dict[str, Any]:
    """count, page, pages, next and previous of a paged list (the other parameters kept)."""
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": _link(request, page.next_page_number()) if page.has_next() else None,
        "previous": _link(request, page.previous_page_number()) if page.has_previous() else None,
    }


def array_response(request: Request, page: Page, data: Any) -> Response:
    """A bare array of one page, with the paging in headers."""
    response = Response(data)
    response["X-Total-Count"] = str(page.paginator.count)
    links = []
    if page.has_next():
        links.append(f'<{_link(request, page.next_page_number())}>; rel="next"')
    if page.has_previous():
        links.append(f'<{_link(request, page.previous_page_number())}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)
    return response
