"""Writes based on an older view of a case: the page's version field and the API's If-Match
refuse them with what changed; the manager's queue refuses a stale assignment; a one-per rule of
the database answers 409, not 500."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD, race
from skyddsnat.api.errors import problem_exception_handler
from skyddsnat.cases.models import Case, CaseStatus, Decision, JournalEntry
from skyddsnat.cases.services import journal_add
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.organisation.models import DecisionType, Delegation

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    client = APIClient()
    issued = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.json()['token']}")
    return client


def pre_assessment_body() -> dict:
    return {
        "decided_on": timezone.localdate().isoformat(),
        "decision": "open_investigation",
        "reason": "Oro.",
    }


def test_every_write_raises_the_version_and_says_what_changed(caseworker, make_report):
    case = make_report(caseworker).case
    assert case.version == 0
    journal_add(user=caseworker, case=case, text="Samtal med skolan.")
    case.refresh_from_db()
    assert case.version == 1
    assert case.last_change == "journal"
    assert case.changed_by == caseworker
    pre_assessment_decide(
        user=caseworker,
        case=case,
        decided_on=timezone.localdate(),
        decision="open_investigation",
        reason="Oro.",
    )
    case.refresh_from_db()
    assert (case.version, case.last_change, case.status) == (
        2,
        "pre_assessment",
        CaseStatus.INVESTIGATION,
    )


def test_the_api_sends_the_cases_version_as_etag(caseworker, make_report):
    case = make_report(caseworker).case
    api = token_client(caseworker)
    response = api.get(f"/api/v1/cases/{case.pk}/")
    assert response["ETag"] == '"0"'
    written = api.post(f"/api/v1/cases/{case.pk}/journal/", {"text": "Notering."}, format="json")
    assert written.status_code == 201
    assert written["ETag"] == '"1"'
    assert api.get(f"/api/v1/cases/{case.pk}/")["ETag"] == '"1"'


def test_a_write_with_a_stale_if_match_is_refused_with_412_and_saves_nothing(
    caseworker, colleague, make_report
):
    case = make_report(caseworker).case
    api = token_client(caseworker)
    etag = api.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    # A colleague writes in between.
    journal_add(user=colleague, case=case, text="Ny uppgift från skolan.")

    response = api.post(
        f"/api/v1/cases/{case.pk}/pre-assessment/",
        pre_assessment_body(),
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 412
    problem = response.json()
    assert problem["type"].endswith(":precondition-failed")
    # What changed, in Swedish: the journal entry, by whom.
    assert "journalanteckning" in problem["detail"]
    assert not Decision.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.PRE_ASSESSMENT


@pytest.mark.parametrize("header", ['"1"', '"7", "1"', "*"])
def test_a_write_with_a_current_if_match_or_none_is_done(caseworker, make_report, header):
    case = make_report(caseworker).case
    journal_add(user=caseworker, case=case, text="Notering.")  # version 1
    response = token_client(caseworker).post(
        f"/api/v1/cases/{case.pk}/pre-assessment/",
        pre_assessment_body(),
        format="json",
        HTTP_IF_MATCH=header,
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("header", ['W/"0"', "0", '"abc"', '""'])
def test_a_weak_or_malformed_if_match_matches_nothing(caseworker, make_report, header):
    case = make_report(caseworker).case
    response = token_client(caseworker).post(
        f"/api/v1/cases/{case.pk}/pre-assessment/",
        pre_assessment_body(),
        format="json",
        HTTP_IF_MATCH=header,
    )
    assert response.status_code == 412
    assert not Decision.objects.filter(case=case).exists()


def test_a_stale_page_post_is_refused_with_409_and_what_changed(
    client, caseworker, colleague, make_report
):
    case = make_report(caseworker).case
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert 'name="version" value="0"' in page
    # A colleague decides while the page is open.
    pre_assessment_decide(
        user=colleague,
        case=case,
        decided_on=timezone.localdate(),
        decision="no_investigation",
        reason="Ingen oro.",
    )
    response = client.post(
        reverse("children-pre-assessment-create", args=[case.pk]),
        {**pre_assessment_body(), "version": "0"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Ärendet har ändrats sedan du öppnade det" in body
    assert "förhandsbedömningen beslutades" in body
    assert Decision.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_page_post_with_the_current_version_is_done(client, caseworker, make_report):
    case = make_report(caseworker).case
    client.force_login(caseworker)
    response = client.post(
        reverse("children-pre-assessment-create", args=[case.pk]),
        {**pre_assessment_body(), "version": "0"},
    )
    assert response.status_code == 302
    assert Decision.objects.filter(case=case).count() == 1


def test_a_journal_entry_is_saved_even_if_the_case_changed(client, caseworker, make_report):
    case = make_report(caseworker).case
    journal_add(user=caseworker, case=case, text="Första.")
    client.force_login(caseworker)
    response = client.post(
        reverse("cases-journal-create", args=[case.pk]), {"text": "Andra.", "version": "0"}
    )
    assert response.status_code == 302
    assert JournalEntry.objects.filter(case=case).count() == 2


def test_deciding_a_case_already_decided_answers_409_on_the_page(client, caseworker, make_report):
    case = make_report(caseworker).case
    client.force_login(caseworker)
    url = reverse("children-pre-assessment-create", args=[case.pk])
    assert client.post(url, pre_assessment_body()).status_code == 302
    again = client.post(url, pre_assessment_body())
    assert again.status_code == 409
    assert "Ärendet väntar inte på en förhandsbedömning" in again.content.decode()


def test_the_queue_refuses_a_case_assigned_meanwhile(
    client, manager, caseworker, colleague, make_report
):
    case = make_report(manager).case
    client.force_login(manager)
    queue = client.get(reverse("cases-queue")).content.decode()
    assert 'name="version" value="0"' in queue
    # Meanwhile (another tab, a second manager) the case goes to the colleague.
    other = Client_for(manager)
    assert (
        other.post(
            reverse("cases-queue-assign", args=[case.pk]),
            {f"case{case.pk}-assignee": colleague.pk, "version": "0"},
        ).status_code
        == 302
    )

    response = client.post(
        reverse("cases-queue-assign", args=[case.pk]),
        {f"case{case.pk}-assignee": caseworker.pk, "version": "0"},
        HTTP_HX_REQUEST="true",
    )

    assert "har ändrats" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to == colleague


def test_the_queue_refuses_a_stale_assignment_even_without_a_version(
    client, manager, caseworker, colleague, make_report
):
    case = make_report(manager).case
    client.force_login(manager)
    url = reverse("cases-queue-assign", args=[case.pk])
    assert client.post(url, {f"case{case.pk}-assignee": colleague.pk}).status_code == 302
    response = client.post(url, {f"case{case.pk}-assignee": caseworker.pk}, HTTP_HX_REQUEST="true")
    assert "tilldelades" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to == colleague


def Client_for(user):  # noqa: N802 (reads like the class it makes)
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


def test_a_unique_violation_that_slips_through_answers_409(caseworker, make_report):
    """The database's one-per rule, raised as it is (no service in between), still answers as a
    conflict with the current state, never as a server error."""
    case = make_report(caseworker).case
    line = Delegation.objects.filter(decision_type=DecisionType.OPEN_INVESTIGATION).first()
    fields = {
        "case": case,
        "decision_type": DecisionType.OPEN_INVESTIGATION,
        "decided_on": timezone.localdate(),
        "reason": "x",
        "decided_by": caseworker,
        "delegation": line,
    }
    Decision.objects.create(**fields)
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        Decision.objects.create(**fields)
    response = problem_exception_handler(raised.value, {})
    assert response is not None
    assert response.status_code == 409


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_assigning_one_queued_case_at_once_assign_it_once(
    manager, caseworker, colleague, make_report
):
    from django.test import Client

    case = make_report(manager).case
    url = reverse("cases-queue-assign", args=[case.pk])
    clients = []
    for _ in range(6):
        one = Client()
        one.force_login(manager)
        clients.append(one)

    def assign(i: int):
        target = caseworker if i % 2 else colleague
        return clients[i].post(
            url, {f"case{case.pk}-assignee": target.pk, "version": "0"}, HTTP_HX_REQUEST="true"
        )

    results = race(6, assign)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    assert all(r.status_code == 200 for r in results)
    assigned = [r for r in results if "Tilldelat" in r.content.decode()]
    assert len(assigned) == 1
    refreshed = Case.objects.get(pk=case.pk)
    assert refreshed.version == 1
    assert refreshed.assigned_to in (caseworker, colleague)
