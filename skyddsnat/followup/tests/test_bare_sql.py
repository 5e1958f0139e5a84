"""The figures the pages show (reaction months merged as histograms) are, cell by cell, those of
the bench's bare SQL straight from the records (bench/followup.py, BARE_EQUALITY), on generated
flows with merged districts, second reports, steps outside their windows and early help."""

import datetime as dt

import pytest
from django.db import connection

from bench.followup import BARE_EQUALITY
from skyddsnat.cases.models import Investigation
from skyddsnat.children.models import Report
from skyddsnat.followup import equality
from skyddsnat.followup.equality import ALL, _bounds
from skyddsnat.followup.models import StaleCase
from skyddsnat.followup.tests.conftest import Flow, at
from skyddsnat.organisation.models import District

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bare SQL is PostgreSQL"
)


def _generated() -> list[Flow]:
    flows = []
    for i in range(40):
        district = ["jarva", "rinkeby-kista", "sodermalm", "norrmalm", "farsta"][i % 5]
        flow = Flow(
            district,
            at(dt.date(2024, 1 + i % 12, 1 + i % 27), hour=7 + i % 10),
            safety_hours=[0.5, 3.25, 26, 71.9, 800][i % 5],  # 800 h: outside the 30 days
            pre_days=[2, 9, 15, 30, 120, None][i % 6],  # 120: outside the 90 days
        )
        if i % 3 == 0 and flow.pre_days is not None and flow.pre_days < 100:
            flow.opens = True
            flow.investigation_days = [30, 95, 130, 400][i % 4]
            flow.intervention_days = flow.pre_days + flow.investigation_days + [3, 40][i % 2]
        flows.append(flow)
    return flows


def test_every_cell_matches_the_bare_sql(flows):
    flows(_generated())
    _assert_cells_match_the_bare_sql()


def test_every_cell_matches_the_bare_sql_after_an_incremental_refresh(flows):
    """The months are computed once, then new reports arrive, a case moves its report to another
    district and an investigation closes later: the next computation refreshes only the touched
    months (stale cases), and every cell is still the bare SQL's."""
    generated = _generated()
    flows(generated[:25])
    equality.compute(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), on=dt.date(2026, 1, 1))
    assert not StaleCase.objects.exists()
    flows(generated[25:])
    moved = generated[1].case_id
    Report.objects.filter(case_id=moved).update(district=District.objects.get(slug="farsta"))
    opened = next(f for f in generated if f.opens)
    Investigation.objects.filter(case_id=opened.case_id).update(closed_on=dt.date(2024, 12, 20))
    assert StaleCase.objects.count() == 15 + 2
    _assert_cells_match_the_bare_sql()
    assert not StaleCase.objects.exists()


def _assert_cells_match_the_bare_sql() -> None:
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    lower, upper = _bounds(start, end)
    with connection.cursor() as cursor:
        cursor.execute(BARE_EQUALITY, {"lower": lower, "upper": upper})
        bare = {row[0]: row[1:] for row in cursor.fetchall()}
    cells = equality.compute(start=start, end=end, on=dt.date(2026, 1, 1))
    assert set(bare) >= {"jarva", "sodermalm", "inner", "outer", "city"}
    for group, row in bare.items():
        values = cells[(group, ALL)].values
        ours = (
            values["reports"],
            values["children"],
            values["safety_median"],
            values["pre_median"],
            values["pre_p90"],
            values["intervention_median"],
            values["investigation_median"],
        )
        assert ours == row, group
