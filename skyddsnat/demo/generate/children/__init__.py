"""Children and youth: synthetic children with guardians, and their concern reports through safety
assessment, pre-assessment, investigation, decision and intervention, for every district.

The rows are exactly those the services in `children.services` and `cases.services` write (cases,
deadlines computed by `DeadlineRule.due_from`, reports with their safety deadline, decisions under
the delegation `delegation_for` picks, investigations, extensions, interventions, journal entries),
but built in memory and bulk-inserted: 400,000 reports through the services would take hours.

Each district is simulated day by day: a report on a child whose investigation is open joins it,
as `report_register` does; otherwise it opens a new case. Events that would fall on or after the
end date have not happened yet, so the newest cases are still open, some past their deadline.
"""

from skyddsnat.demo.generate.children.districts import ChildrenGenerator
from skyddsnat.demo.generate.context import DemoContext

__all__ = ["ChildrenGenerator", "generate"]


def generate(ctx: DemoContext) -> None:
    ChildrenGenerator(ctx).run()
