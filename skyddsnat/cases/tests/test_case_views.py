"""The case pages: "Mina ärenden", the case page with its forms, and the manager's queue."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import (
    Case,
    CaseStatus,
    Decision,
    Intervention,
    InterventionType,
    JournalEntry,
)
from skyddsnat.children.services import pre_assessment_decide
from skyddsnat.organisation.models import DecisionType, Delegation
from skyddsnat.people.models import ProtectionLevel

# Every test here uses the database (some reach the personas through request.getfixturevalue).
pytestmark = pytest.mark.django_db

NO_CASE_ROLES = ["politician", "analyst", "auditor", "admin_user"]


def api_client_for(user) -> APIClient:
    client = APIClient()
    issued = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.json()['token']}")
    return client


def page(client, user, name, *args, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, args=args), **kwargs)


def open_investigation(user, case):
    pre_assessment_decide(
        user=user,
        case=case,
        decided_on=timezone.localdate(),
        decision="open_investigation",
        reason="Oron kräver utredning.",
    )
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    "name,args",
    [
        ("cases-my-cases", []),
        ("cases-case-detail", [1]),
        ("cases-queue", []),
        ("children-report-create", []),
        ("people-person-search", []),
        ("people-person-detail", [1]),
        ("audit-log", []),
    ],
)
def test_every_page_sends_anonymous_visitors_to_the_login(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_login_page_is_in_swedish(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert "Logga in" in response.content.decode()


def test_my_cases_lists_the_caseworkers_cases_with_their_deadlines(client, caseworker, make_report):
    report = make_report(caseworker, first_name="Vera", last_name="Lind")
    response = page(client, caseworker, "cases-my-cases")
    body = response.content.decode()
    assert response.status_code == 200
    assert report.case.reference in body
    assert "Vera Lind" in body
    assert "Förhandsbedömning" in body
    assert "13 dagar kvar" in body or "14 dagar kvar" in body
    assert AuditEntry.objects.filter(action="cases.case.list", case_id=report.case_id).exists()


def test_my_cases_marks_overdue_cases_in_words_not_only_colour(client, caseworker, make_report):
    report = make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=20))
    body = page(client, caseworker, "cases-my-cases").content.decode()
    assert "Försenade" in body
    assert "Försenad med" in body
    assert "row--overdue" in body
    assert report.case.reference in body


def test_the_manager_sees_the_units_overdue_cases(client, caseworker, manager, make_report):
    report = make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=20))
    body = page(client, manager, "cases-my-cases").content.decode()
    assert "Försenade" in body
    assert report.case.reference in body


def test_my_cases_does_not_show_other_districts_cases(client, caseworker, outsider, make_report):
    report = make_report(caseworker, first_name="Vera", last_name="Lind")
    body = page(client, outsider, "cases-my-cases").content.decode()
    assert report.case.reference not in body
    assert "Vera Lind" not in body


@pytest.mark.parametrize("role", NO_CASE_ROLES)
def test_roles_without_case_access_get_a_landing_page_without_personal_data(
    client, request, caseworker, make_report, role
):
    make_report(
        caseworker,
        first_name="Vera",
        last_name="Lind",
        received_at=timezone.now() - dt.timedelta(days=20),
    )
    user = request.getfixturevalue(role)
    response = page(client, user, "cases-my-cases")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vera Lind" not in body
    assert "BU-" not in body
    assert "Försenade" not in body
    if role == "auditor":
        assert reverse("audit-log") in body


def test_my_cases_runs_the_same_number_of_queries_for_1_and_10_cases(
    client, caseworker, make_report
):
    client.force_login(caseworker)
    make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=20))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("cases-my-cases")).status_code == 200
    for _ in range(9):
        make_report(caseworker, received_at=timezone.now() - dt.timedelta(days=20))
    with CaptureQueriesContext(connection) as ten:
        response = client.get(reverse("cases-my-cases"))
    assert len(response.context["rows"]) == 10
    assert len(response.context["overdue_rows"]) == 10
    assert len(ten) == len(one)


def test_the_case_page_shows_person_deadlines_citations_and_timeline(
    client, caseworker, make_report
):
    report = make_report(caseworker, first_name="Vera", last_name="Lind", reporter_name="Skolan")
    response = page(client, caseworker, "cases-case-detail", report.case_id)
    body = response.content.decode()
    assert response.status_code == 200
    assert report.child.identity_number_display in body
    assert "Vera Lind" in body
    assert "Skyddsbedömning" in body
    assert "11 kap. 1 a §" in body  # the legal citation of the rule
    assert "verifiera" not in body  # what is unverified stays in the rule data
    assert "Orosanmälan inkom" in body
    assert "Skolan oroar sig" in body
    # Applicable actions only: no decision before an investigation is open.
    assert 'id="action-safety"' in body
    assert 'id="action-pre_assessment"' in body
    assert 'id="action-decision"' not in body
    assert 'id="action-extension"' not in body
    assert AuditEntry.objects.filter(
        action="cases.case.read", case_id=report.case_id, username="socsek.jarva"
    ).exists()


@pytest.mark.parametrize("role", ["outsider", *NO_CASE_ROLES])
def test_the_case_page_answers_404_to_those_who_may_not_see_it(
    client, request, caseworker, make_report, role
):
    report = make_report(caseworker)
    assert (
        page(client, request.getfixturevalue(role), "cases-case-detail", report.case_id).status_code
        == 404
    )


def test_the_case_page_answers_404_for_a_case_that_does_not_exist(client, caseworker):
    assert page(client, caseworker, "cases-case-detail", 999999).status_code == 404


def test_a_protected_address_is_shown_only_to_staff_with_a_recorded_need(
    client, caseworker, colleague, make_report
):
    report = make_report(caseworker)
    child = report.child
    child.protection_level = ProtectionLevel.PROTECTED_REGISTRATION
    child.street_address = "Hemliga gatan 1"
    child.save()
    body = page(client, caseworker, "cases-case-detail", report.case_id).content.decode()
    assert "Hemliga gatan" not in body
    assert "Skyddad adress" in body
    colleague.may_see_protected_addresses = True
    colleague.save()
    body = page(client, colleague, "cases-case-detail", report.case_id).content.decode()
    assert "Hemliga gatan 1" in body


def test_the_whole_flow_runs_through_the_case_page_forms(client, caseworker, make_report):
    report = make_report(caseworker)
    case_id = report.case_id
    client.force_login(caseworker)
    now = timezone.localtime()
    today = now.date().isoformat()

    response = client.post(
        reverse("children-safety-assessment-create", args=[case_id]),
        {
            "assessed_date": today,
            "assessed_time": now.strftime("%H:%M"),
            "immediate_protection_needed": "no",
            "notes": "Inget akut skyddsbehov.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.safety_assessment.notes == "Inget akut skyddsbehov."

    response = client.post(
        reverse("children-pre-assessment-create", args=[case_id]),
        {"decided_on": today, "decision": "open_investigation", "reason": "Behov av utredning."},
    )
    assert response.status_code == 302
    body = client.get(reverse("cases-case-detail", args=[case_id])).content.decode()
    assert 'id="action-decision"' in body
    assert "Utredning" in body

    contact = InterventionType.objects.get(code="contact-person")
    response = client.post(
        reverse("cases-decision-create", args=[case_id]),
        {
            "decided_on": today,
            "outcome": "grant",
            "intervention_type": contact.pk,
            "reason": "Barnet behöver en kontaktperson.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(case_id=case_id, outcome="grant")

    url = reverse("cases-intervention-create", args=[case_id, decision.pk])
    # More than the column holds is a form error, not a database error.
    too_dear = client.post(url, {"started_on": today, "cost_sek": "2147483648"})
    assert too_dear.status_code == 400
    assert not Intervention.objects.filter(case_id=case_id).exists()
    response = client.post(
        url, {"started_on": today, "cost_sek": "1200", "provider": "Järva kontaktpersoner"}
    )
    assert response.status_code == 302
    intervention = Intervention.objects.get(case_id=case_id)
    assert intervention.cost_sek == 1200
    assert intervention.case.status == CaseStatus.INTERVENTION

    body = client.get(reverse("cases-case-detail", args=[case_id])).content.decode()
    assert "Insatsen startade: Kontaktperson eller kontaktfamilj" in body


def test_a_decision_outside_the_delegation_is_refused_with_the_posted_text_kept(
    client, caseworker, make_report
):
    case = open_investigation(caseworker, make_report(caseworker).case)
    placement = InterventionType.objects.get(code="hvb")
    client.force_login(caseworker)
    response = client.post(
        reverse("cases-decision-create", args=[case.pk]),
        {
            "decided_on": timezone.localdate().isoformat(),
            "outcome": "grant",
            "intervention_type": placement.pk,
            "reason": "Mitt utkast till motivering.",
        },
    )
    body = response.content.decode()
    assert response.status_code == 403  # the case is visible, the decision is not hers
    assert "delegation" in body
    assert "Mitt utkast till motivering." in body
    assert not Decision.objects.filter(case=case, outcome="grant").exists()


def test_a_future_decision_date_saves_nothing(client, caseworker, make_report):
    case = open_investigation(caseworker, make_report(caseworker).case)
    contact = InterventionType.objects.get(code="contact-person")
    client.force_login(caseworker)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("cases-decision-create", args=[case.pk]),
        {
            "decided_on": tomorrow.isoformat(),
            "outcome": "grant",
            "intervention_type": contact.pk,
            "reason": "Motivering.",
        },
    )
    assert response.status_code == 400
    assert "Datumet kan inte ligga i framtiden" in response.content.decode()
    assert not Decision.objects.filter(case=case, outcome="grant").exists()


def test_only_a_manager_may_extend_an_investigation(client, caseworker, manager, make_report):
    case = open_investigation(caseworker, make_report(caseworker).case)
    deadline = case.investigation.deadline
    new_due = (deadline.due + dt.timedelta(days=30)).isoformat()
    data = {"new_due": new_due, "reason": "Väntar på utlåtande från BUP."}

    assert (
        'id="action-extension"'
        not in page(client, caseworker, "cases-case-detail", case.pk).content.decode()
    )
    # The caseworker sees the case but the delegation order gives them no extension: an action
    # refused on a visible record answers 403, on the page as in the API (cases.policy).
    refused = client.post(reverse("cases-extension-create", args=[case.pk]), data)
    assert refused.status_code == 403
    deadline.refresh_from_db()
    assert deadline.due.isoformat() != new_due

    assert (
        'id="action-extension"'
        in page(client, manager, "cases-case-detail", case.pk).content.decode()
    )
    assert client.post(reverse("cases-extension-create", args=[case.pk]), data).status_code == 302
    deadline.refresh_from_db()
    assert deadline.due.isoformat() == new_due


def test_a_journal_entry_is_saved_with_its_author(client, caseworker, make_report):
    case = make_report(caseworker).case
    client.force_login(caseworker)
    response = client.post(
        reverse("cases-journal-create", args=[case.pk]), {"text": "Samtal med skolkurator."}
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get(case=case)
    assert entry.author == caseworker
    assert "Samtal med skolkurator." in client.get(response.url).content.decode()


def test_an_empty_journal_entry_saves_nothing(client, caseworker, make_report):
    case = make_report(caseworker).case
    client.force_login(caseworker)
    response = client.post(reverse("cases-journal-create", args=[case.pk]), {"text": "   "})
    assert response.status_code == 400
    assert "Inget sparades" in response.content.decode()
    assert not JournalEntry.objects.filter(case=case).exists()


def test_an_outsider_cannot_post_to_a_case(client, caseworker, outsider, make_report):
    case = make_report(caseworker).case
    client.force_login(outsider)
    response = client.post(reverse("cases-journal-create", args=[case.pk]), {"text": "Intrång"})
    assert response.status_code == 404
    assert not JournalEntry.objects.exists()


# --- The manager's queue ---


def test_the_manager_sees_unassigned_cases_with_an_assign_form(
    client, manager, caseworker, colleague, make_report
):
    report = make_report(manager, first_name="Vera", last_name="Lind")
    assert report.case.assigned_to is None
    response = page(client, manager, "cases-queue")
    body = response.content.decode()
    assert response.status_code == 200
    assert report.case.reference in body
    assert "Vera Lind" in body
    assert "socsek2.jarva" in body  # the colleague is offered
    assert "socsek.sodermalm" not in body


@pytest.mark.parametrize("role", ["caseworker", "outsider", *NO_CASE_ROLES])
def test_the_queue_answers_404_to_everyone_but_managers(client, request, role):
    assert page(client, request.getfixturevalue(role), "cases-queue").status_code == 404


def test_assigning_with_htmx_swaps_the_row(client, manager, caseworker, make_report):
    case = make_report(manager).case
    client.force_login(manager)
    response = client.post(
        reverse("cases-queue-assign", args=[case.pk]),
        {f"case{case.pk}-assignee": caseworker.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="queue-row-{case.pk}"')
    assert "Tilldelat" in body
    case.refresh_from_db()
    assert case.assigned_to == caseworker
    assert AuditEntry.objects.filter(action="cases.case.assign", case_id=case.pk).exists()


def test_assigning_to_a_caseworker_of_another_unit_saves_nothing(
    client, manager, outsider, make_report
):
    case = make_report(manager).case
    client.force_login(manager)
    response = client.post(
        reverse("cases-queue-assign", args=[case.pk]),
        {f"case{case.pk}-assignee": outsider.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "error-text" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to is None


def test_a_caseworker_cannot_assign(client, manager, caseworker, make_report):
    case = make_report(manager).case
    client.force_login(caseworker)
    response = client.post(
        reverse("cases-queue-assign", args=[case.pk]), {f"case{case.pk}-assignee": caseworker.pk}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.assigned_to is None


def test_the_queue_runs_the_same_number_of_queries_for_1_and_10_cases(
    client, manager, caseworker, colleague, make_report
):
    client.force_login(manager)
    make_report(manager)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("cases-queue")).status_code == 200
    for _ in range(9):
        make_report(manager)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(reverse("cases-queue"))
    assert len(response.context["rows"]) == 10
    assert len(ten) == len(one)


def test_the_delegation_order_decides_who_extends_on_the_page_and_in_the_api(
    client, caseworker, manager, make_report
):
    """A municipality that gives extensions to the caseworker changes the page and the API alike:
    the page offers the form to whom the order names, and the service accepts their extension."""
    case = open_investigation(caseworker, make_report(caseworker).case)
    deadline = case.investigation.deadline
    Delegation.objects.filter(decision_type=DecisionType.EXTEND_INVESTIGATION).update(
        role=caseworker.role
    )

    assert 'id="action-extension"' not in (
        page(client, manager, "cases-case-detail", case.pk).content.decode()
    )
    assert 'id="action-extension"' in (
        page(client, caseworker, "cases-case-detail", case.pk).content.decode()
    )

    new_due = deadline.due + dt.timedelta(days=30)
    posted = client.post(
        reverse("cases-extension-create", args=[case.pk]),
        {"new_due": new_due.isoformat(), "reason": "Väntar på utlåtande från BUP."},
    )
    assert posted.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due == new_due

    later = new_due + dt.timedelta(days=30)
    extended = api_client_for(caseworker).post(
        f"/api/v1/cases/{case.pk}/investigation/extension/",
        {"new_due": later.isoformat(), "reason": "Utlåtandet dröjer."},
        format="json",
        HTTP_IF_MATCH=f'"{Case.objects.get(pk=case.pk).version}"',
    )
    assert extended.status_code == 201, extended.content
    assert extended.json()["decided_by"] == caseworker.username
