"""The checks every write of the spine and the flows starts with: scope, delegation, and input
(free text, dates that have happened), each answering with the field it concerns."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from skyddsnat.cases import policy
from skyddsnat.cases.models import Case, InterventionType
from skyddsnat.cases.policy import visible_cases
from skyddsnat.lib import validators
from skyddsnat.organisation.models import DecisionType, Delegation, User


def delegation_for(
    *, user: User, decision_type: DecisionType, intervention_type: InterventionType | None = None
) -> Delegation:
    """The delegation line that lets this user take this decision (`policy.delegation_line`),
    or PermissionDenied."""
    line = policy.delegation_line(user, decision_type, intervention_type)
    if line is None:
        raise PermissionDenied(_("Your role has no delegation to take this decision."))
    return line


def validate_not_future(field: str, value: dt.date | dt.datetime) -> None:
    """Something that has happened: not in the future, not before 1900 (`lib.validators`)."""
    try:
        validators.validate_past(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def require_text(field: str, value: str, *, one_line: bool = False) -> str:
    """Required free text (or one line), stripped; control and text-direction characters and
    absurd lengths refused (`lib.validators`)."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")})
    try:
        (validators.validate_line if one_line else validators.validate_text)(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return value


def require_case_access(user: User, case: Case) -> None:
    """PermissionDenied unless the case is in the user's scope (unit, assignment)."""
    if not visible_cases(user).filter(pk=case.pk).exists():
        raise PermissionDenied
