"""The audit log page: for the auditor only, searchable by person and by user."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import InterventionType
from skyddsnat.children.services import early_help_end, early_help_start

# Every test here uses the database (some reach the personas through request.getfixturevalue).
pytestmark = pytest.mark.django_db


def test_the_auditor_sees_who_read_a_persons_case(client, caseworker, auditor, make_report):
    report = make_report(caseworker)
    client.force_login(caseworker)
    client.get(reverse("cases-case-detail", args=[report.case_id]))
    client.force_login(auditor)
    response = client.get(reverse("audit-log"), {"person": report.child.identity_number_display})
    body = response.content.decode()
    assert response.status_code == 200
    assert "socsek.jarva" in body
    assert "Läste ärendet" in body
    assert report.child.identity_number_display in body


def test_every_action_of_the_case_and_children_apps_has_a_readable_label(
    client, caseworker, auditor, make_report
):
    """The auditor reads Swedish labels, not codes: a write or read of these apps that logs an
    action without a label in ACTION_LABELS shows up here as its raw code."""
    report = make_report(caseworker)
    today = timezone.localdate()
    help_record = early_help_start(
        user=caseworker,
        case=report.case,
        intervention_type=InterventionType.objects.get(code="counselling"),
        started_on=today - dt.timedelta(days=1),
        consent_given=True,
        consent_on=today - dt.timedelta(days=1),
    )
    early_help_end(user=caseworker, early_help=help_record, ended_on=today)
    client.force_login(caseworker)
    client.get(reverse("cases-case-detail", args=[report.case_id]))
    client.get(reverse("children-early-help-list"))
    client.force_login(auditor)
    response = client.get(reverse("audit-log"), {"user": caseworker.username})
    rows = response.context["rows"]
    raw = sorted({row["entry"].action for row in rows if row["label"] == row["entry"].action})
    assert {row["entry"].action for row in rows} >= {
        "children.early_help.create",
        "children.early_help.end",
        "children.early_help.read",
    }
    assert raw == []


def test_the_auditor_searches_by_username(client, caseworker, colleague, auditor, make_report):
    make_report(caseworker)
    make_report(colleague)
    client.force_login(auditor)
    response = client.get(reverse("audit-log"), {"user": "socsek2.jarva"})
    usernames = {row["entry"].username for row in response.context["rows"]}
    assert usernames == {"socsek2.jarva"}


def test_the_search_itself_is_logged(client, auditor):
    client.force_login(auditor)
    client.get(reverse("audit-log"), {"user": "socsek.jarva"})
    assert AuditEntry.objects.filter(action="audit.log.search", username="granskare").exists()


def test_an_invalid_identity_number_is_an_error_on_the_field(client, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit-log"), {"person": "12345"})
    assert "person" in response.context["form"].errors
    assert "personnummer" in response.content.decode()


def test_an_empty_search_shows_only_the_form(client, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit-log"))
    assert response.status_code == 200
    assert response.context["rows"] == []


@pytest.mark.parametrize(
    "role", ["caseworker", "manager", "outsider", "politician", "analyst", "admin_user"]
)
def test_the_audit_log_answers_404_to_everyone_but_the_auditor(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("audit-log"), {"user": "socsek.jarva"}).status_code == 404
