"""The app's addresses plus two that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from skyddsnat.urls import handler500
from skyddsnat.urls import urlpatterns as app_urlpatterns


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Developer detail that must not be shown")


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Developer detail that must not be shown")


urlpatterns = [
    *app_urlpatterns,
    path("test-refuse/", refuse),
    path("test-fail/", fail),
]

__all__ = ["handler500", "urlpatterns"]
