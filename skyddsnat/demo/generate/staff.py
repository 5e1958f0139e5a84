"""Staff figures of the welfare-crime officers in 2021, the year of the seed's budget: one officer
in every district's children and youth unit (where the demo's `kontrollant.<district>` works), as
the +8.5 MSEK meant ("anställa en handläggare" per district), with a median monthly salary around
what a Stockholm case officer earned then. The budget page compares the welfare-crime line with
their estimated staff cost (followup/selectors/staff_cost.py).

Figures already there (entered by a manager or imported) are left as they are."""

from decimal import Decimal

from skyddsnat.demo.generate.context import DemoContext
from skyddsnat.demo.generate.organisation import current_districts
from skyddsnat.followup.models import StaffFigure
from skyddsnat.organisation.models import Role

YEAR = 2021
OFFICERS_PER_DISTRICT = Decimal(1)
# Median monthly salary (SEK), drawn per district in steps of 100.
SALARY_RANGE = (39_000, 44_000)


def generate(ctx: DemoContext) -> None:
    made = 0
    for district in sorted(current_districts(), key=lambda d: d.slug):
        officer = ctx.users.get(f"kontrollant.{district.slug}")
        if officer is None or officer.unit_id is None:
            continue
        rng = ctx.rng("staff", district.slug)
        low, high = SALARY_RANGE
        _figure, created = StaffFigure.objects.get_or_create(
            unit_id=officer.unit_id,
            year=YEAR,
            role=Role.WELFARE_CRIME,
            defaults={
                "employees": OFFICERS_PER_DISTRICT,
                "median_monthly_salary": rng.randrange(low, high + 1, 100),
            },
        )
        made += created
    ctx.counts["staff_figures"] += made
