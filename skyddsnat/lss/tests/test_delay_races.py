"""Simultaneous writes of a late decision's facts through the API, each on its own thread and
connection: one record per decision, and a decision is either implemented or closed, never both."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import race
from skyddsnat.cases.models import Intervention
from skyddsnat.lss.models import ImplementationDelay
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


def granted(officer, make_application):
    application = make_application(officer)
    assess(officer, application, group=1)
    return grant(officer, application.requests.get())


def test_six_simultaneous_first_records_make_one(officer, officer2, make_application):
    decision = granted(officer, make_application)
    url = reverse("api-lss-delay", args=[decision.pk])
    reasons = ["no_place", "no_staff", "own_wishes"]
    results = race(
        6,
        lambda i: client_for(officer if i % 2 else officer2).put(
            url, {"reason": reasons[i % 3]}, format="json"
        ),
    )
    assert codes(results) == [200] * 6
    assert ImplementationDelay.objects.filter(decision=decision).count() == 1


def test_implementing_and_closing_at_once_does_one_of_them(officer, officer2, make_application):
    decision = granted(officer, make_application)

    def act(i: int):
        if i % 2:
            return client_for(officer).post(
                reverse("api-lss-implementation", args=[decision.pk]),
                {"started_on": "2024-05-10", "provider_kind": "own"},
                format="json",
            )
        return client_for(officer2).put(
            reverse("api-lss-delay", args=[decision.pk]),
            {"reason": "own_wishes", "closed_reason": "declined", "closed_on": "2024-05-10"},
            format="json",
        )

    results = race(6, act)
    statuses = codes(results)
    assert 500 not in statuses
    implemented = Intervention.objects.filter(decision=decision).count()
    closed = ImplementationDelay.objects.filter(decision=decision, closed_on__isnull=False).count()
    assert (implemented, closed) in [(1, 0), (0, 1)]
    # Exactly one write won; every other answered 409.
    assert statuses.count(409) == 5
