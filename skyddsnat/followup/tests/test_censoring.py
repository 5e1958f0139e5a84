"""Censoring: each step counts only within its follow-up window after the report, so a recent
period is not "faster" only because its slow cases have not happened yet; a period whose reports
have not all had their window is marked incomplete with the day it becomes final."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from skyddsnat.followup import equality, selectors
from skyddsnat.followup.equality import ALL, CITY
from skyddsnat.followup.tests.conftest import Flow, at, due, is_investigation_over

JANUARY = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 1, 31)}


def _flows() -> list[Flow]:
    """Six children in Järva in January 2025, pre-assessed after 5 days, investigated for a
    known number of days; the intervention starts 5 days after the investigation closes."""
    flows = []
    for i, investigation in enumerate([20, 40, 60, 100, 200, 390]):
        flows.append(
            Flow(
                "jarva",
                at(dt.date(2025, 1, 8 + i)),
                safety_hours=2,
                pre_days=5,
                opens=True,
                investigation_days=investigation,
                intervention_days=5 + investigation + 5,
            )
        )
    return flows


@pytest.mark.parametrize("use_sql", [True, False])
def test_a_step_after_its_window_is_not_counted(flows, use_sql):
    made = flows(_flows())
    cell = equality.compute(**JANUARY, on=dt.date(2026, 12, 1), use_sql=use_sql)[(CITY, ALL)]
    values = cell.values
    # First interventions after 30, 50, 70, 110, 210 and 400 days: 400 is outside the
    # 365-day window, so the median is that of the first five.
    assert values["intervention_median"] == 70
    # Investigations of 20 … 200 days; the one of 390 days is still open at the end of its
    # 365-day window: no length, but over its limit (the investigation's deadline rule).
    assert values["investigation_median"] == 60
    on, window = dt.date(2026, 12, 1), equality.WINDOW_DAYS["investigation"]
    over = [is_investigation_over(f, on, window) for f in made]
    assert values["investigation_over_share"] == pytest.approx(sum(over) / len(over))
    assert 0 < sum(over) < len(over)


def test_a_recent_period_is_marked_incomplete_until_every_window_has_passed(flows, politician):
    flows(_flows())
    on = dt.date(2025, 2, 20)
    overview = selectors.equality_overview(user=politician, on=on, **JANUARY)
    city = dict(overview.comparison)["city"]
    incomplete = city["incomplete"]
    # Safety assessment within 30 days: final on 31 January + 31 days.
    assert incomplete["safety_median"] == dt.date(2025, 3, 3)
    # First intervention within 365 days: final on 1 February 2026.
    assert incomplete["intervention_median"] == dt.date(2026, 2, 1)
    # Lateness of the pre-assessment is known the day after its limit: final already.
    assert "pre_late_share" not in incomplete and "reports" not in incomplete
    final = selectors.equality_overview(user=politician, on=dt.date(2026, 12, 1), **JANUARY)
    assert dict(final.comparison)["city"]["incomplete"] == {}


def test_each_month_of_a_series_becomes_final_on_its_own_day(db):
    on = dt.date(2025, 6, 10)
    figures = equality.incomplete_figures("2025-05", dt.date(2025, 12, 31), on)
    assert figures["safety_median"] == dt.date(2025, 7, 1)  # 31 May + 31 days
    # Known the day after the pre-assessment limit (its deadline rule) from the last report.
    final = due("pre_assessment", dt.date(2025, 5, 31)) + dt.timedelta(days=1)
    assert figures["pre_late_share"] == final
    # A month cut by the end of the period is final from its own last day.
    cut = equality.incomplete_figures("2025-05", dt.date(2025, 5, 20), dt.date(2025, 6, 1))
    final = due("pre_assessment", dt.date(2025, 5, 20)) + dt.timedelta(days=1)
    assert cut["pre_late_share"] == final
    assert "pre_late_share" not in equality.incomplete_figures(
        "2025-05", dt.date(2025, 5, 20), final
    )
    assert equality.incomplete_figures("2024-01", dt.date(2025, 12, 31), on) == {}


def test_the_api_says_which_figures_are_not_final_and_from_when(flows, client, politician):
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=40), today - dt.timedelta(days=20)
    flows([Flow("jarva", at(start + dt.timedelta(days=i)), 3, 5) for i in range(6)])
    client.login(username="politiker", password=PASSWORD)
    url = reverse("api-followup-reaction-times")
    rows = client.get(f"{url}?from={start}&to={end}&by=area").json()["rows"]
    city = next(row for row in rows if row["group"] == "city")
    assert city["complete"] is False
    assert city["final_on"] == (end + dt.timedelta(days=366)).isoformat()
    assert city["incomplete_figures"]["median_days_to_first_intervention"] == city["final_on"]
    assert "share_pre_assessment_late" not in city["incomplete_figures"]
    old = client.get(f"{url}?from=2020-01-01&to=2020-12-31&by=area").json()["rows"]
    assert all(row["complete"] and row["final_on"] is None for row in old)


def test_the_page_marks_preliminary_figures_and_explains_the_method(flows, client, politician):
    today = timezone.localdate()
    start = today - dt.timedelta(days=30)
    flows([Flow("jarva", at(start + dt.timedelta(days=i)), 3, 5) for i in range(6)])
    client.login(username="politiker", password=PASSWORD)
    page = client.get(f"{reverse('followup-equality')}?from={start}&to={today}").content.decode()
    assert 'class="preliminary"' in page
    assert "uppföljningsfönster" in page  # the method, in Swedish, on the page
    assert "Preliminär" in page
