"""The reaction-times contract: shape, parameters, who may call it."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import PASSWORD
from skyddsnat.followup.tests.conftest import Flow, at, is_pre_late

URL = "/api/v1/followup/reaction-times/"
FIELDS = {
    "group",
    "reports",
    "median_days_to_safety_assessment",
    "median_days_to_pre_assessment",
    "p90_days_to_pre_assessment",
    "median_days_to_first_intervention",
    "share_pre_assessment_late",
    "share_investigation_over_4_months",
    "complete",
    "final_on",
    "incomplete_figures",
}


@pytest.fixture
def data(flows):
    day = dt.date(2025, 4, 7)
    items = [Flow("jarva", at(day + dt.timedelta(days=i)), 24, 10 + i) for i in range(6)]
    items += [Flow("sodermalm", at(day + dt.timedelta(days=i)), 4, 3) for i in range(5)]
    return flows(items)


def get(client, username, query):
    client.login(username=username, password=PASSWORD)
    return client.get(f"{URL}?{query}")


def test_the_url_is_the_contract():
    assert reverse("api-followup-reaction-times") == URL


def test_by_area_gives_inner_outer_and_city(data, client, politician):
    response = get(client, "politiker", "from=2025-04-01&to=2025-04-30&by=area")
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert [r["group"] for r in rows] == ["inner", "outer", "city"]
    assert all(set(r) == FIELDS for r in rows)
    city = rows[2]
    assert city["reports"] == 11
    assert rows[1]["median_days_to_safety_assessment"] == 1.0
    assert rows[1]["median_days_to_pre_assessment"] == 12.5
    # Late by the pre-assessment's deadline rule (one of eleven, taking 15 days, while it reads 14).
    late = [is_pre_late(flow, dt.date(2025, 5, 31)) for flow in data]
    assert city["share_pre_assessment_late"] == round(sum(late) / len(late), 3)
    assert 0 < sum(late) < len(late)


def test_by_district_lists_every_current_district(data, client, analyst):
    rows = get(client, "analytiker", "from=2025-04-01&to=2025-04-30&by=district").json()["rows"]
    groups = [r["group"] for r in rows]
    assert "jarva" in groups and "rinkeby-kista" not in groups and len(groups) == 11


def test_a_manager_sees_their_district_and_the_city(data, client, manager):
    rows = get(client, "chef.jarva", "from=2025-04-01&to=2025-04-30&by=district").json()["rows"]
    assert [r["group"] for r in rows] == ["jarva"]
    rows = get(client, "chef.jarva", "from=2025-04-01&to=2025-04-30&by=area").json()["rows"]
    assert [r["group"] for r in rows] == ["inner", "outer", "city"]


@pytest.mark.parametrize("persona", ["caseworker", "auditor", "outsider"])
def test_it_refuses_roles_without_follow_up(db, persona, request, client):
    user = request.getfixturevalue(persona)
    response = get(client, user.username, "by=area")
    # Follow-up is an area these roles may not use: 404, as on the pages (cases.policy).
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query", ["from=2025-13-01", "by=street", "from=2025-05-01&to=2025-04-01", "from=1990-01-01"]
)
def test_bad_parameters_answer_a_problem(query, client, politician):
    response = get(client, "politiker", query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


def test_it_runs_a_fixed_number_of_queries(data, client, politician, django_assert_max_num_queries):
    client.login(username="politiker", password=PASSWORD)
    # However many records: among them the refresh of the stale cases (facts, months, listing).
    with django_assert_max_num_queries(13):
        client.get(f"{URL}?from=2025-04-01&to=2025-04-30&by=district")
