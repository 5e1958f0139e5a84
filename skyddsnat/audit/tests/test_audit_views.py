"""The audit log page: for the auditor only, searchable by person and by user."""

import pytest
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry

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
