"""The cost facts (one row per intervention with its case's kind, district and person, read by the
budget figures) are those of the records after every kind of change: a new intervention, a
changed cost, a case moved to another district or person, an intervention deleted."""

import datetime as dt

import pytest
from django.db import connection

from skyddsnat.cases.models import Case, Intervention
from skyddsnat.followup.equality import refresh_facts
from skyddsnat.followup.equality.store import COST_COLUMNS
from skyddsnat.followup.models import CostFact, StaleCase
from skyddsnat.followup.tests.conftest import Flow, at
from skyddsnat.organisation.models import District

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the cost facts are a PostgreSQL path"
)


def _records() -> set[tuple[object, ...]]:
    return set(
        Intervention.objects.values_list(
            "pk", "case_id", "case__kind", "case__district_id", "case__person_id",
            "intervention_type_id", "started_on", "cost_sek",
        )
    )  # fmt: skip


def _facts() -> set[tuple[object, ...]]:
    refresh_facts()
    assert not StaleCase.objects.exists()
    return set(CostFact.objects.values_list(*COST_COLUMNS))


def test_the_cost_facts_follow_every_change_of_the_records(flows):
    day = dt.date(2025, 2, 3)
    data = flows(
        [Flow("jarva", at(day), 5, 3, True, 20, 30, cost_sek=1000 * (i + 1)) for i in range(3)]
        + [Flow("farsta", at(day), 5, 3, True, 20, 40, cost_sek=7000)]
    )
    assert len(_records()) == 4
    assert _facts() == _records()

    Intervention.objects.filter(case_id=data[0].case_id).update(cost_sek=123)
    facts = _facts()
    assert facts == _records()
    assert {f[-1] for f in facts if f[1] == data[0].case_id} == {123}

    farsta = District.objects.get(slug="farsta")
    Case.objects.filter(pk=data[1].case_id).update(district=farsta, person_id=data[3].child_id)
    facts = _facts()
    assert facts == _records()
    assert {(f[3], f[4]) for f in facts if f[1] == data[1].case_id} == {
        (farsta.pk, data[3].child_id)
    }

    Intervention.objects.filter(case_id=data[2].case_id).update(case_id=data[0].case_id)
    Intervention.objects.filter(case_id=data[3].case_id).delete()
    facts = _facts()
    assert facts == _records()
    assert len(facts) == 3


def test_a_case_write_that_moves_nothing_marks_nothing(flows):
    [flow] = flows([Flow("jarva", at(dt.date(2025, 2, 3)), 5, 3, True, 20, 30, cost_sek=500)])
    refresh_facts()
    Case.objects.filter(pk=flow.case_id).update(version=7)
    assert not StaleCase.objects.exists()
