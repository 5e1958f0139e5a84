"""Lists of staff are paged, filtered and sorted: "Mina ärenden", the manager's queue, person
search and the deadlines API. A page costs the same queries however long the list is, and the
page links keep the filters."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skyddsnat.cases.models import CaseStatus
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.lib import paging

pytestmark = pytest.mark.django_db

CASE_LINK = re.compile(r'href="/arenden/(\d+)/"')


@pytest.fixture
def small_pages(monkeypatch):
    """Three rows a page, so that a few cases make several pages."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)


def listed(response) -> list[int]:
    """Case ids of the table (not of the overdue box above it), in order."""
    body = response.content.decode()
    if '<table class="table">' not in body:
        return []
    table = body[body.index('<table class="table">') :]
    return [int(pk) for pk in CASE_LINK.findall(table)]


def next_link(response) -> str:
    match = re.search(r'href="([^"]*)" rel="next"', response.content.decode())
    return html.unescape(match.group(1)) if match else ""


def late(make_report, user, days=20):
    return make_report(user, received_at=timezone.now() - dt.timedelta(days=days))


def test_my_cases_pages_through_every_case_once_keeping_the_filters(
    client, caseworker, make_report, small_pages
):
    cases = {late(make_report, caseworker).case_id for _ in range(7)}
    make_report(caseworker)  # not overdue: filtered out
    client.force_login(caseworker)

    seen: list[int] = []
    url = reverse("cases-my-cases") + "?deadline=overdue"
    pages = 0
    while url:
        response = client.get(url if url.startswith("/") else reverse("cases-my-cases") + url)
        assert response.status_code == 200
        seen += listed(response)
        url = next_link(response)
        if url:
            assert "deadline=overdue" in url
        pages += 1

    assert pages == 3
    assert sorted(seen) == sorted(cases)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("page", ["99", "0", "abc", "-1", "9" * 40])
def test_an_odd_page_number_answers_a_real_page(client, caseworker, make_report, small_pages, page):
    for _ in range(4):
        make_report(caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("cases-my-cases"), {"page": page})

    assert response.status_code == 200
    assert len(listed(response)) in (1, 3)


def test_a_nul_byte_in_the_page_number_answers_400(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("cases-my-cases"), {"page": "1\x00"})

    assert response.status_code == 400


def test_unknown_filter_values_filter_nothing(client, caseworker, make_report):
    report = make_report(caseworker)
    client.force_login(caseworker)

    response = client.get(
        reverse("cases-my-cases"), {"status": "<script>", "deadline": "x", "sort": "zzz"}
    )

    assert response.status_code == 200
    assert listed(response) == [report.case_id]


def test_the_deadline_filters_split_overdue_due_soon_and_none(
    client, caseworker, make_report, small_pages
):
    overdue = late(make_report, caseworker).case
    soon = make_report(caseworker).case  # the safety assessment is due today
    client.force_login(caseworker)

    def ids(**params):
        return listed(client.get(reverse("cases-my-cases"), params))

    assert ids(deadline="overdue") == [overdue.pk]
    assert ids(deadline="week") == [soon.pk]
    assert ids(deadline="none") == []
    assert (
        "Inget öppet ärende matchar filtren."
        in client.get(reverse("cases-my-cases"), {"deadline": "none"}).content.decode()
    )


def test_the_status_filter_and_the_sort_order(client, caseworker, make_report):
    older = make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=3)).case
    newer = make_report(caseworker).case
    pre_assessment_decide(
        user=caseworker,
        case=older,
        decided_on=timezone.localdate(),
        decision="open_investigation",
        reason="Oron kräver utredning.",
    )
    client.force_login(caseworker)

    def ids(**params):
        return listed(client.get(reverse("cases-my-cases"), params))

    assert ids(status=CaseStatus.INVESTIGATION) == [older.pk]
    assert ids(status=CaseStatus.PRE_ASSESSMENT) == [newer.pk]
    assert ids(sort="newest") == [newer.pk, older.pk]
    assert ids(sort="oldest") == [older.pk, newer.pk]


def test_the_manager_sees_whose_case_it_is_and_filters_by_caseworker(
    client, caseworker, colleague, manager, make_report
):
    mine = make_report(caseworker).case
    theirs = make_report(colleague).case
    nobodys = make_report(manager).case
    client.force_login(manager)

    response = client.get(reverse("cases-my-cases"))
    body = response.content.decode()
    assert '<th scope="col">Handläggare</th>' in body
    assert caseworker.get_full_name() in body
    assert set(listed(response)) == {mine.pk, theirs.pk, nobodys.pk}

    def ids(**params):
        return set(listed(client.get(reverse("cases-my-cases"), params)))

    assert ids(assignee=str(colleague.pk)) == {theirs.pk}
    assert ids(assignee="none") == {nobodys.pk}


def test_a_caseworker_has_no_assignee_filter_and_cannot_use_one(
    client, caseworker, colleague, make_report
):
    mine = make_report(caseworker).case
    make_report(colleague)
    client.force_login(caseworker)

    response = client.get(reverse("cases-my-cases"), {"assignee": str(colleague.pk)})

    assert 'name="assignee"' not in response.content.decode()
    assert '<th scope="col">Handläggare</th>' not in response.content.decode()
    assert listed(response) == [mine.pk]


def test_a_page_of_my_cases_costs_the_same_queries_for_one_page_and_for_many(
    client, manager, caseworker, make_report, small_pages
):
    client.force_login(manager)
    for _ in range(2):
        late(make_report, caseworker)
    client.get(reverse("cases-my-cases"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("cases-my-cases")).status_code == 200
    for _ in range(12):
        late(make_report, caseworker)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("cases-my-cases"), {"page": "2"})

    assert len(listed(response)) == 3
    assert len(many) == len(few)


def test_the_overdue_box_shows_a_few_and_links_to_all(client, caseworker, make_report, monkeypatch):
    from skyddsnat.cases.views import my_cases as views

    monkeypatch.setattr(views, "OVERDUE_BOX_SIZE", 2)
    for _ in range(3):
        late(make_report, caseworker)
    client.force_login(caseworker)

    response = client.get(reverse("cases-my-cases"))

    assert len(response.context["overdue_rows"]) == 2
    assert "Visa alla 3 försenade ärenden" in response.content.decode()
    assert 'href="?deadline=overdue"' in response.content.decode()


def test_the_queue_is_paged(client, manager, make_report, small_pages):
    for _ in range(4):
        make_report(manager)
    client.force_login(manager)

    first = client.get(reverse("cases-queue"))
    second = client.get(reverse("cases-queue"), {"page": "2"})

    assert len(first.context["rows"]) == 3
    assert len(second.context["rows"]) == 1
    assert "Sida 2 av 2" in second.content.decode()


def test_person_search_is_paged_and_keeps_the_query(client, caseworker, make_report, small_pages):
    for _ in range(4):
        make_report(caseworker, last_name="Lindqvist")
    client.force_login(caseworker)

    first = client.get(reverse("people-person-search"), {"q": "Lindqvist"})
    link = next_link(first)
    second = client.get(reverse("people-person-search") + link)

    assert "q=Lindqvist" in link
    assert len(first.context["persons"]) == 3
    assert len(second.context["persons"]) == 1
    assert "4 personer hittades" in first.content.decode()


def test_the_queue_filters_sorts_and_keeps_the_filters_across_pages(
    client, manager, make_report, small_pages
):
    overdue = [late(make_report, manager, days=20 + i).case_id for i in range(4)]
    fresh = make_report(manager).case_id
    client.force_login(manager)

    def ids(response):
        assert response.status_code == 200
        return [row["case"].pk for row in response.context["rows"]]

    first = client.get(reverse("cases-queue"), {"deadline": "overdue", "sort": "oldest"})
    link = next_link(first)
    assert "deadline=overdue" in link and "sort=oldest" in link
    second = client.get(reverse("cases-queue") + link)
    # Oldest report first; the fresh one is not overdue and not shown.
    assert ids(first) + ids(second) == list(reversed(overdue))
    assert ids(client.get(reverse("cases-queue"), {"sort": "newest"}))[0] == fresh
    assert ids(client.get(reverse("cases-queue"), {"deadline": "none"})) == []
    assert "Inga otilldelade ärenden matchar filtren." in (
        client.get(reverse("cases-queue"), {"deadline": "none"}).content.decode()
    )
    # Odd values filter nothing (the default order: nearest time limit first).
    odd = client.get(reverse("cases-queue"), {"status": "x", "deadline": "-1", "sort": "' or 1"})
    assert ids(odd) == ids(client.get(reverse("cases-queue")))
    assert client.get(reverse("cases-queue"), {"sort": "\x00"}).status_code == 400
