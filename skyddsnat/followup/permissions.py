"""Who may see and change the follow-up. Politicians and analysts see aggregates only; a unit
manager sees their own district next to the city; the "budget" group enters budgets."""

from django.core.exceptions import PermissionDenied

from skyddsnat.cases.policy import (  # noqa: F401  (the questions live in the policy module)
    is_budget_staff,
    may_export_microdata,
    may_follow_up,
    may_see_budget,
)
from skyddsnat.organisation.models import Role, User


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def manager_district_slug(user: User) -> str | None:
    """The current district of a manager's unit (follows mergers); None for everyone else."""
    if user.role != Role.MANAGER or user.unit is None or user.unit.district is None:
        return None
    return user.unit.district.current().slug
