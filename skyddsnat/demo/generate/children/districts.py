"""The children's generator over every district: the district plans, the report times, and the
run that writes them all, district by district, in one bulk writer."""

import datetime as dt
import random

from skyddsnat.care.models import (
    LvuReview,
    Placement,
    PlacementPlan,
    PlacementReview,
    PlacementVisit,
)
from skyddsnat.cases.models import (
    DeadlineExtension,
    Decision,
    JournalEntry,
)
from skyddsnat.children.models import EarlyHelp, Report
from skyddsnat.demo.generate.bulk import datetime_field, historical_timestamps
from skyddsnat.demo.generate.children.base import DistrictPlan
from skyddsnat.demo.generate.children.flow import FlowGenerator
from skyddsnat.demo.generate.context import STOCKHOLM
from skyddsnat.demo.generate.organisation import REPORTS_PER_YEAR_CITY, current_districts
from skyddsnat.organisation.models import (
    District,
    Role,
    Unit,
    UnitKind,
    User,
)
from skyddsnat.people.models import Person


class ChildrenGenerator(FlowGenerator):
    """Every district, report by report, over the years of the demo."""

    # -- districts -------------------------------------------------------------------------

    def plans(self) -> list[DistrictPlan]:
        plans = []
        for district in sorted(current_districts(), key=lambda d: d.slug):
            unit = Unit.objects.get(district=district, kind=UnitKind.CHILDREN)
            caseworkers = self.ctx.caseworkers_by_unit.get(unit.pk) or list(
                User.objects.filter(unit=unit, role=Role.CASEWORKER).order_by("username")
            )
            manager = self.ctx.manager_by_unit.get(unit.pk) or User.objects.get(
                unit=unit, role=Role.MANAGER, username=f"chef.{district.slug}"
            )
            plan = DistrictPlan(district, unit, caseworkers, manager)
            plan.recorded_on = [(p, p.population) for p in district.predecessors.order_by("slug")]
            plans.append(plan)
        return plans

    def recording_district(self, rng: random.Random, plan: DistrictPlan, day: dt.date) -> District:
        """Before a merger, reports were received by the district of the day (rinkeby-kista, …);
        the case still goes to the unit of the district that carries it today."""
        if plan.district.is_valid_on(day):
            return plan.district
        valid = [(d, w) for d, w in plan.recorded_on if d.is_valid_on(day)]
        if not valid:
            return plan.district
        districts, weights = zip(*valid, strict=True)
        return rng.choices(districts, weights)[0]

    def report_times(self, rng: random.Random, count: int) -> list[dt.datetime]:
        start = self.options.start_date
        span = (self.end - start).days
        days = []
        for _ in range(count):
            day = start + dt.timedelta(days=rng.randrange(span))
            if day.weekday() >= 5 and rng.random() < 0.5:  # fewer reports at weekends
                day = start + dt.timedelta(days=rng.randrange(span))
            days.append(day)
        days.sort()
        times = []
        for day in days:
            if rng.random() < 0.78:
                minute = rng.randrange(8 * 60, 17 * 60)
            else:  # police and emergency reports come at any hour
                minute = rng.choice([rng.randrange(17 * 60, 24 * 60), rng.randrange(0, 8 * 60)])
            times.append(
                dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=STOCKHOLM)
            )
        return times

    def run(self) -> None:
        plans = self.plans()
        city_population = sum(p.district.population for p in plans)
        years = (self.end - self.options.start_date).days / 365.25
        fields = [
            datetime_field(Person, "created_at"),
            datetime_field(Report, "registered_at"),
            datetime_field(Decision, "recorded_at"),
            datetime_field(DeadlineExtension, "decided_at"),
            datetime_field(JournalEntry, "written_at"),
            datetime_field(EarlyHelp, "registered_at"),
            # The care flow's records (demo/generate/children/care.py).
            datetime_field(LvuReview, "recorded_at"),
            datetime_field(Placement, "created_at"),
            datetime_field(PlacementPlan, "recorded_at"),
            datetime_field(PlacementVisit, "recorded_at"),
            datetime_field(PlacementReview, "recorded_at"),
        ]
        with historical_timestamps(*fields):
            for plan in plans:
                rng = self.ctx.rng("children", plan.district.slug)
                count = round(
                    REPORTS_PER_YEAR_CITY
                    * self.options.scale
                    * years
                    * plan.district.population
                    / city_population
                )
                for received_at in self.report_times(rng, count):
                    day = received_at.date()
                    self.report(
                        rng, plan, day, received_at, self.recording_district(rng, plan, day)
                    )
                    self.writer.flush_if_full()
            self.writer.close()
        for label, written in self.writer.written.items():
            self.ctx.counts[label] += written
