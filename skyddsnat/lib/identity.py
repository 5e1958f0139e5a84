"""Swedish personal identity numbers (personnummer), validated by the `personnummer` library.

We store the 12-digit form YYYYMMDDNNNC: unambiguous about the century, and what the national
registers use. Input may come as 10 or 12 digits, with or without '-' or '+'.
"""

import datetime as dt
import random

from personnummer import personnummer as _pnr


class InvalidIdentityNumber(ValueError):
    pass


def normalise(value: str) -> str:
    """Return the 12-digit form, or raise InvalidIdentityNumber."""
    value = (value or "").strip()
    try:
        parsed = _pnr.Personnummer(value)
    except _pnr.PersonnummerException as exc:
        raise InvalidIdentityNumber(value) from exc
    return parsed.format(long_format=True)


def birth_date(normalised: str) -> dt.date:
    day = int(normalised[6:8])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    return dt.date(int(normalised[0:4]), int(normalised[4:6]), day)


def display(normalised: str) -> str:
    """YYYYMMDD-NNNC, how staff read and write it."""
    return f"{normalised[:8]}-{normalised[8:]}"


def luhn_check_digit(nine_digits: str) -> str:
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def synthetic(rng: random.Random, born: dt.date) -> str:
    """A checksum-valid identity number for a synthetic person born on `born`.

    The person must also be flagged synthetic where it is stored (domain.md §8).
    """
    serial = f"{rng.randrange(1, 1000):03d}"  # 000 is never issued
    body = born.strftime("%y%m%d") + serial
    return born.strftime("%Y%m%d") + serial + luhn_check_digit(body)
