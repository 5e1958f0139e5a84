"""The reaction months (facts summed up per district and month, merged in Python) give exactly the
figures that Python computes from the records: for whole months and for periods that cut months,
for groups below five children, before and after the records change."""

import datetime as dt

import pytest
from django.db import connection

from skyddsnat.children.models import Report
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.followup import equality, suppression
from skyddsnat.followup.tests.conftest import Flow, at
from skyddsnat.organisation.models import District, User
from skyddsnat.people.models import Person

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the reaction months are a PostgreSQL path"
)

PERIODS = [
    (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),  # whole months
    (dt.date(2025, 1, 10), dt.date(2025, 3, 15)),  # cuts both ends
    (dt.date(2025, 1, 15), dt.date(2025, 2, 28)),  # cuts the start only
    (dt.date(2025, 2, 1), dt.date(2025, 3, 12)),  # cuts the end only
    (dt.date(2025, 2, 5), dt.date(2025, 2, 20)),  # inside one month
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),  # no reports at all
]
# Days to judge undecided pre-assessments and ongoing investigations on: before and after the
# limits of some of them.
DAYS = [dt.date(2025, 2, 10), dt.date(2025, 4, 1), dt.date(2025, 7, 1)]


def generated() -> list[Flow]:
    flows = []
    for i in range(12):  # Järva: a dozen children over three months
        day = dt.date(2025, 1 + i % 3, 3 + 2 * i)
        flow = Flow("jarva", at(day, hour=8 + i % 9), 10 + 3 * i, [4, 9, 16, 21, None][i % 5])
        if i % 4 == 0 and flow.pre_days is not None:
            flow.opens = True
            flow.investigation_days = [100, None, 140][i % 3]  # None: still ongoing
            if flow.investigation_days:
                flow.intervention_days = flow.pre_days + flow.investigation_days + 3
        flows.append(flow)
    # Rinkeby-Kista before the merger (counts under Järva); Södermalm with fewer than five
    # children in each month.
    flows += [Flow("rinkeby-kista", at(dt.date(2025, 2, 14)), 40.5, 12)]
    flows += [Flow("sodermalm", at(dt.date(2025, 1, 9 + i)), 2 + i, 3 + i) for i in range(3)]
    flows += [Flow("sodermalm", at(dt.date(2025, 3, 2 + i)), 1.25 * i, None) for i in range(4)]
    flows += [Flow("sodermalm", at(dt.date(2025, 2, 27)), 5, 6, opens=True)]
    flows += [Flow("norrmalm", at(dt.date(2025, 2, 11)), 7.75, 8)]
    return flows


def assert_identical() -> None:
    for start, end in PERIODS:
        for on in DAYS:
            by_months = equality.compute(start=start, end=end, on=on, use_sql=True)
            by_records = equality.compute(start=start, end=end, on=on, use_sql=False)
            assert by_months.keys() == by_records.keys(), (start, end, on)
            for key, cell in by_records.items():
                assert by_months[key].values == cell.values, (start, end, on, key)
            # Counting children only when the suppression asks hides exactly the same cells.
            lazy = equality.compute(start=start, end=end, on=on, lazy_counts=True)
            grouping = equality.Grouping.load()
            assert suppression.apply(lazy, grouping) == suppression.apply(by_records, grouping)


def test_the_months_give_exactly_the_figures_of_the_records(flows, make_report):
    made = flows(generated())
    assert_identical()
    # Children with reports in several months and districts (listed by id, not only counted),
    # and a pre-assessment decided late: the months they touch are summed up again.
    for flow, day, district in [
        (made[0], dt.date(2025, 2, 20), "jarva"),
        (made[1], dt.date(2025, 2, 21), "sodermalm"),
        (made[13], dt.date(2025, 1, 25), "sodermalm"),
        (made[13], dt.date(2025, 3, 1), "jarva"),
    ]:
        make_report(
            User.objects.get(username=f"followup.{district}"),
            district=District.objects.get(slug=district),
            received_at=at(day),
            personal_identity_number=Person.objects.get(pk=flow.child_id).personal_identity_number,
        )
    waiting = next(f for f in made if f.pre_days is None and f.district == "jarva")
    pre_assessment_decide(
        user=Report.objects.get(case_id=waiting.case_id).registered_by,
        case=Report.objects.get(case_id=waiting.case_id).case,
        decided_on=dt.date(2025, 3, 30),
        decision="no_investigation",
        reason="Bedömning.",
        exceptional_reasons="Synnerliga skäl: familjen kunde inte nås.",
    )
    assert_identical()
