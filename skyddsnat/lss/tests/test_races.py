"""Simultaneous LSS writes through the API, each on its own thread and connection, released
together: one decision per requested intervention, one implementation per decision, and the
eligibility group cannot change under a decision being taken."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import race
from skyddsnat.cases.models import Case, CaseStatus, Decision, Intervention
from skyddsnat.lss.models import EligibilityAssessment, Implementation, RequestedIntervention
from skyddsnat.lss.tests.conftest import assess, grant

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def codes(results) -> list[int]:
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return sorted(r.status_code for r in results)


def test_eight_simultaneous_decisions_on_one_request_by_two_officers_record_one(
    officer, officer2, make_application
):
    application = make_application(officer)
    assess(officer, application, group=1)
    request = application.requests.get()
    url = reverse("api-lss-decision", args=[request.pk])

    def decide(i: int):
        body = {"decided_on": "2024-01-31", "reason": f"Beslut {i}."}
        if i % 2:
            body.update(outcome="grant", scope_amount="10.0", scope_unit="hours_month")
        else:
            body.update(outcome="refuse")
        return client_for(officer if i % 2 else officer2).post(url, body, format="json")

    results = race(8, decide)
    assert codes(results) == [201] + [409] * 7
    assert Decision.objects.filter(case=application.case).count() == 1
    request.refresh_from_db()
    assert request.decision_id is not None
    case = Case.objects.get(pk=application.case_id)
    granted = request.decision.outcome == "grant"
    assert case.status == (CaseStatus.DECIDED if granted else CaseStatus.CLOSED)


def test_ten_simultaneous_implementations_of_one_decision_make_one(officer, make_application):
    application = make_application(officer)
    assess(officer, application, group=1)
    decision = grant(officer, application.requests.get())
    url = reverse("api-lss-implementation", args=[decision.pk])

    results = race(
        10,
        lambda i: client_for(officer).post(
            url,
            {"started_on": "2024-02-10", "provider_kind": "own", "cost_sek": 100 + i},
            format="json",
        ),
    )
    assert codes(results) == [201] + [409] * 9
    assert Intervention.objects.filter(decision=decision).count() == 1
    assert Implementation.objects.filter(intervention__decision=decision).count() == 1
    assert Case.objects.get(pk=application.case_id).status == CaseStatus.INTERVENTION


def test_a_decision_and_a_change_of_eligibility_at_once_never_disagree(
    officer, officer2, make_application
):
    application = make_application(officer)
    assess(officer, application, group=1)
    request = application.requests.get()

    def act(i: int):
        if i % 2:
            return client_for(officer).post(
                reverse("api-lss-decision", args=[request.pk]),
                {
                    "decided_on": "2024-01-31",
                    "outcome": "grant",
                    "reason": "Behov.",
                    "scope_amount": "10.0",
                    "scope_unit": "hours_month",
                },
                format="json",
            )
        return client_for(officer2).post(
            reverse("api-lss-eligibility", args=[application.pk]),
            {"group": None, "assessed_on": "2024-01-12", "reasoning": "Utanför personkretsen."},
            format="json",
        )

    results = race(6, act)
    assert 500 not in codes(results)
    request = RequestedIntervention.objects.select_related("decision").get(pk=request.pk)
    group = EligibilityAssessment.objects.get(application=application).group
    if request.decision is not None and request.decision.outcome == "grant":
        # A grant stands on the group it was decided on: the group cannot be withdrawn after.
        assert group == 1
    else:
        assert request.decision is None
