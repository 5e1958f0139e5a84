"""The reaction facts behind the figures on PostgreSQL stay in step with the records: triggers
mark the cases the services touch, and the next computation rebuilds them before it counts."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import PASSWORD
from skyddsnat.cases.models import Case, InterventionType
from skyddsnat.cases.services import case_decide, intervention_start
from skyddsnat.children.models import Report
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.followup import equality
from skyddsnat.followup.equality import ALL, CITY
from skyddsnat.followup.models import ReactionFact, StaleCase
from skyddsnat.followup.tests.conftest import Flow, at

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the facts are a PostgreSQL path"
)

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
URL = f"/api/v1/followup/reaction-times/?from={START}&to={END}&by=area"
DAY = dt.date(2025, 5, 5)
PRE_DAYS = [2, 4, 6, 8, 10]


@pytest.fixture
def waiting(flows):
    """Five children in Södermalm whose pre-assessments are not decided yet."""
    return flows([Flow("sodermalm", at(DAY + dt.timedelta(days=i)), 3, None) for i in range(5)])


def city_row(client) -> dict:
    rows = client.get(URL).json()["rows"]
    return next(row for row in rows if row["group"] == CITY)


def assert_same_as_the_records() -> None:
    by_facts = equality.compute(start=START, end=END, use_sql=True)
    by_records = equality.compute(start=START, end=END, use_sql=False)
    assert by_facts.keys() == by_records.keys()
    for key, cell in by_facts.items():
        for name, value in cell.values.items():
            other = by_records[key].values[name]
            assert (value is None) == (other is None), (key, name)
            if value is not None:
                assert float(value) == pytest.approx(float(other), abs=1e-9), (key, name)


def test_the_view_shows_each_step_of_the_flow_as_soon_as_the_services_ran(
    waiting, client, politician
):
    client.login(username=politician.username, password=PASSWORD)
    assert city_row(client)["median_days_to_pre_assessment"] is None
    worker = Report.objects.get(case_id=waiting[0].case_id).registered_by
    for flow, days in zip(waiting, PRE_DAYS, strict=True):
        pre_assessment_decide(
            user=worker,
            case=Case.objects.get(pk=flow.case_id),
            decided_on=DAY + dt.timedelta(days=days),
            decision="open_investigation",
            reason="Bedömning.",
        )
    # Each report i was received on DAY + i and decided on DAY + days.
    expected = sorted(days - i for i, days in enumerate(PRE_DAYS))
    assert city_row(client)["median_days_to_pre_assessment"] == expected[2]
    assert city_row(client)["median_days_to_first_intervention"] is None

    contact = InterventionType.objects.get(code="contact-person")
    for i, flow in enumerate(waiting):
        case = Case.objects.get(pk=flow.case_id)
        decision = case_decide(
            user=worker,
            case=case,
            decided_on=DAY + dt.timedelta(days=40),
            outcome="grant",
            intervention_type=contact,
            reason="Behov av stöd.",
        )
        intervention_start(
            user=worker, decision=decision, started_on=DAY + dt.timedelta(days=50), cost_sek=0
        )
        assert equality.compute(start=START, end=END)[(CITY, ALL)].values["intervention_n"] == i + 1
    assert city_row(client)["median_days_to_first_intervention"] == 50 - 2
    assert not StaleCase.objects.exists()
    assert_same_as_the_records()


def test_a_change_outside_the_services_is_picked_up_too(waiting):
    equality.compute(start=START, end=END)
    # A correction straight in the database (an import, a fix by the operator): moved a year.
    moved = Report.objects.get(case_id=waiting[0].case_id)
    Report.objects.filter(pk=moved.pk).update(received_at=at(dt.date(2024, 5, 5)))
    assert StaleCase.objects.filter(case_id=moved.case_id).exists()
    cells = equality.compute(start=START, end=END)
    assert cells[(CITY, ALL)].values["reports"] == len(waiting) - 1
    assert_same_as_the_records()


def test_followup_refresh_rebuilds_every_fact(waiting):
    ReactionFact.objects.all().delete()
    StaleCase.objects.all().delete()
    call_command("followup_refresh", verbosity=0)
    assert ReactionFact.objects.count() == Report.objects.count()
    assert not StaleCase.objects.exists()
    assert_same_as_the_records()
