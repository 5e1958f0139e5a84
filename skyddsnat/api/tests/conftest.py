"""Helpers for the API tests: token clients per persona and request bodies."""

import datetime as dt
import random

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from conftest import PASSWORD, totp_code
from skyddsnat.api.models import ApiToken
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import (
    Case,
    Deadline,
    DeadlineExtension,
    Decision,
    Intervention,
    JournalEntry,
)
from skyddsnat.children.models import Report, SafetyAssessment
from skyddsnat.lib import identity
from skyddsnat.people.models import Person

REPORTS = "/api/v1/reports/"
_numbers = random.Random(4711)


def case_url(case_id: int, action: str = "") -> str:
    return f"/api/v1/cases/{case_id}/" + (f"{action}/" if action else "")


def synthetic_number() -> str:
    born = dt.date(2012, 1, 1) + dt.timedelta(days=_numbers.randrange(3000))
    return identity.synthetic(_numbers, born)


def report_body(**overrides) -> dict:
    body = {
        "child": {
            "personal_identity_number": synthetic_number(),
            "first_name": "Alva",
            "last_name": "Testsson",
            "is_synthetic": True,
        },
        "district": "jarva",
        "received_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "reporter_type": "professional",
        "description": "Skolan oroar sig för barnets frånvaro.",
    }
    body.update(overrides)
    return body


def stored_rows() -> dict[str, int]:
    """Row counts of everything the API can write, to prove that invalid input stores nothing."""
    models = [
        Person,
        Case,
        Report,
        SafetyAssessment,
        Deadline,
        DeadlineExtension,
        Decision,
        Intervention,
        JournalEntry,
        AuditEntry,
        ApiToken,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    # A refused look at a record is logged by design (the auditor's trail of attempts).
    counts["AuditEntry"] = AuditEntry.objects.exclude(action__endswith=".refused").count()
    return counts


@pytest.fixture
def api_for(db):
    """An API client that sends the user's personal token, issued by the token endpoint."""

    def _client(user) -> APIClient:
        client = APIClient()
        body = {"username": user.username, "password": PASSWORD}
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            # Two-step sign-in (admin, auditor): the app's current code. A test may ask for
            # several clients within one 30-second step, so the device forgets the code it last
            # accepted (the once-only rule is tested in skyddsnat/signin/tests).
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
            body["otp"] = totp_code(user.username)
        issued = client.post("/api/v1/auth/token/", body, format="json")
        assert issued.status_code == 200, issued.content
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.json()['token']}")
        return client

    return _client


@pytest.fixture
def api(api_for, caseworker) -> APIClient:
    """The Järva caseworker's client."""
    return api_for(caseworker)


@pytest.fixture
def new_case(api) -> dict:
    """A report registered through the API by the caseworker; its response body."""
    response = api.post(REPORTS, report_body(), format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def investigated_case(api, new_case) -> dict:
    """A case through safety assessment and a pre-assessment that opened an investigation."""
    case_id = new_case["case_id"]
    assessed = api.post(
        case_url(case_id, "safety-assessment"),
        {"assessed_at": timezone.now().isoformat(), "immediate_protection_needed": False},
        format="json",
    )
    assert assessed.status_code == 201, assessed.content
    opened = api.post(
        case_url(case_id, "pre-assessment"),
        {
            "decided_on": timezone.localdate().isoformat(),
            "decision": "open_investigation",
            "reason": "Oron kräver utredning.",
        },
        format="json",
    )
    assert opened.status_code == 201, opened.content
    return new_case
