"""Writes of persons that every flow shares: the child of a report and the applicant of an LSS
application are found or created by their identity number in one way."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skyddsnat.lib import identity, validators
from skyddsnat.people.models import Person


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
            "is_synthetic": is_synthetic,
        },
    )
