"""A decision prepared by an officer and sent to the manager (DecisionReferral), raced for real:
simultaneous requests, each on its own thread and database connection, released together. One
referral per requested intervention, one decision per referral, and never a referral sent after
the decision it would propose."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Decision
from skyddsnat.lss.models import DecisionReferral, RequestedIntervention
from skyddsnat.lss.tests.conftest import assess, make_lss_user
from skyddsnat.organisation.models import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def housing_request(officer, make_application) -> RequestedIntervention:
    """A housing application (LSS 9 § 9): the manager decides it, the officer prepares it."""
    application = make_application(officer, codes=("lss-housing-adults",))
    assess(officer, application)
    return application.requests.get()


def refer(user, request: RequestedIntervention, outcome: str, reason: str):
    client = Client()
    client.force_login(user)
    return client.post(
        reverse("lss-decision-refer", args=[request.pk]),
        {f"p{request.pk}-outcome": outcome, f"p{request.pk}-reason": reason},
    )


def decide(user, request: RequestedIntervention, i: int):
    client = APIClient()
    client.force_authenticate(user)
    body = {"decided_on": "2024-02-01", "reason": f"Beslut {i}."}
    body |= {"outcome": "refuse"} if i % 2 else {"outcome": "grant"}
    return client.post(reverse("api-lss-decision", args=[request.pk]), body, format="json")


def statuses(results) -> list[int]:
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return sorted(r.status_code for r in results)


def test_eight_simultaneous_sendings_of_one_prepared_decision_make_one_referral(
    officer, officer2, make_application
):
    request = housing_request(officer, make_application)

    results = race(
        8,
        lambda i: refer(officer if i % 2 else officer2, request, "grant", f"Behov nummer {i}."),
    )

    assert statuses(results) == [302] + [409] * 7
    assert DecisionReferral.objects.filter(request=request).count() == 1
    assert AuditEntry.objects.filter(action="lss.decision.refer").count() == 1


def test_eight_simultaneous_decisions_on_one_referral_by_two_managers_record_one(
    officer, lss_manager, make_application
):
    second_manager = make_lss_user("lsschef2.jarva", Role.MANAGER, "jarva")
    request = housing_request(officer, make_application)
    assert refer(officer, request, "grant", "Behöver gruppbostad.").status_code == 302

    results = race(8, lambda i: decide(lss_manager if i % 2 else second_manager, request, i))

    assert statuses(results) == [201] + [409] * 7
    assert Decision.objects.filter(case=request.application.case).count() == 1
    request.refresh_from_db()
    assert request.decision_id is not None
    # Decided: the referral is no longer among the manager's decisions to take.
    client = Client()
    client.force_login(lss_manager)
    queue = client.get(reverse("lss-referrals")).content.decode()
    assert request.application.case.reference not in queue


def test_a_referral_and_a_decision_at_once_never_leave_a_referral_of_a_decided_request(
    officer, lss_manager, make_application
):
    requests = [housing_request(officer, make_application) for _ in range(3)]
    for request in requests:
        results = race(
            6,
            lambda i, request=request: (
                refer(officer, request, "grant", f"Behov {i}.")
                if i % 2
                else decide(lss_manager, request, i)
            ),
        )
        codes = statuses(results)
        # One decision always; the referral only when it came first.
        assert codes.count(201) == 1
        assert codes.count(302) <= 1
        assert set(codes) <= {201, 302, 409}
        request.refresh_from_db()
        decision = Decision.objects.get(pk=request.decision_id)
        referral = DecisionReferral.objects.filter(request=request).first()
        if referral is not None:
            assert referral.sent_at <= decision.recorded_at
