"""Countries as ISO 3166-1 alpha-2 codes (a person's country of birth, the national register's
`*_country_of_birth`): the list and the Swedish names come from `pycountry`, which packages the
Debian iso-codes data (ISO's own list, with its translations), so a code is valid exactly when ISO
assigns it and the names follow the UI language without a list of our own to keep."""

import gettext
import unicodedata
from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)

# After z in the Swedish alphabet (the choice list is read in Swedish order: Ö after Z).
_AFTER_Z = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}


def normalise(value: str) -> str:
    """A code as typed (`se`, ` SE `) in its stored form; empty stays empty (not known)."""
    return (value or "").strip().upper()


def validate_country_code(value: str) -> None:
    """An assigned ISO 3166-1 alpha-2 code, or empty for a country not known."""
    if value and value not in CODES:
        raise ValidationError(
            _("Choose a country from the list (ISO 3166-1, two letters)."), code="country"
        )


@cache
def _translation(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def name(code: str) -> str:
    """The country's name in the active language ("Sverige"); empty for an empty code."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    return _translation(translation.get_language() or "sv").gettext(english)


def _sort_key(text: str) -> str:
    letters = []
    for char in text.casefold():
        letters.append(_AFTER_Z.get(char) or unicodedata.normalize("NFD", char)[0])
    return "".join(letters)


def choices() -> list[tuple[str, str]]:
    """(code, name) of every country in the active language, in alphabetical order."""
    return sorted(((code, name(code)) for code in CODES), key=lambda c: _sort_key(c[1]))
