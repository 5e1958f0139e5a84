"""List endpoints run a fixed number of queries, however many cases there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for_my_deadlines(api) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/me/deadlines/")
    assert response.status_code == 200
    return len(queries)


def test_my_deadlines_cost_the_same_for_one_case_and_for_ten(api, caseworker, make_report):
    make_report(caseworker)
    queries_for_my_deadlines(api)  # a token's first use records its last_used_at, once
    one = queries_for_my_deadlines(api)

    for _ in range(9):
        make_report(caseworker)
    ten = queries_for_my_deadlines(api)

    assert len(api.get("/api/v1/me/deadlines/").json()["deadlines"]) == 20
    assert ten == one


def test_my_deadlines_stay_within_a_few_queries(
    api, caseworker, make_report, django_assert_max_num_queries
):
    for _ in range(10):
        make_report(caseworker)
    # Token, the page's count, deadlines with their cases, persons and rules, one bulk audit
    # insert (+ savepoint pair).
    with django_assert_max_num_queries(6):
        api.get("/api/v1/me/deadlines/")


def test_person_search_cost_does_not_grow_with_the_hits(
    api, caseworker, make_report, django_assert_max_num_queries
):
    for _ in range(10):
        make_report(caseworker)
    # Token, the page's count, the page, one bulk audit insert.
    with django_assert_max_num_queries(5):
        response = api.get("/api/v1/persons/", {"q": "Alva Testsson"})
    assert len(response.json()["results"]) == 10
