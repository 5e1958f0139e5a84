"""Fields the API's input serializers share: dates and times that must be aware, past or
planned, names, lines and texts, the personal identity number."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from skyddsnat.lib import identity, validators

# Largest value a PositiveIntegerField holds on every database we run on.
MAX_INT = 2_147_483_647


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that must carry its offset: a naive time is ambiguous (DST)."""

    default_error_messages = {
        "invalid": _("Give an ISO 8601 date and time, e.g. 2025-03-01T09:30:00+01:00."),
        "naive": _("Give the time with its offset from UTC, e.g. 2025-03-01T09:30:00+01:00."),
    }

    def to_internal_value(self, value: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            parsed: dt.datetime | None = value
        elif isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
        else:
            parsed = None
        if parsed is None:
            self.fail("invalid")
        if timezone.is_naive(parsed):
            self.fail("naive")
        return super().to_internal_value(parsed)


class PastDateTimeField(AwareDateTimeField):
    """The time of something that has happened: from 1900 up to now (`lib.validators`)."""

    default_validators = [validators.validate_past]


class PastDateField(serializers.DateField):
    """The date of something that has happened: from 1900 up to today."""

    default_validators = [validators.validate_past]


class PlannedDateField(serializers.DateField):
    """A date that may lie ahead (a start, a due date): from 1900 to the planning horizon."""

    default_validators = [validators.validate_planned]


class NameField(serializers.CharField):
    """A first or last name: a letter at least, no control or text-direction characters."""

    default_validators = [validators.validate_name]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", validators.NAME_MAX_LENGTH)
        super().__init__(**kwargs)


class LineField(serializers.CharField):
    """One line of text (a reporter's name, a provider)."""

    default_validators = [validators.validate_line]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", validators.LINE_MAX_LENGTH)
        super().__init__(**kwargs)


class TextField(serializers.CharField):
    """Free text: descriptions, reasons, notes, the journal."""

    default_validators = [validators.validate_text]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", validators.TEXT_MAX_LENGTH)
        super().__init__(**kwargs)


class IdentityNumberField(serializers.CharField):
    """A Swedish personal identity number (10 or 12 digits), converted to the 12-digit form."""

    default_error_messages = {
        "identity": _(
            "Enter a valid personal identity number (YYYYMMDD-NNNN) with a correct check digit."
        )
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            return identity.normalise(value)
        except identity.InvalidIdentityNumber:
            self.fail("identity")
