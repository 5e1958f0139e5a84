"""Simultaneous writes on one case through the API, each request on its own thread and database
connection, released together: every one-per rule holds, exactly one write wins, the others
answer 409 (never 500), and the case's state agrees with its records."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import race
from skyddsnat.api.tests.conftest import REPORTS, case_url, report_body
from skyddsnat.cases.models import (
    Case,
    CaseStatus,
    Deadline,
    DeadlineExtension,
    DeadlineKind,
    Decision,
    Intervention,
    Investigation,
)
from skyddsnat.children.models import EarlyHelp
from skyddsnat.organisation.models import DecisionType

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def token_client(api_for, user):
    """A function making a fresh client with the user's token, one per thread."""
    header = api_for(user)._credentials["HTTP_AUTHORIZATION"]

    def _client() -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        return client

    return _client


def statuses(results) -> list[int]:
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return sorted(r.status_code for r in results)


def _investigated(api) -> int:
    case_id = api.post(REPORTS, report_body(), format="json").json()["case_id"]
    response = api.post(
        case_url(case_id, "pre-assessment"),
        {
            "decided_on": timezone.localdate().isoformat(),
            "decision": "open_investigation",
            "reason": "Oro.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return case_id


def test_ten_simultaneous_pre_assessment_decisions_record_one(api_for, caseworker):
    client = token_client(api_for, caseworker)
    case_id = client().post(REPORTS, report_body(), format="json").json()["case_id"]
    today = timezone.localdate().isoformat()

    def decide(i: int):
        # Half would open an investigation, half would close the case: only one may happen.
        choice = "open_investigation" if i % 2 else "no_investigation"
        return client().post(
            case_url(case_id, "pre-assessment"),
            {"decided_on": today, "decision": choice, "reason": f"Bedömning {i}."},
            format="json",
        )

    results = race(10, decide)
    assert statuses(results) == [201] + [409] * 9, [r.content for r in results]
    decisions = Decision.objects.filter(
        case_id=case_id,
        decision_type__in=[DecisionType.OPEN_INVESTIGATION, DecisionType.NO_INVESTIGATION],
    )
    assert decisions.count() == 1
    case = Case.objects.get(pk=case_id)
    opened = decisions.get().decision_type == DecisionType.OPEN_INVESTIGATION
    # The state agrees with the one decision: an investigation exists exactly when it opened one.
    assert Investigation.objects.filter(case_id=case_id).exists() == opened
    assert case.status == (CaseStatus.INVESTIGATION if opened else CaseStatus.CLOSED)
    assert Deadline.objects.filter(case_id=case_id, kind=DeadlineKind.INVESTIGATION).count() == (
        1 if opened else 0
    )
    refused = next(r for r in results if r.status_code == 409)
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["type"].endswith(":conflict")
    assert refused.json()["errors"]["decision"]


def test_grant_and_refuse_by_two_caseworkers_at_once_record_one_decision(
    api_for, caseworker, colleague
):
    mine, theirs = token_client(api_for, caseworker), token_client(api_for, colleague)
    case_id = _investigated(mine())
    today = timezone.localdate().isoformat()

    def decide(i: int):
        client = mine() if i % 2 else theirs()
        return client.post(
            case_url(case_id, "decision"),
            {
                "decided_on": today,
                "outcome": "grant" if i % 2 else "refuse",
                "intervention_type": "contact-person",
                "reason": f"Beslut {i}.",
            },
            format="json",
        )

    results = race(8, decide)
    assert statuses(results) == [201] + [409] * 7
    decisions = Decision.objects.filter(case_id=case_id, decision_type=DecisionType.INTERVENTION)
    assert decisions.count() == 1
    case = Case.objects.get(pk=case_id)
    granted = decisions.get().outcome == "grant"
    assert case.status == (CaseStatus.DECIDED if granted else CaseStatus.CLOSED)
    assert Investigation.objects.get(case_id=case_id).closed_on == timezone.localdate()


def test_ten_simultaneous_starts_of_one_granted_decision_make_one_intervention(api_for, caseworker):
    client = token_client(api_for, caseworker)
    case_id = _investigated(client())
    today = timezone.localdate().isoformat()
    decided = client().post(
        case_url(case_id, "decision"),
        {
            "decided_on": today,
            "outcome": "grant",
            "intervention_type": "contact-person",
            "reason": "Behov.",
        },
        format="json",
    )
    decision_id = decided.json()["id"]

    def start(i: int):
        return client().post(
            case_url(case_id, "interventions"),
            {"decision_id": decision_id, "started_on": today, "cost_sek": 1000 + i},
            format="json",
        )

    results = race(10, start)
    assert statuses(results) == [201] + [409] * 9
    assert Intervention.objects.filter(decision_id=decision_id).count() == 1
    assert Case.objects.get(pk=case_id).status == CaseStatus.INTERVENTION


def test_ten_simultaneous_extensions_form_one_line_ending_at_the_last_granted(api_for, manager):
    client = token_client(api_for, manager)
    case_id = _investigated(client())
    deadline = Deadline.objects.get(case_id=case_id, kind=DeadlineKind.INVESTIGATION)
    base = deadline.due

    def extend(i: int):
        return client().post(
            case_url(case_id, "investigation/extension"),
            {"new_due": (base + dt.timedelta(days=10 + i)).isoformat(), "reason": f"Skäl {i}."},
            format="json",
        )

    results = race(10, extend)
    codes = statuses(results)
    assert 500 not in codes
    assert set(codes) <= {201, 400}
    extensions = list(DeadlineExtension.objects.filter(deadline=deadline).order_by("decided_at"))
    assert len(extensions) == codes.count(201) >= 1
    # One line, no fork: each extension starts where the one before it ended.
    assert extensions[0].previous_due == base
    for before, after in zip(extensions, extensions[1:], strict=False):
        assert after.previous_due == before.new_due
        assert after.new_due > before.new_due
    deadline.refresh_from_db()
    assert deadline.due == extensions[-1].new_due


def test_ten_simultaneous_extensions_to_one_date_record_one(api_for, manager):
    client = token_client(api_for, manager)
    case_id = _investigated(client())
    deadline = Deadline.objects.get(case_id=case_id, kind=DeadlineKind.INVESTIGATION)
    new_due = (deadline.due + dt.timedelta(days=30)).isoformat()

    results = race(
        10,
        lambda i: client().post(
            case_url(case_id, "investigation/extension"),
            {"new_due": new_due, "reason": "Särskilda skäl."},
            format="json",
        ),
    )
    assert statuses(results) == [201] + [400] * 9
    assert DeadlineExtension.objects.filter(deadline=deadline).count() == 1


def test_ten_simultaneous_starts_of_the_same_early_help_record_one(api_for, caseworker):
    client = token_client(api_for, caseworker)
    child = report_body()["child"]
    today = timezone.localdate().isoformat()

    def start(i: int):
        return client().post(
            "/api/v1/early-help/",
            {
                "child": child,
                "intervention_type": "parent-support",
                "started_on": today,
                "consent_given": True,
                "consent_on": today,
            },
            format="json",
        )

    results = race(10, start)
    assert statuses(results) == [201] + [409] * 9, [r.content for r in results]
    assert EarlyHelp.objects.filter(ended_on__isnull=True).count() == 1
