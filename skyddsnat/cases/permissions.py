"""Moved to `skyddsnat.cases.policy`, the one module that answers "may this user do this"; these
names are kept only while callers move there (issue 8)."""

from skyddsnat.cases.policy import (  # noqa: F401
    as_id as _as_id,
)
from skyddsnat.cases.policy import (  # noqa: F401
    get_case_for_user,
    get_person_for_user,
    is_auditor,
    is_manager,
    may_see_address,
    visible_cases,
    visible_persons,
    works_with_cases,
)
