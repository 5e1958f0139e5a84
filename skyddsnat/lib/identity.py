"""Swedish personal identity numbers (personnummer), validated by the `personnummer` library.

We store the 12-digit form YYYYMMDDNNNC: unambiguous about the century, and what the national
registers use. Input may come as 10 or 12 digits, with or without '-' or '+'.

Every form, serializer, search and service passes input through `normalise`, so one person has one
number however it was typed: Unicode NFKC first (full-width `２０１４…` becomes `2014…`), then every
other decimal digit (Arabic-Indic `٢٠١٤…`, Devanagari, …) as its ASCII digit and typographic dashes
as '-'. Anything else is refused, never stored as typed; the database holds only ASCII digits
(check constraint `person_identity_number_ascii_digits`).
"""

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from personnummer import personnummer as _pnr


class InvalidIdentityNumber(ValueError):
    pass


# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign: what word processors and
# phones put where staff typed '-'.
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2212")
# Longer input is no identity number, however it is spaced; refused before any parsing.
_MAX_INPUT_LENGTH = 40
_STORED_FORM = re.compile(r"[0-9]{12}")


def ascii_form(value: str) -> str:
    """The input with ASCII digits and separators only (see the module's text), or raise."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if len(value) > _MAX_INPUT_LENGTH:
        raise InvalidIdentityNumber(value[:_MAX_INPUT_LENGTH])
    chars = []
    for char in value:
        if char in "0123456789+-":
            chars.append(char)
        elif char in _DASHES:
            chars.append("-")
        elif unicodedata.category(char) == "Nd":
            chars.append(str(unicodedata.decimal(char)))
        else:
            raise InvalidIdentityNumber(value)
    return "".join(chars)


def normalise(value: str, *, today: dt.date | None = None) -> str:
    """Return the 12-digit form (ASCII digits), or raise InvalidIdentityNumber.

    A number whose birth date lies after `today` (default: today in Stockholm) or before 1900 is
    refused: no one we serve was born then.
    """
    if not isinstance(value, str):
        raise InvalidIdentityNumber(repr(value))
    ascii_value = ascii_form(value)
    try:
        parsed = _pnr.Personnummer(ascii_value)
    except _pnr.PersonnummerException as exc:
        raise InvalidIdentityNumber(ascii_value) from exc
    number = parsed.format(long_format=True)
    if not _STORED_FORM.fullmatch(number):
        raise InvalidIdentityNumber(ascii_value)
    try:
        born = birth_date(number)
    except ValueError as exc:
        raise InvalidIdentityNumber(ascii_value) from exc
    if today is None:
        today = timezone.localdate()
    if born > today or born.year < 1900:
        raise InvalidIdentityNumber(ascii_value)
    return number


def birth_date(normalised: str) -> dt.date:
    day = int(normalised[6:8])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    return dt.date(int(normalised[0:4]), int(normalised[4:6]), day)


def is_coordination_number(normalised: str) -> bool:
    """A samordningsnummer: the day of birth + 60 (checksum-valid like a personal number)."""
    return int(normalised[6:8]) > 60


def display(normalised: str) -> str:
    """YYYYMMDD-NNNC, how staff read and write it."""
    return f"{normalised[:8]}-{normalised[8:]}"


def sex(normalised: str) -> str:
    """ "K" or "M" as official statistics write it: the second-to-last digit of a personal or
    coordination number is odd for a man, even for a woman (Skatteverket, SKV 704). The number
    says the sex registered when it was given; a changed legal sex gives a new number."""
    return "M" if int(normalised[10]) % 2 else "K"


def as_typed(data: Mapping[str, Any]) -> dict[str, str]:
    """The person a form names, as typed (names trimmed, the number as staff read it), for a
    message about a record the user may not see: never what the register stores for the number,
    which may differ and may be protected. Keys: first_name, last_name, number."""
    return {
        "first_name": data["first_name"].strip(),
        "last_name": data["last_name"].strip(),
        "number": display(normalise(data["personal_identity_number"])),
    }


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
