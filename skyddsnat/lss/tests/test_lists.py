"""The LSS lists are paged: the pages 50 rows at a time, the API arrays with the paging in
headers (`X-Total-Count`, `Link`) so that existing clients keep their array."""

import pytest
from django.urls import reverse

from skyddsnat.lib import paging
from skyddsnat.lss.tests.test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)


def test_the_application_list_is_paged(client, officer, make_application, small_pages):
    made = [make_application(officer).pk for _ in range(3)]
    client.force_login(officer)

    first = client.get(reverse("lss-application-list"))
    second = client.get(reverse("lss-application-list"), {"page": "2"})

    shown = [a.pk for a in first.context["applications"]] + [
        a.pk for a in second.context["applications"]
    ]
    assert sorted(shown) == sorted(made)
    assert "Sida 2 av 2" in second.content.decode()


def test_the_api_list_keeps_its_array_and_pages_in_headers(officer, make_application, small_pages):
    for _ in range(3):
        make_application(officer)
    client = api(officer)

    first = client.get(reverse("api-lss-applications"))
    second = client.get(reverse("api-lss-applications"), {"page": "2"})

    assert isinstance(first.json(), list) and len(first.json()) == 2
    assert len(second.json()) == 1
    assert first["X-Total-Count"] == "3"
    assert 'page=2>; rel="next"' in first["Link"]
    assert 'page=1>; rel="prev"' in second["Link"]
    ids = {row["id"] for row in first.json() + second.json()}
    assert len(ids) == 3
