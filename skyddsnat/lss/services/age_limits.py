"""Where an LSS right ends with age (`InterventionRule.ends_at_age`, rule data with its citation):
daily activity (9 § 10) is for persons of working age, so the right ends on the 67th birthday
(HFD 2014:41). No grant from that birthday on, and a grant is valid until the day before it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skyddsnat.lib import identity
from skyddsnat.lib.dates import add_months
from skyddsnat.lss.models import InterventionRule
from skyddsnat.people.models import Person


def right_ends_on(rule: InterventionRule, person: Person) -> dt.date | None:
    """The birthday on which the right ends, or None when the intervention has no such limit. The
    birth date the number gives, as for every age rule of LSS (`applications._check_age`)."""
    if rule.ends_at_age is None:
        return None
    born = identity.birth_date(person.number)
    return add_months(born, 12 * rule.ends_at_age)


def _ended(rule: InterventionRule, ends_on: dt.date) -> ValidationError:
    itype = rule.intervention_type
    return ValidationError(
        {
            "interventions": _(
                "%(name)s (%(citation)s) ends at the age of %(age)s (%(basis)s): the person "
                "turned %(age)s on %(day)s."
            )
            % {
                "name": itype.name,
                "citation": itype.citation,
                "age": rule.ends_at_age,
                "basis": rule.age_citation or itype.citation,
                "day": ends_on.isoformat(),
            }
        }
    )


def require_right_not_ended(rule: InterventionRule, person: Person, day: dt.date) -> None:
    """Refuse an application (or a grant) on or after the birthday the right ends."""
    ends_on = right_ends_on(rule, person)
    if ends_on is not None and day >= ends_on:
        raise _ended(rule, ends_on)


def grant_valid_to(
    rule: InterventionRule, person: Person, *, decided_on: dt.date, valid_to: dt.date | None
) -> dt.date | None:
    """The last day a grant decided on `decided_on` may be valid: the day before the birthday the
    right ends (also when the officer left it open); a later end the officer gave is refused."""
    ends_on = right_ends_on(rule, person)
    if ends_on is None:
        return valid_to
    if decided_on >= ends_on:
        error = _ended(rule, ends_on)
        raise ValidationError({"outcome": error.message_dict["interventions"]})
    last_day = ends_on - dt.timedelta(days=1)
    if valid_to is None:
        return last_day
    if valid_to > last_day:
        raise ValidationError(
            {
                "valid_to": _(
                    "The right ends at the age of %(age)s (%(basis)s): the grant can be valid "
                    "until %(day)s at the latest."
                )
                % {
                    "age": rule.ends_at_age,
                    "basis": rule.age_citation or rule.intervention_type.citation,
                    "day": last_day.isoformat(),
                }
            }
        )
    return valid_to
