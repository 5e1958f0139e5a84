"""The API's unbounded lists are paged: count, page, pages and links that keep the parameters."""

import pytest

from skyddsnat.lib import paging

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)


def test_the_deadlines_api_is_paged_with_links(api_for, caseworker, make_report, small_pages):
    for _ in range(2):
        make_report(caseworker)  # two pending limits each
    api = api_for(caseworker)

    first = api.get("/api/v1/me/deadlines/").json()
    second = api.get(first["next"]).json()

    assert (first["count"], first["page"], first["pages"]) == (4, 1, 2)
    assert len(first["deadlines"]) == 3 and len(second["deadlines"]) == 1
    assert second["next"] is None and second["previous"].endswith("page=1")
    dues = [row["due"] for row in first["deadlines"] + second["deadlines"]]
    assert dues == sorted(dues)


def test_person_search_pages_keep_the_query(api_for, caseworker, make_report, small_pages):
    for _ in range(4):
        make_report(caseworker, last_name="Lindqvist")
    api = api_for(caseworker)

    first = api.get("/api/v1/persons/", {"q": "Lindqvist"}).json()
    second = api.get(first["next"]).json()

    assert "q=Lindqvist" in first["next"]
    assert (first["count"], first["pages"]) == (4, 2)
    ids = [p["id"] for p in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 4


def test_a_page_past_the_end_answers_the_last_page(api_for, caseworker, make_report, small_pages):
    for _ in range(2):
        make_report(caseworker)
    api = api_for(caseworker)

    response = api.get("/api/v1/me/deadlines/", {"page": "999"})

    assert response.status_code == 200
    assert response.json()["page"] == 2


def test_the_paging_helper_answers_the_nearest_page_for_odd_input(small_pages):
    assert paging.page_of(list(range(7)), {"page": "2"}).object_list == [3, 4, 5]
    assert paging.page_of(list(range(7)), {"page": "99"}).number == 3
    assert paging.page_of(list(range(7)), {"page": "x\x00"}).number == 1
    assert paging.page_of([], {"page": "5"}).object_list == []
