"""An unexpected exception answers a bare 500 problem, tells the client nothing of the inside, and
is logged with its stack trace."""

import logging

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from skyddsnat.api.tests.test_errors import assert_problem

SECRET = "connection to 10.0.0.7 refused by secret_table"


class BrokenView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        raise RuntimeError(SECRET)


def broken_plain_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


# This module is the URLconf of its tests.
urlpatterns = [
    path("api/v1/broken/", BrokenView.as_view()),
    path("api/v1/broken-plain/", broken_plain_view),
    path("elsewhere/broken/", broken_plain_view),
]
handler500 = "skyddsnat.api.errors.server_error"


@pytest.fixture
def client_without_raising() -> APIClient:
    client = APIClient()
    client.raise_request_exception = False
    return client


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_unexpected_error_in_an_api_view_is_a_bare_500_problem(
    db, client_without_raising, caplog
):
    with caplog.at_level(logging.ERROR, logger="skyddsnat.api.errors"):
        response = client_without_raising.get("/api/v1/broken/")

    problem = assert_problem(response, 500)
    assert problem["type"] == "urn:skyddsnat:problem:internal-error"
    assert problem["errors"] == {}
    body = response.content.decode()
    assert SECRET not in body
    assert "RuntimeError" not in body
    assert "Traceback" not in body
    [record] = [r for r in caplog.records if r.name == "skyddsnat.api.errors"]
    assert "/api/v1/broken/" in record.getMessage()
    assert record.exc_info is not None
    assert record.exc_info[0] is RuntimeError


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_unexpected_error_outside_drf_under_api_is_a_500_problem_too(db, client_without_raising):
    response = client_without_raising.get("/api/v1/broken-plain/")

    assert_problem(response, 500)
    assert SECRET not in response.content.decode()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_unexpected_error_in_a_page_keeps_the_ordinary_error_page(db, client_without_raising):
    response = client_without_raising.get("/elsewhere/broken/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert SECRET not in response.content.decode()
