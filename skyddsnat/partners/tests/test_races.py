"""Two withdrawals of one consent at once, each on its own thread and connection, released
together: the row is locked and re-checked, so one is recorded and the others answer 409."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.partners.tests.conftest import consent, make_participant

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_simultaneous_withdrawals_of_one_consent_record_one(caseworker, colleague):
    participant = make_participant(caseworker)
    recorded = consent(caseworker, participant.person)
    url = reverse("api-consent-withdraw", args=[recorded.pk])
    today = timezone.localdate()

    def withdraw(i: int):
        client = APIClient()
        client.force_authenticate(caseworker if i % 2 else colleague)
        day = today.replace(day=1) if i % 2 and today.day > 1 else today
        return client.post(url, {"withdrawn_on": str(day)}, format="json")

    results = race(6, withdraw)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    assert sorted(r.status_code for r in results) == [200] + [409] * 5
    recorded.refresh_from_db()
    assert recorded.withdrawn_on is not None
    assert AuditEntry.objects.filter(action="partners.consent.withdraw").count() == 1
    winner = next(r for r in results if r.status_code == 200)
    assert winner.json() == {"id": recorded.pk, "active": False}
