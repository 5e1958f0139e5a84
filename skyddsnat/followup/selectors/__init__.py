"""Reads for the follow-up, scoped to the user. Everything leaving here is an aggregate with the
privacy rules applied (suppression.py), except the national statistics files, which are
pseudonymised individual rows for analysts and audited per person.

The reads come in four modules by subject; this package offers them under one name.
"""

from skyddsnat.followup.selectors.budget import (
    BudgetRow,
    Compared,
    actual_costs,
    budget_outcome,
    recorded_costs,
)
from skyddsnat.followup.selectors.reaction_times import (
    API_FIELDS,
    EqualityOverview,
    Figure,
    equality_overview,
    reaction_times,
)
from skyddsnat.followup.selectors.register import (
    child_youth_register,
    ongoing_interventions,
    pseudonym,
)
from skyddsnat.followup.selectors.staff import CaseloadRow, StaffRow, caseload, staff_figures

__all__ = [
    "API_FIELDS",
    "BudgetRow",
    "CaseloadRow",
    "Compared",
    "EqualityOverview",
    "Figure",
    "StaffRow",
    "actual_costs",
    "budget_outcome",
    "caseload",
    "child_youth_register",
    "equality_overview",
    "ongoing_interventions",
    "pseudonym",
    "reaction_times",
    "recorded_costs",
    "staff_figures",
]
