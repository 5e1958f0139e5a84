"""The figures the pages show (reaction months merged as histograms) are, cell by cell, those of
the bench's bare SQL straight from the records (bench/followup.py, BARE_EQUALITY), on generated
flows with merged districts, second reports, steps outside their windows and early help."""

import datetime as dt

import pytest
from django.db import connection

from bench.followup import BARE_EQUALITY
from skyddsnat.followup import equality
from skyddsnat.followup.equality import ALL, _bounds
from skyddsnat.followup.tests.conftest import Flow, at

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
