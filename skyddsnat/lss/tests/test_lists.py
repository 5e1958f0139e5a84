"""The LSS lists are paged, filtered and sorted: the pages 50 rows at a time (the filters kept
by the page links), the API arrays with the paging in headers (`X-Total-Count`, `Link`) so that
existing clients keep their array."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from skyddsnat.cases.models import CaseStatus, InterventionType
from skyddsnat.lib import paging
from skyddsnat.lss.models import ResourceKind
from skyddsnat.lss.tests.conftest import assess, grant
from skyddsnat.lss.tests.test_api import api
from skyddsnat.lss.tests.test_places_and_queues import housing_decision

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


# --- Filters and sort of the three lists (GET forms kept by the page links) ------------------


def _next(response) -> str:
    match = re.search(r'href="([^"]*)" rel="next"', response.content.decode())
    return html.unescape(match.group(1)) if match else ""


def test_the_application_list_filters_by_intervention_and_status_and_sorts(
    client, lss_manager, make_application
):
    companion = make_application(lss_manager, received_on=dt.date(2024, 1, 5))
    housing = make_application(
        lss_manager, codes=("lss-housing-adults",), received_on=dt.date(2024, 2, 5)
    )
    assess(lss_manager, housing, on=dt.date(2024, 2, 6))
    grant(
        lss_manager,
        housing.requests.get(),
        on=dt.date(2024, 2, 10),
        scope_amount=None,
        scope_unit="",
    )
    client.force_login(lss_manager)

    def shown(**params):
        response = client.get(reverse("lss-application-list"), params)
        assert response.status_code == 200
        return [a.pk for a in response.context["applications"]]

    housing_type = InterventionType.objects.get(code="lss-housing-adults")
    assert shown(intervention=str(housing_type.pk)) == [housing.pk]
    housing.case.refresh_from_db()
    assert shown(status=housing.case.status) == [housing.pk]
    assert shown(status=CaseStatus.CLOSED) == []
    assert shown() == [housing.pk, companion.pk]
    assert shown(sort="oldest") == [companion.pk, housing.pk]
    # Odd values are dropped: the whole list, newest first.
    assert shown(status="x", intervention="-1", sort="'; drop") == [housing.pk, companion.pk]
    assert client.get(reverse("lss-application-list"), {"status": "x\x00"}).status_code == 400


def test_the_list_filters_survive_the_page_link(client, lss_manager, make_application, small_pages):
    made = [make_application(lss_manager, received_on=dt.date(2024, 1, d)).pk for d in (1, 2, 3)]
    make_application(lss_manager, codes=("lss-housing-adults",))  # filtered out
    client.force_login(lss_manager)
    companion = InterventionType.objects.get(code="lss-companion")

    first = client.get(
        reverse("lss-application-list"), {"intervention": companion.pk, "sort": "oldest"}
    )
    link = _next(first)
    assert f"intervention={companion.pk}" in link and "sort=oldest" in link
    second = client.get(reverse("lss-application-list") + link)
    shown = [a.pk for a in first.context["applications"]] + [
        a.pk for a in second.context["applications"]
    ]
    assert shown == made


def test_decisions_to_implement_filter_late_and_approaching(client, lss_manager, make_application):
    today = timezone.localdate()

    def granted(on):
        application = make_application(lss_manager, received_on=on - dt.timedelta(days=5))
        assess(lss_manager, application, on=on - dt.timedelta(days=2))
        return grant(lss_manager, application.requests.get(), on=on)

    late = granted(today - dt.timedelta(days=120))
    approaching = granted(today - dt.timedelta(days=75))
    fresh = granted(today - dt.timedelta(days=5))
    client.force_login(lss_manager)

    def shown(**params):
        response = client.get(reverse("lss-my-decisions"), params)
        assert response.status_code == 200
        return [r.decision.pk for r in response.context["rows"]], response.context["rows"]

    ids, rows = shown(limit="late")
    assert ids == [late.pk] and all(r.late for r in rows)
    ids, rows = shown(limit="approaching")
    assert ids == [approaching.pk] and all(r.approaching and not r.late for r in rows)
    assert shown()[0] == [late.pk, approaching.pk, fresh.pk]
    assert shown(sort="recent")[0] == [fresh.pk, approaching.pk, late.pk]
    assert shown(limit="soon", sort="zzz")[0] == [late.pk, approaching.pk, fresh.pk]
    assert client.get(reverse("lss-my-decisions"), {"limit": "\x00"}).status_code == 400


def test_the_housing_queue_filters_by_kind_and_sorts(client, lss_manager, make_application):
    first = housing_decision(lss_manager, make_application).queue_entry
    second = housing_decision(
        lss_manager, make_application, decided_on=dt.date(2024, 3, 1)
    ).queue_entry
    client.force_login(lss_manager)
    adults = ResourceKind.objects.get(code="lss-housing-adults")
    other = ResourceKind.objects.exclude(pk=adults.pk).first()

    def shown(**params):
        response = client.get(reverse("lss-queue"), params)
        assert response.status_code == 200
        return [item["entry"].pk for item in response.context["items"]]

    assert shown() == [first.pk, second.pk]
    assert shown(sort="shortest") == [second.pk, first.pk]
    assert shown(resource_kind=adults.pk) == [first.pk, second.pk]
    if other is not None:
        assert shown(resource_kind=other.pk) == []
    assert shown(resource_kind="99999999999999999999", sort="-") == [first.pk, second.pk]
    assert client.get(reverse("lss-queue"), {"sort": "\x00"}).status_code == 400
