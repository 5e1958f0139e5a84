"""Calendar arithmetic for legal deadlines: month ends, leap years, year rollover (domain.md §3)."""

import datetime as dt
import random

import pytest

from skyddsnat.lib.dates import add_months, add_period, days_left

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 10, 31), 4, D(2026, 2, 28)),  # the example in domain.md
        (D(2027, 10, 31), 4, D(2028, 2, 29)),  # ... in a leap year
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2025, 11, 30), 4, D(2026, 3, 30)),
        (D(2025, 8, 31), 4, D(2025, 12, 31)),
        (D(2025, 9, 30), 4, D(2026, 1, 30)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2025, 12, 31), 12, D(2026, 12, 31)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
        (D(2028, 2, 29), 48, D(2032, 2, 29)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2026, 1, 31), -2, D(2025, 11, 30)),
        (D(2025, 5, 17), 0, D(2025, 5, 17)),
        (D(1999, 12, 31), 2, D(2000, 2, 29)),  # 2000 is a leap year (divisible by 400)
        (D(2099, 12, 31), 2, D(2100, 2, 28)),  # 2100 is not
    ],
)
def test_add_months_clamps_to_the_end_of_the_target_month(start, months, expected):
    assert add_months(start, months) == expected


def _add_months_by_counting(start: dt.date, months: int) -> dt.date:
    """An independent computation: walk month by month, then take the start's day or the last
    day of the month reached, whichever is earlier."""
    year, month = start.year, start.month
    step = 1 if months >= 0 else -1
    for _ in range(abs(months)):
        month += step
        if month == 13:
            year, month = year + 1, 1
        elif month == 0:
            year, month = year - 1, 12
    first_of_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (first_of_next - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last_day))


def test_add_months_agrees_with_counting_month_by_month_for_many_dates():
    rng = random.Random(20251031)
    first, span = dt.date(1900, 1, 1).toordinal(), 365 * 250
    for _ in range(20_000):
        start = dt.date.fromordinal(first + rng.randrange(span))
        months = rng.randrange(-60, 61)
        assert add_months(start, months) == _add_months_by_counting(start, months), (start, months)


def test_add_months_never_spills_into_the_following_month():
    for ordinal in range(dt.date(2024, 1, 1).toordinal(), dt.date(2029, 1, 1).toordinal()):
        start = dt.date.fromordinal(ordinal)
        for months in (1, 4, 6):
            due = add_months(start, months)
            assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == months
            assert due.day <= start.day


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        (D(2025, 5, 17), 14, D(2025, 5, 31)),
        (D(2025, 12, 25), 14, D(2026, 1, 8)),  # year rollover
        (D(2028, 2, 20), 14, D(2028, 3, 5)),  # through a leap day
        (D(2027, 2, 20), 14, D(2027, 3, 6)),
        (D(2025, 5, 17), 0, D(2025, 5, 17)),  # safety assessment: the same day
    ],
)
def test_add_period_counts_calendar_days(start, amount, expected):
    assert add_period(start, amount, "days") == expected


def test_add_period_counts_calendar_months_with_clamping():
    assert add_period(D(2025, 10, 31), 4, "months") == D(2026, 2, 28)


def test_add_period_refuses_an_unknown_unit():
    with pytest.raises(ValueError, match="weeks"):
        add_period(D(2025, 1, 1), 2, "weeks")  # type: ignore[arg-type]


def test_days_left_is_zero_on_the_day_positive_before_and_negative_after():
    due = D(2026, 2, 28)
    assert days_left(due, D(2026, 2, 28)) == 0
    assert days_left(due, D(2026, 2, 27)) == 1
    assert days_left(due, D(2026, 1, 29)) == 30
    assert days_left(due, D(2026, 3, 1)) == -1
    assert days_left(due, D(2027, 2, 28)) == -365
