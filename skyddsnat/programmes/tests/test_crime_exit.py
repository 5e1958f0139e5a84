"""Crime exit (issue 10 point 4): intake at any age with motivation and consent; interventions
decided in the ordinary way (the participant's case, the delegation order, once per
intervention); protected housing granted waits in the queue of its kind of place."""

import datetime as dt

import pytest

from skyddsnat.cases.models import Decision
from skyddsnat.lss.models import QueueEntry, QueueStatus, ResourceKind
from skyddsnat.programmes.models import ConsentGiver
from skyddsnat.programmes.tests.conftest import START

HOUSING = "avhopp-skyddat-boende"


@pytest.fixture
def protected_housing(db) -> ResourceKind:
    """The sheltered-housing kind of place as loaded (lss 0005), which crime exit's protected
    housing waits for (programmes 0004)."""
    kind = ResourceKind.objects.get(code="skyddat-boende")
    assert kind.intervention_types.filter(code=HOUSING).exists()
    return kind


def _decide(api, participant, code, outcome="grant", on="2025-03-20"):
    return api.post(
        f"/api/v1/participants/{participant.pk}/decisions/",
        {
            "intervention_type": code,
            "decided_on": on,
            "outcome": outcome,
            "reason": "Hotbild mot personen efter avhoppet.",
        },
        format="json",
    )


def test_granted_protected_housing_waits_in_the_queue_of_its_kind(
    api_for, enrol, coordinator, protected_housing
):
    participant = enrol(
        "crime-exit", age=23, motivation="Vill lämna gänget.", consent_given_on=START
    )
    answer = _decide(api_for(coordinator), participant, HOUSING)
    assert answer.status_code == 201, answer.content
    assert answer.json()["delegation"] == "PR 1.2"
    decision = Decision.objects.get(pk=answer.json()["id"])
    assert decision.case_id == participant.case_id
    entry = QueueEntry.objects.get(decision=decision)
    assert entry.resource_kind == protected_housing
    assert entry.district_id == participant.district_id
    assert entry.status == QueueStatus.WAITING
    assert entry.queued_on == dt.date(2025, 3, 20)


def test_a_refusal_does_not_queue_and_a_second_decision_is_a_conflict(
    api_for, enrol, coordinator, protected_housing
):
    participant = enrol("crime-exit", age=30)
    api = api_for(coordinator)
    assert _decide(api, participant, HOUSING, outcome="refuse").status_code == 201
    assert not QueueEntry.objects.exists()
    again = _decide(api, participant, HOUSING)
    assert again.status_code == 409
    assert "intervention_type" in again.json()["errors"]


def test_support_without_a_kind_of_place_is_decided_without_a_queue(api_for, enrol, coordinator):
    participant = enrol("crime-exit", age=40)
    answer = _decide(api_for(coordinator), participant, "avhopp-stod")
    assert answer.status_code == 201
    assert answer.json()["delegation"] == "PR 1.1"
    assert not QueueEntry.objects.exists()


def test_the_delegation_order_decides_who_decides(api_for, enrol, caseworker, manager):
    participant = enrol("crime-exit", age=19)
    refused = _decide(api_for(caseworker), participant, "avhopp-stod")
    assert refused.status_code == 403
    assert not Decision.objects.filter(case_id=participant.case_id).exists()
    allowed = _decide(api_for(manager), participant, "avhopp-stod")
    assert allowed.status_code == 201
    assert allowed.json()["delegation"] == "BU 3.1"


def test_a_childrens_intervention_does_not_fit_a_programme_case(api_for, enrol, coordinator):
    participant = enrol("crime-exit", age=19)
    answer = _decide(api_for(coordinator), participant, "contact-person")
    assert answer.status_code == 400
    assert "intervention_type" in answer.json()["errors"]


def test_crime_exit_asks_for_motivation_when_the_intake_records_consent(enrol):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        enrol("crime-exit", age=35, consent_given_on=START)
    assert "motivation" in error.value.message_dict
    participant = enrol("crime-exit", age=35, consent_given_on=START, motivation="Vill sluta.")
    assert participant.consents.get().given_by == ConsentGiver.PERSON
