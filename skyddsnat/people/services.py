"""Writes of persons that every flow shares: the child of a report and the applicant of an LSS
application are found or created by their identity number in one way."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from skyddsnat.lib import identity, validators
from skyddsnat.people.models import IdentityKind, Person


def require_name(field: str, value: str) -> str:
    """A required first or last name with a letter in it (`lib.validators.validate_name`)."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")})
    try:
        validators.validate_name(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return value


def person_get_or_create(
    *, personal_identity_number: str, first_name: str, last_name: str, is_synthetic: bool = False
) -> tuple[Person, bool]:
    try:
        number = identity.normalise(personal_identity_number)
    except identity.InvalidIdentityNumber:
        raise ValidationError(
            {
                "personal_identity_number": _(
                    "Enter a valid personal identity number (YYYYMMDD-NNNN)."
                )
            }
        ) from None
    # The names are required whether or not the number is known: refusing them only for a new
    # person would tell the caller which numbers are stored.
    first_name = require_name("first_name", first_name)
    last_name = require_name("last_name", last_name)
    person = Person.objects.filter(personal_identity_number=number).first()
    if person is not None:
        return person, False
    # get_or_create, not create: two reports on the same new child may arrive at once, and the
    # loser of the race must find the winner's row instead of failing on the unique number.
    return Person.objects.get_or_create(
        personal_identity_number=number,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": identity.birth_date(number),
            "identity_kind": (
                IdentityKind.COORDINATION
                if identity.is_coordination_number(number)
                else IdentityKind.PERSONAL
            ),
            "is_synthetic": is_synthetic,
        },
    )


def person_provisional_create(
    *,
    identity_kind: str,
    first_name: str,
    last_name: str,
    reserve_number: str = "",
    expected_birth_date: dt.date | None = None,
    date_of_birth: dt.date | None = None,
    is_synthetic: bool = False,
) -> Person:
    """A person without a personal identity number (issue 9 point 3): a temporary reserve number,
    an identity not known, or a child not yet born (with the expected date). Always a new row:
    nothing identifies such a person, so nothing can be found; matching them to the right person
    later is `cases.matching.person_match`. A coordination number is a number
    (`person_get_or_create`)."""
    if identity_kind not in (IdentityKind.RESERVE, IdentityKind.UNKNOWN, IdentityKind.UNBORN):
        raise ValidationError({"identity_kind": _("Choose how the child is identified.")})
    first_name = require_name("first_name", first_name)
    last_name = require_name("last_name", last_name)
    today = timezone.localdate()
    if identity_kind == IdentityKind.RESERVE:
        reserve_number = (reserve_number or "").strip()
        if not reserve_number:
            raise ValidationError({"reserve_number": _("Give the reserve number.")})
        try:
            validators.validate_line(reserve_number)
        except ValidationError as exc:
            raise ValidationError({"reserve_number": exc.messages}) from None
        if len(reserve_number) > 40:
            raise ValidationError({"reserve_number": _("The reserve number is too long.")})
    else:
        reserve_number = ""
    if identity_kind == IdentityKind.UNBORN:
        if expected_birth_date is None:
            raise ValidationError({"expected_birth_date": _("Give the expected date of birth.")})
        # A pregnancy lasts about 40 weeks: a date past that, or long gone, is a typing error.
        if (
            not today - dt.timedelta(days=31)
            <= expected_birth_date
            <= today + dt.timedelta(days=300)
        ):
            raise ValidationError(
                {
                    "expected_birth_date": _(
                        "The expected date of birth must lie within the coming 300 days."
                    )
                }
            )
        date_of_birth = None
    else:
        expected_birth_date = None
    if date_of_birth is not None:
        try:
            validators.validate_past(date_of_birth)
        except ValidationError as exc:
            raise ValidationError({"date_of_birth": exc.messages}) from None
    return Person.objects.create(
        identity_kind=identity_kind,
        first_name=first_name,
        last_name=last_name,
        reserve_number=reserve_number,
        expected_birth_date=expected_birth_date,
        date_of_birth=date_of_birth,
        is_synthetic=is_synthetic,
    )
