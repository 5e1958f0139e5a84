"""The Swedish 403, 404 and 500 pages are what the public (signed out) gets too, with the skip
link and the footer's link to the accessibility statement, and no English framework text. (The
signed-in cases are in test_production.py; axe checks these pages in
tests_browser/test_accessibility.py.)"""

import pytest
from django.test import Client, override_settings

from skyddsnat.tests.test_production import assert_swedish_page

pytestmark = pytest.mark.django_db


def assert_public_error_page(response, status: int, heading: str) -> None:
    assert response.status_code == status
    assert_swedish_page(response, heading)
    page = response.content.decode()
    assert '<a class="skip-link" href="#main">Hoppa till innehållet</a>' in page
    assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in page
    # Nothing of the framework's own pages, in any language.
    for framework in ("Django", "Traceback", "DEBUG", "urlpatterns"):
        assert framework not in page


def test_signed_out_a_missing_address_answers_the_swedish_404():
    response = Client().get("/finns-inte/", HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert_public_error_page(response, 404, "Sidan finns inte")


@override_settings(ROOT_URLCONF="skyddsnat.tests.error_urls")
def test_signed_out_a_refused_page_answers_the_swedish_403():
    response = Client().get("/test-refuse/", HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert_public_error_page(response, 403, "Inte tillåtet")


@override_settings(ROOT_URLCONF="skyddsnat.tests.error_urls")
def test_signed_out_a_failure_answers_the_swedish_500():
    client = Client(raise_request_exception=False)

    response = client.get("/test-fail/", HTTP_ACCEPT_LANGUAGE="en-US,en")

    assert_public_error_page(response, 500, "Något gick fel")
