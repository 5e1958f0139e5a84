"""Follow-up of outreach and welfare crime (issue 10 points 6–8): the contract's rows, the "<5"
rule with its complementary suppression (the same rule as the reaction times), who may call."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import make_user
from skyddsnat.organisation.models import District, Role
from skyddsnat.outreach.models import Contact
from skyddsnat.welfarecrime.models import Assessment, Signal

OUTREACH = "/api/v1/followup/outreach/"
WELFARE = "/api/v1/followup/welfare-crime/"
DAY = dt.date(2025, 5, 5)


@pytest.fixture
def contacts(db):
    worker = make_user("faltare.x", Role.OUTREACH, "jarva")

    def add(slug, n, joint=0, referrals=0):
        district = District.objects.get(slug=slug)
        for i in range(n):
            Contact.objects.create(
                district=district,
                contact_on=DAY,
                place_kind="street",
                age_band="16_17",
                topics=["sugar_dating"],
                joint_with_police=i < joint,
                referral_made=i < referrals,
                registered_by=worker,
            )

    add("jarva", 7, joint=3, referrals=5)
    # A second outer-city district: the outer city, hidden as the complement of the inner city,
    # must not be the sum of shown districts, so one of them is hidden too (Farsta, the smaller).
    add("farsta", 6, joint=0, referrals=5)
    add("sodermalm", 2, joint=1, referrals=2)
    # Outside the period asked for: not counted.
    Contact.objects.create(
        district=District.objects.get(slug="jarva"),
        contact_on=dt.date(2024, 1, 1),
        place_kind="street",
        age_band="16_17",
        topics=["drugs"],
        registered_by=worker,
    )


@pytest.fixture
def signals(db):
    officer = make_user("kontrollant.x", Role.WELFARE_CRIME, "jarva")

    def add(slug, days):
        district = District.objects.get(slug=slug)
        for day in days:
            signal = Signal.objects.create(
                district=district,
                received_on=DAY,
                source="own_case",
                benefit="housing_allowance",
                authority="forsakringskassan",
                description="x",
                registered_by=officer,
            )
            if day is None:
                continue
            Assessment.objects.create(
                signal=signal,
                notify=True,
                notified_on=DAY + dt.timedelta(days=day),
                recipient="forsakringskassan",
                assessed_by=officer,
            )

    add("jarva", [2, 4, 6, 8, 10, None])
    # Hidden as the complement (see contacts): Järva's figures stay shown.
    add("farsta", [1, 2, 3, 4, 5])
    add("sodermalm", [1, 1, 1])


def rows_by_group(answer):
    assert answer.status_code == 200, answer.content
    return {row["group"]: row for row in answer.json()["rows"]}


def test_outreach_rows_hide_small_figures(client, politician, contacts):
    client.force_login(politician)
    rows = rows_by_group(client.get(OUTREACH, {"from": "2025-01-01", "to": "2025-12-31"}))
    assert rows["jarva"] == {
        "group": "jarva",
        "contacts": 7,
        "joint_with_police": "<5",
        "referrals": 5,
    }
    assert rows["sodermalm"] == {
        "group": "sodermalm",
        "contacts": "<5",
        "joint_with_police": "<5",
        "referrals": "<5",
    }
    assert rows["farsta"]["contacts"] == "<5"
    assert rows["farsta"]["referrals"] == "<5"
    assert rows["skarpnack"]["contacts"] == 0
    areas = rows_by_group(
        client.get(OUTREACH, {"from": "2025-01-01", "to": "2025-12-31", "by": "area"})
    )
    # The inner city's 2 are hidden; the outer city's 13 too, or the city's 15 would reveal
    # them; and Farsta's 6, or Järva's 7 and Farsta's 6 would add up to the outer city.
    assert areas["inner"]["contacts"] == "<5"
    assert areas["outer"]["contacts"] == "<5"
    assert areas["city"]["contacts"] == 15


def test_welfare_crime_rows_count_signals_notifications_and_median_days(client, analyst, signals):
    client.force_login(analyst)
    rows = rows_by_group(client.get(WELFARE, {"year": 2025}))
    assert rows["jarva"] == {
        "group": "jarva",
        "signals": 6,
        "notifications": 5,
        "median_days_to_notification": 6.0,
    }
    assert rows["sodermalm"] == {
        "group": "sodermalm",
        "signals": "<5",
        "notifications": "<5",
        "median_days_to_notification": "<5",
    }
    assert rows_by_group(client.get(WELFARE, {"year": 2024}))["jarva"]["signals"] == 0


def test_a_manager_sees_their_own_district_and_the_areas(client, manager, signals):
    client.force_login(manager)
    rows = rows_by_group(client.get(WELFARE, {"year": 2025}))
    assert set(rows) == {"jarva"}
    assert {
        r["group"] for r in client.get(WELFARE, {"year": 2025, "by": "area"}).json()["rows"]
    } == {
        "inner",
        "outer",
        "city",
    }


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        (WELFARE, {}, "year"),
        (WELFARE, {"year": "20x5"}, "year"),
        (WELFARE, {"year": "2025", "by": "unit"}, "by"),
        (OUTREACH, {"from": "2025-13-01"}, "from"),
        (OUTREACH, {"from": "2025-05-01", "to": "2025-01-01"}, "to"),
    ],
)
def test_odd_queries_answer_400_naming_the_parameter(client, politician, url, query, field):
    client.force_login(politician)
    answer = client.get(url, query)
    assert answer.status_code == 400
    assert field in str(answer.json())


def test_only_the_follow_up_roles_may_call(client, caseworker, auditor):
    for user in (caseworker, auditor):
        client.force_login(user)
        assert client.get(OUTREACH).status_code == 404
        assert client.get(WELFARE, {"year": 2025}).status_code == 404


def test_the_follow_up_pages_show_the_figures_with_the_rule(client, politician, contacts, signals):
    client.force_login(politician)
    page = client.get(reverse("followup-outreach"), {"from": "2025-01-01", "to": "2025-12-31"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "&lt;5" in text and "Järva" in text
    page = client.get(reverse("followup-welfare-crime"), {"year": 2025})
    assert page.status_code == 200 and "&lt;5" in page.content.decode()
    assert client.get(reverse("followup-welfare-crime"), {"year": "x"}).status_code == 400


def test_the_2021_allocation_is_shown_without_an_actual_cost(client, politician):
    """The seed's +8.5 MSEK for welfare-crime officers (loaded with the example budget) is shown
    on the page; the work has no recorded cost, so no actual cost is claimed."""
    client.force_login(politician)
    text = client.get(reverse("followup-welfare-crime"), {"year": 2021}).content.decode()
    assert "8\u00a0500\u00a0000" in text or "8 500 000" in text
    text = client.get(reverse("followup-welfare-crime"), {"year": 2022}).content.decode()
    assert "8\u00a0500\u00a0000" not in text and "8 500 000" not in text
