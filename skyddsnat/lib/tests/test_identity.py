"""Personal identity numbers: accepted forms, refusals, synthetic numbers (domain.md §8)."""

import datetime as dt
import random

import pytest

from skyddsnat.lib import identity

# Skatteverket's well-known test number 19121212-1212 is checksum-valid.
VALID_LONG = "191212121212"


def _with_check_digit(ten_minus_one: str) -> str:
    """YYMMDDNNN → YYMMDDNNNC, computed here with the textbook Luhn rule."""
    total = 0
    for index, char in enumerate(ten_minus_one):
        product = int(char) * (2 - index % 2)
        total += product - 9 if product > 9 else product
    return ten_minus_one + str(-total % 10)


@pytest.mark.parametrize(
    "given",
    [
        "191212121212",
        "19121212-1212",
        "19121212+1212",
        "  19121212-1212 ",
        "121212+1212",  # ten digits, '+': a hundred years or older
    ],
)
def test_it_normalises_accepted_forms_to_twelve_digits(given):
    assert identity.normalise(given) == VALID_LONG


def test_ten_digits_with_a_dash_mean_the_latest_century_that_fits():
    child = "140517" + _with_check_digit("140517123")[-4:]
    assert identity.normalise(child) == "20" + child
    assert identity.normalise(child[:6] + "-" + child[6:]) == "20" + child


@pytest.mark.parametrize(
    "given",
    [
        "191212121213",  # wrong check digit
        "19121212-1211",
        "19121312" + _with_check_digit("121312121")[-4:],  # month 13
        "19120230" + _with_check_digit("120230121")[-4:],  # 30 February
        "19121212" + _with_check_digit("121212000")[-4:],  # serial 000 is never issued
        "1912121212",  # 10 digits but no valid meaning with a wrong check digit
        "19121212-121",  # too short
        "1912121212123",  # too long
        "19121212-12A2",
        "ABCDEFGH-1234",
        "",
        "   ",
        "19121212 1212",
    ],
)
def test_it_refuses_invalid_numbers(given):
    with pytest.raises(identity.InvalidIdentityNumber):
        identity.normalise(given)


def test_it_refuses_none():
    with pytest.raises(identity.InvalidIdentityNumber):
        identity.normalise(None)  # type: ignore[arg-type]


def test_synthetic_numbers_are_valid_and_carry_the_birth_date_for_many_seeds_and_dates():
    first = dt.date(1920, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - first
    picker = random.Random(8)
    for seed in range(2_000):
        born = dt.date.fromordinal(first + picker.randrange(span))
        number = identity.synthetic(random.Random(seed), born)
        assert len(number) == 12 and number.isdigit()
        assert identity.normalise(number) == number
        assert identity.birth_date(number) == born
        assert number[8:11] != "000"
        assert _with_check_digit(number[2:11]) == number[2:]


def test_synthetic_numbers_are_deterministic_per_seed():
    born = dt.date(2014, 5, 17)
    assert identity.synthetic(random.Random(1), born) == identity.synthetic(random.Random(1), born)


def test_birth_date_of_a_coordination_number_subtracts_sixty_from_the_day():
    # Samordningsnummer: the day of birth plus 60.
    number = "20" + _with_check_digit("140577123")
    assert identity.normalise(number) == number
    assert identity.birth_date(number) == dt.date(2014, 5, 17)


def test_birth_date_of_an_ordinary_number():
    assert identity.birth_date(VALID_LONG) == dt.date(1912, 12, 12)


def test_luhn_check_digit_matches_the_textbook_rule():
    rng = random.Random(3)
    for _ in range(1_000):
        nine = f"{rng.randrange(10**9):09d}"
        assert identity.luhn_check_digit(nine) == _with_check_digit(nine)[-1]


def test_display_puts_the_dash_before_the_last_four_digits():
    assert identity.display(VALID_LONG) == "19121212-1212"


def _full_width(digits: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if char.isdigit() else char for char in digits)


def _arabic_indic(digits: str) -> str:
    return "".join(chr(0x660 + int(char)) if char.isdigit() else char for char in digits)


@pytest.mark.parametrize(
    "given",
    [
        _full_width("191212121212"),
        _full_width("19121212-1212"),
        "１９１２１２１２－１２１２",  # full-width dash too
        _arabic_indic("191212121212"),
        "\u06f1\u06f9\u06f1\u06f2\u06f1\u06f2\u06f1\u06f2\u06f1\u06f2\u06f1\u06f2",  # Persian
        "19121212\u20131212",  # en dash from a word processor
        "19121212\u22121212",  # minus sign
    ],
)
def test_it_normalises_other_digits_and_dashes_to_the_ascii_number(given):
    assert identity.normalise(given) == VALID_LONG


@pytest.mark.parametrize(
    "given",
    [
        "191212121212\x00",
        "\u202e191212121212",
        "19121212\u200b1212",
        "１９１２１２１２ａ１２１２",
        "1" * 41,
        "20" + _with_check_digit("991231123"),  # born 2099: in the future
        "18" + _with_check_digit("991231123"),  # born 1899
    ],
)
def test_it_refuses_other_characters_and_impossible_birth_dates(given):
    with pytest.raises(identity.InvalidIdentityNumber):
        identity.normalise(given)


def test_it_refuses_a_birth_date_after_today_as_given():
    number = "20" + _with_check_digit("250101123")
    assert identity.normalise(number, today=dt.date(2025, 1, 1)) == number
    with pytest.raises(identity.InvalidIdentityNumber):
        identity.normalise(number, today=dt.date(2024, 12, 31))
