"""The shared checks of names, text and dates (lib.validators)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from skyddsnat.lib import validators


@pytest.mark.parametrize(
    "name",
    ["Alva", "Åsa-Britt", "O'Brien", "Nguyễn", "محمد", "Zoë Marie", "李", "فرزانه\u200cای"],
)
def test_it_accepts_names_in_any_script(name):
    validators.validate_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "   ",
        "123",
        "---",
        "Alva\x00",
        "Alva\x1b[31m",
        "Alva\nTestsson",
        "\u202eavlA",  # right-to-left override
        "Alva\u2066x\u2069",  # isolate
        "Alva\u200f",  # right-to-left mark
        "Al\u200bva",  # zero-width space
        "A" * 101,
    ],
)
def test_it_refuses_names_without_a_letter_or_with_control_or_direction_characters(name):
    with pytest.raises(ValidationError):
        validators.validate_name(name)


def test_free_text_keeps_line_breaks_and_tabs_but_not_nul_or_overrides():
    validators.validate_text("Rad ett.\r\nRad två.\tIndrag. مرحبا \u200f")
    for bad in ("Rad\x00", "Beslut \u202etsuga\u202c", "x" * (validators.TEXT_MAX_LENGTH + 1)):
        with pytest.raises(ValidationError):
            validators.validate_text(bad)


def test_a_line_refuses_line_breaks():
    validators.validate_line("Skolan i Rinkeby")
    with pytest.raises(ValidationError):
        validators.validate_line("Skolan\ni Rinkeby")


@pytest.mark.parametrize(
    "day", [dt.date(1, 1, 1), dt.date(1899, 12, 31), timezone.localdate() + dt.timedelta(days=1)]
)
def test_a_past_date_lies_between_1900_and_today(day):
    with pytest.raises(ValidationError):
        validators.validate_past(day)


def test_a_past_date_of_today_and_of_1900_is_accepted():
    validators.validate_past(timezone.localdate())
    validators.validate_past(dt.date(1900, 1, 1))
    validators.validate_past(timezone.now())


def test_a_time_in_the_future_or_without_zone_is_refused():
    with pytest.raises(ValidationError):
        validators.validate_past(timezone.now() + dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        validators.validate_past(dt.datetime(2024, 1, 1, 12, 0))  # noqa: DTZ001


def test_a_planned_date_may_lie_ahead_but_not_in_9999():
    validators.validate_planned(timezone.localdate() + dt.timedelta(days=400))
    for day in (dt.date(9999, 12, 31), dt.date(1, 1, 1), validators.latest_planned_date()):
        if day == validators.latest_planned_date():
            validators.validate_planned(day)
            continue
        with pytest.raises(ValidationError):
            validators.validate_planned(day)


def test_a_person_cannot_be_born_after_the_event():
    validators.validate_born_before(born=dt.date(2014, 1, 1), event=dt.date(2014, 1, 1))
    with pytest.raises(ValidationError):
        validators.validate_born_before(born=dt.date(2014, 1, 2), event=dt.date(2014, 1, 1))
