"""Every legal limit of the follow-up is read from its deadline rule (cases.DeadlineRule): when a
municipality corrects a rule, the figures and their labels follow, in both computations."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import translation

from skyddsnat.cases.models import DeadlineKind, DeadlineRule
from skyddsnat.followup import equality, tables
from skyddsnat.followup.equality import ALL, CITY
from skyddsnat.followup.tests.conftest import (
    Flow,
    assert_same_cells,
    at,
    is_investigation_over,
    is_pre_late,
)

DAY = dt.date(2025, 3, 3)
PERIOD = {"start": dt.date(2025, 3, 1), "end": dt.date(2025, 3, 31)}
ON = dt.date(2025, 3, 20)  # the undecided report of 6 March is 14 days old
WAYS = [False, True] if connection.vendor == "postgresql" else [False]


def _flows() -> list[Flow]:
    """Pre-assessments decided after 5 … 16 days, one undecided; investigations of 100 and 130
    days (over three months, and over four)."""
    flows = [Flow("jarva", at(DAY + dt.timedelta(days=i)), 3, days)
             for i, days in enumerate([5, 9, 11, 12, 13, 16])]  # fmt: skip
    flows.append(Flow("jarva", at(DAY + dt.timedelta(days=3)), 3, None))
    for i, days in enumerate([100, 130]):
        flows.append(
            Flow("sodermalm", at(DAY + dt.timedelta(days=i)), 2, 4, True, investigation_days=days)
        )
    return flows


def _figures(on: dt.date) -> dict[bool, dict[str, object]]:
    """The city's figures by each computation (Python, and PostgreSQL's reaction months), after
    checking that the two agree cell by cell."""
    cells = {use_sql: equality.compute(**PERIOD, on=on, use_sql=use_sql) for use_sql in WAYS}
    if len(WAYS) == 2:
        assert_same_cells(cells[True], cells[False])
    return {use_sql: cells[use_sql][(CITY, ALL)].values for use_sql in WAYS}


def _expected(made: list[Flow], on: dt.date) -> tuple[float, float]:
    late = [late for f in made if (late := is_pre_late(f, on)) is not None]
    window = equality.WINDOW_DAYS["investigation"]
    over = [is_investigation_over(f, dt.date(2026, 1, 1), window) for f in made if f.opens]
    return sum(late) / len(late), sum(over) / len(over)


def test_a_shorter_pre_assessment_limit_makes_more_pre_assessments_late(flows):
    made = flows(_flows())
    before = _figures(ON)
    pre_late_before, _over = _expected(made, ON)
    DeadlineRule.objects.filter(kind=DeadlineKind.PRE_ASSESSMENT).update(amount=10)
    after = _figures(ON)
    pre_late_after, _over = _expected(made, ON)
    # Of eight decided: 14 days, the one after 16 days is late, the undecided one not yet
    # counted; 10 days: those after 11, 12, 13 and 16 days are late, and so is the undecided one.
    assert pre_late_before == pytest.approx(1 / 8)
    assert pre_late_after == pytest.approx(5 / 9)
    for use_sql in WAYS:
        assert before[use_sql]["pre_late_share"] == pytest.approx(pre_late_before), use_sql
        assert after[use_sql]["pre_late_share"] == pytest.approx(pre_late_after), use_sql


def test_a_shorter_investigation_limit_makes_more_investigations_over(flows):
    made = flows(_flows())
    on = dt.date(2026, 1, 1)
    before = _figures(on)
    _late, over_before = _expected(made, on)
    DeadlineRule.objects.filter(kind=DeadlineKind.INVESTIGATION).update(amount=3)
    after = _figures(on)
    _late, over_after = _expected(made, on)
    assert (over_before, over_after) == (pytest.approx(1 / 2), pytest.approx(1.0))
    for use_sql in WAYS:
        assert before[use_sql]["investigation_over_share"] == pytest.approx(over_before)
        assert after[use_sql]["investigation_over_share"] == pytest.approx(over_after)


def test_the_labels_name_the_limits_of_the_rules(db):
    def labels() -> dict[str, str]:
        with translation.override("sv"):
            return dict(tables.equality_columns())

    assert labels()["pre_late_share"] == "Förhandsbedömningar senare än 14 dagar (%)"
    assert labels()["investigation_over_share"] == "Utredningar längre än 4 månader (%)"
    DeadlineRule.objects.filter(kind=DeadlineKind.PRE_ASSESSMENT).update(amount=10)
    DeadlineRule.objects.filter(kind=DeadlineKind.INVESTIGATION).update(amount=1)
    assert labels()["pre_late_share"] == "Förhandsbedömningar senare än 10 dagar (%)"
    assert labels()["investigation_over_share"] == "Utredningar längre än 1 månad (%)"
