"""Reaction times computed two ways on generated data with known parameters: the view (SQL on
PostgreSQL) against an independent in-test computation from the parameters themselves."""

import datetime as dt
import statistics

import pytest
from django.utils import timezone

from skyddsnat.followup import equality, selectors
from skyddsnat.followup.equality import ALL, CITY
from skyddsnat.followup.tests.conftest import (
    Flow,
    assert_same_cells,
    at,
    is_investigation_over,
    is_pre_late,
)

JAN = dt.date(2025, 1, 6)
FEB = dt.date(2025, 2, 3)

OUTER_SAFETY = [20, 26, 30, 40, 22, 48, 28, 36]
OUTER_PRE = [10, 12, 15, 20, 9, 18, 13, 16]
INNER_SAFETY = [2, 4, 3, 5, 1, 6, 3]
INNER_PRE = [3, 5, 4, 7, 2, 6, 5]


def known_flows() -> list[Flow]:
    flows = []
    for i, (hours, days) in enumerate(zip(OUTER_SAFETY, OUTER_PRE, strict=True)):
        received = at((JAN if i < 4 else FEB) + dt.timedelta(days=i))
        flow = Flow("jarva", received, hours, days)
        if i < 3:  # three investigations: 100, 130 and 140 days; interventions after them
            flow.opens = True
            flow.investigation_days = [100, 130, 140][i]
            flow.intervention_days = days + flow.investigation_days + 5
            flow.cost_sek = 10_000
        flows.append(flow)
    # Two reports on Rinkeby-Kista, from before the merger: they count under Järva.
    flows += [Flow("rinkeby-kista", at(JAN + dt.timedelta(days=10)), 44, 11)]
    flows += [Flow("rinkeby-kista", at(FEB + dt.timedelta(days=10)), 50, 30)]
    for i, (hours, days) in enumerate(zip(INNER_SAFETY, INNER_PRE, strict=True)):
        flow = Flow("sodermalm", at((JAN if i < 4 else FEB) + dt.timedelta(days=i)), hours, days)
        if i < 2:
            flow.opens, flow.investigation_days = True, [60, 80][i]
            flow.intervention_days = days + flow.investigation_days + 2
        flows.append(flow)
    # An investigation still open (opened 2025, so past its 4 months by now), and a report whose
    # pre-assessment was never decided (late by now).
    flows.append(Flow("sodermalm", at(FEB + dt.timedelta(days=12)), 3, 4, opens=True))
    flows.append(Flow("sodermalm", at(FEB + dt.timedelta(days=13)), 2, None))
    return flows


def expected(items: list[Flow], on: dt.date | None = None) -> dict[str, object]:
    """The figures straight from the generation parameters, with the statistics module; the
    limits from their deadline rules (conftest.due)."""
    on = on or timezone.localdate()

    def med(values):
        return statistics.median(values) if values else None

    def p90(values):
        if len(values) < 2:
            return values[0] if values else None
        return statistics.quantiles(values, n=10, method="inclusive")[8]

    safety = [f.safety_hours / 24 for f in items if f.safety_hours is not None]
    pre = [f.pre_days for f in items if f.pre_days is not None]
    late = [late for f in items if (late := is_pre_late(f, on)) is not None]
    interventions = [f.intervention_days for f in items if f.intervention_days is not None]
    lengths = [f.investigation_days for f in items if f.investigation_days is not None]
    window = equality.WINDOW_DAYS["investigation"]
    over = [
        over
        for f in items
        if f.opens and (over := is_investigation_over(f, on, window)) is not None
    ]
    return {
        "reports": len(items),
        "safety_median": med(safety),
        "safety_p90": p90(safety),
        "pre_median": med(pre),
        "pre_p90": p90(pre),
        "pre_late_share": sum(late) / len(late) if late else None,
        "intervention_median": med(interventions),
        "intervention_p90": p90(interventions),
        "investigation_median": med(lengths),
        "investigation_p90": p90(lengths),
        "investigation_over_share": sum(over) / len(over) if over else None,
    }


def assert_figures(cell: equality.Cell, want: dict[str, object]) -> None:
    for name, value in want.items():
        got = cell.values[name]
        if value is None:
            assert got is None, name
        else:
            assert got == pytest.approx(value, abs=1e-6), name


@pytest.fixture
def generated(flows):
    return flows(known_flows())


def test_every_figure_matches_an_independent_computation(generated):
    cells = equality.compute(start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))
    jarva = [f for f in generated if f.district in ("jarva", "rinkeby-kista")]
    sodermalm = [f for f in generated if f.district == "sodermalm"]
    assert_figures(cells[("jarva", ALL)], expected(jarva))
    assert_figures(cells[("sodermalm", ALL)], expected(sodermalm))
    assert_figures(cells[("outer", ALL)], expected(jarva))
    assert_figures(cells[("inner", ALL)], expected(sodermalm))
    assert_figures(cells[(CITY, ALL)], expected(generated))
    january = [f for f in generated if f.received.month == 1]
    assert_figures(cells[(CITY, "2025-01")], expected(january))
    assert_figures(cells[(CITY, "2025")], expected(generated))


def test_the_sql_and_the_python_computation_agree(generated):
    period = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 3, 31)}
    assert_same_cells(
        equality.compute(**period, use_sql=True), equality.compute(**period, use_sql=False)
    )


def test_the_outer_city_lag_shows_in_the_view(generated, politician):
    overview = selectors.equality_overview(
        user=politician, start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31)
    )
    rows = dict(overview.comparison)
    assert rows["outer"]["safety_median"] > rows["inner"]["safety_median"] * 5
    assert rows["outer"]["pre_median"] > rows["inner"]["pre_median"]


def test_a_report_outside_the_period_is_not_counted(generated):
    cells = equality.compute(start=dt.date(2025, 2, 1), end=dt.date(2025, 3, 31))
    february = [f for f in generated if f.received.month == 2]
    assert cells[(CITY, ALL)].values["reports"] == len(february)
