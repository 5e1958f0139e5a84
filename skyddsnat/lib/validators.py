"""Checks of names, free text and dates, shared by forms, serializers and services.

Each check raises Django's ValidationError without a field name, so it can be a form field's or a
serializer field's validator (DRF turns it into a field error) as well as be called by a service
that names the field itself (`cases.services.require_text`). One place, so the page, the API and
the service refuse the same input with the same words.

Why these rules: a record about a child is read for decades, printed in letters and sent to courts.
A name of only spaces or digits identifies no one; control characters (NUL cannot even be stored
in PostgreSQL) and bidirectional overrides or isolates (U+202A–202E, U+2066–2069) make text read
differently from what is stored (a name reversed on screen, a hidden clause in a decision); a date
in year 1 or 9999 is a typing slip that would skew every deadline and statistic.
"""

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The oldest date any record of ours can be about: no one alive was born earlier, and no report,
# decision or application predates it.
EARLIEST_DATE = dt.date(1900, 1, 1)
# Planned dates (an intervention's start, an extended due date) lie at most this far ahead.
PLANNING_HORIZON_YEARS = 10
# A few seconds of clock difference between a client and the server is not "the future".
CLOCK_SKEW = dt.timedelta(minutes=5)

NAME_MAX_LENGTH = 100
LINE_MAX_LENGTH = 200
# A concern report or a decision's reasons: pages of text, not megabytes.
TEXT_MAX_LENGTH = 20_000

# Bidirectional embeddings, overrides and isolates: they reorder what is shown, so text can be
# displayed differently from what is stored ("Trojan Source").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Direction marks: harmless in running text that mixes scripts, but never part of a name.
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
# Allowed in free text (multi-line), never in a name or a one-line field.
TEXT_WHITESPACE = frozenset("\t\n\r")
# Invisible characters that have no place in a name (zero-width space, word joiner, BOM, …);
# ZWNJ/ZWJ (U+200C/D) stay allowed: Persian and Indic names are written with them.
_INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad\u180e")


def _forbidden_in(value: str, *, multiline: bool, name: bool) -> bool:
    for char in value:
        if char in BIDI_CONTROLS:
            return True
        if char in TEXT_WHITESPACE:
            if multiline:
                continue
            return True
        if name and (char in BIDI_MARKS or char in _INVISIBLE):
            return True
        # Cc: control characters (NUL, ESC, …); Cs: lone surrogates; Co: private use;
        # Cn: unassigned; Zl/Zp: line and paragraph separators.
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):
            return True
    return False


TEXT_TOO_LONG = _("The text can be at most %(limit)d characters.")


def _check_text(
    value: str | None,
    *,
    limit: int,
    forbidden: "StrOrPromise",
    too_long: "StrOrPromise" = TEXT_TOO_LONG,
    multiline: bool = False,
    name: bool = False,
) -> None:
    """The checks every text shares (none for None): at most `limit` characters (`too_long` names
    the limit as `%(limit)d`), none of the characters `_forbidden_in` refuses (else `forbidden`)."""
    if value is None:
        return
    if len(value) > limit:
        raise ValidationError(too_long, code="max_length", params={"limit": limit})
    if _forbidden_in(value, multiline=multiline, name=name):
        raise ValidationError(forbidden, code="forbidden_characters")


def validate_name(value: str) -> None:
    """A person's first or last name: a letter at least, no control or direction characters."""
    _check_text(
        value,
        limit=NAME_MAX_LENGTH,
        too_long=_("A name can be at most %(limit)d characters."),
        forbidden=_("The name contains control or text-direction characters; type it again."),
        name=True,
    )
    if value and not any(unicodedata.category(char).startswith("L") for char in value):
        raise ValidationError(_("A name must contain at least one letter."), code="no_letter")


def validate_line(value: str) -> None:
    """One line of text (a reporter's name, a provider): no line breaks or control characters."""
    _check_text(
        value,
        limit=LINE_MAX_LENGTH,
        forbidden=_("The text contains line breaks, control or text-direction characters."),
    )


def validate_text(value: str) -> None:
    """Free text (a report's description, reasons, notes, the journal)."""
    _check_text(
        value,
        limit=TEXT_MAX_LENGTH,
        forbidden=_("The text contains control or text-direction characters; type it again."),
        multiline=True,
    )


def _too_early() -> ValidationError:
    return ValidationError(
        _("The date cannot be before %(date)s."),
        code="too_early",
        params={"date": EARLIEST_DATE.isoformat()},
    )


def _as_local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def validate_past(value: dt.date | dt.datetime) -> None:
    """Something that has happened (a report received, a decision taken): not before 1900, not
    in the future. A time must carry its time zone."""
    if value is None:
        return
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise ValidationError(_("Give the time with its time zone."), code="naive")
        if value > timezone.now() + CLOCK_SKEW:
            raise ValidationError(_("The time cannot be in the future."), code="future")
    elif value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    if _as_local_date(value) < EARLIEST_DATE:
        raise _too_early()


def latest_planned_date() -> dt.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + PLANNING_HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + PLANNING_HORIZON_YEARS, day=28)


def validate_planned(value: dt.date | dt.datetime) -> None:
    """A date that may lie ahead (an intervention's start, a due date): within the planning
    horizon, and not before 1900."""
    if value is None:
        return
    day = _as_local_date(value)
    if day < EARLIEST_DATE:
        raise _too_early()
    latest = latest_planned_date()
    if day > latest:
        raise ValidationError(
            _("The date cannot be after %(date)s."),
            code="too_late",
            params={"date": latest.isoformat()},
        )


def validate_born_before(
    *, born: dt.date | None, event: dt.date | dt.datetime, field: str | None = None
) -> None:
    """A report, application or decision about a person cannot be dated before the person was
    born. An unknown birth date (a child without a number) passes. With `field`, the error is
    that field's."""
    if born is None or born <= _as_local_date(event):
        return
    error = ValidationError(
        _("The person was born after this date: check the date and the identity number."),
        code="before_birth",
    )
    raise ValidationError({field: error}) if field else error
