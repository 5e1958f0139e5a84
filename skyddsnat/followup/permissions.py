"""Follow-up's own helper; who may see and change the follow-up is answered by
`skyddsnat.cases.policy` (politicians and analysts see aggregates only, a unit manager sees their
own district next to the city, the "budget" group enters budgets). The re-exported names are kept
only while callers move there (issue 8). A refused area answers 404, like every other area."""

from skyddsnat.cases import policy
from skyddsnat.cases.policy import (  # noqa: F401  (the questions live in the policy module)
    is_budget_staff,
    may_export_microdata,
    may_follow_up,
    may_see_budget,
    require,
)
from skyddsnat.organisation.models import User


def manager_district_slug(user: User) -> str | None:
    """The current district of a manager's unit (follows mergers); None for everyone else."""
    if not policy.is_manager(user) or user.unit is None or user.unit.district is None:
        return None
    return user.unit.district.current().slug
