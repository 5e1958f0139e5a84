"""Who may see and change the follow-up. Politicians and analysts see aggregates only; a unit
manager sees their own district next to the city; the "budget" group enters budgets."""

from django.core.exceptions import PermissionDenied

from skyddsnat.followup.models import BUDGET_GROUP
from skyddsnat.organisation.models import Role, User

FOLLOW_UP_ROLES = frozenset({Role.POLITICIAN, Role.ANALYST, Role.MANAGER})


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_follow_up(user: User) -> bool:
    return _active(user) and user.role in FOLLOW_UP_ROLES


def is_budget_staff(user: User) -> bool:
    return _active(user) and user.groups.filter(name=BUDGET_GROUP).exists()


def may_see_budget(user: User) -> bool:
    return may_follow_up(user) or is_budget_staff(user)


def may_export_microdata(user: User) -> bool:
    """The national statistics files are individual rows (pseudonymised): analysts only."""
    return _active(user) and user.role == Role.ANALYST


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def manager_district_slug(user: User) -> str | None:
    """The current district of a manager's unit (follows mergers); None for everyone else."""
    if user.role != Role.MANAGER or user.unit is None or user.unit.district is None:
        return None
    return user.unit.district.current().slug
