"""Swedish presentation of follow-up figures, the same in pages and downloads: a decimal comma,
thousands grouped by a no-break space (from five digits, as Swedish typography does), per cent as
"4,4 %", dates as ISO 8601 (the Swedish standard form), and names in Swedish alphabetical order
(… x, y, z, å, ä, ö: Skarpnäck before Skärholmen)."""

import datetime as dt
import unicodedata
from decimal import Decimal

NBSP = "\u00a0"
# After z in the Swedish alphabet; æ and ø sort as ä and ö, ü as y (SAOL).
_AFTER_Z = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}
_AS = {"ü": "y"}


def swedish_sort_key(name: str) -> tuple[str, str]:
    """A sort key for names in Swedish order. Accents other than å, ä, ö are ignored (é as e)
    and case is ignored; ties are broken by the name itself so the order is total."""
    letters = []
    for char in name.casefold():
        if char in _AFTER_Z:
            letters.append(_AFTER_Z[char])
        elif char in _AS:
            letters.append(_AS[char])
        else:
            base = unicodedata.normalize("NFD", char)[0]
            letters.append(base)
    return "".join(letters), name


def _group(digits: str) -> str:
    if len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NBSP.join(parts)


def number(value: int | float | Decimal, *, grouping: bool = True) -> str:
    """A number in Swedish form: 4 022 727 273, 12,5, 4,4 (not 4,400: trailing zeros of a
    decimal are dropped; a float keeps the one decimal it was rounded to)."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    elif isinstance(value, float):
        text = repr(round(value, 6))
        if "e" in text:
            text = format(value, "f")
    else:
        text = str(int(value))
    sign = "−" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if fraction and set(fraction) == {"0"} and isinstance(value, Decimal):
        fraction = ""
    whole = _group(whole) if grouping else whole
    # A minus sign in the page, a hyphen-minus in files (spreadsheets read it as a number).
    if sign and not grouping:
        sign = "-"
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def percent(value: int | float | Decimal) -> str:
    return f"{number(value)}{NBSP}%"


def is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def for_file(value: object) -> object:
    """A cell of a CSV file: numbers with a decimal comma and no grouping (Swedish Excel reads
    them as numbers), dates as ISO 8601, nothing else changed."""
    if is_number(value) and not isinstance(value, int):
        return number(value, grouping=False)  # type: ignore[arg-type]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
