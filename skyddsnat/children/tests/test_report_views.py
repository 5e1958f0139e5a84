"""The report intake page: a valid report opens a case; invalid input saves nothing and keeps
what was typed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.children.models import Report
from skyddsnat.organisation.models import District
from skyddsnat.people.models import Person

# Every test here uses the database (some reach the personas through request.getfixturevalue).
pytestmark = pytest.mark.django_db


def valid_data(**overrides) -> dict:
    now = timezone.localtime() - dt.timedelta(hours=1)
    data = {
        "personal_identity_number": new_identity_number(),
        "first_name": "Vera",
        "last_name": "Lind",
        "district": District.objects.get(slug="jarva").pk,
        "received_date": now.date().isoformat(),
        "received_time": now.strftime("%H:%M"),
        "reporter_type": "professional",
        "reporter_name": "Rinkebyskolan",
        "description": "Eleven har varit frånvarande i tre veckor.",
    }
    data.update(overrides)
    return data


def test_the_form_offers_only_current_districts_and_defaults_to_the_users(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("children-report-create"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Järva" in body
    assert "Rinkeby-Kista" not in body  # merged into Järva in 2023
    assert response.context["form"].initial["district"] == District.objects.get(slug="jarva").pk


def test_a_valid_report_opens_a_case_and_goes_to_its_page(client, caseworker):
    client.force_login(caseworker)
    data = valid_data()
    response = client.post(reverse("children-report-create"), data)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases-case-detail", args=[report.case_id])
    assert report.reporter_name == "Rinkebyskolan"
    assert report.case.assigned_to == caseworker
    assert timezone.localtime(report.received_at).strftime("%H:%M") == data["received_time"]


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"personal_identity_number": "20140517-1234"}, "personal_identity_number", "personnummer"),
        ({"personal_identity_number": "abc"}, "personal_identity_number", "personnummer"),
        (
            {"received_date": (timezone.localdate() + dt.timedelta(days=2)).isoformat()},
            "received_date",
            "framtiden",
        ),
        ({"description": ""}, "description", "Det här fältet är obligatoriskt"),
        ({"description": "   "}, "description", "Det här fältet är obligatoriskt"),
        ({"reporter_type": "neighbour"}, "reporter_type", "Välj ett giltigt alternativ"),
        ({"district": ""}, "district", "Det här fältet är obligatoriskt"),
    ],
)
def test_invalid_input_saves_nothing_and_shows_a_swedish_error_on_the_field(
    client, caseworker, overrides, field, message
):
    client.force_login(caseworker)
    data = valid_data(**overrides)
    response = client.post(reverse("children-report-create"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert "Inget sparades" in response.content.decode()
    assert not Report.objects.exists()
    assert not Person.objects.exists()


def test_a_failed_submit_keeps_the_typed_description(client, caseworker):
    client.force_login(caseworker)
    data = valid_data(personal_identity_number="19990101-0000")
    response = client.post(reverse("children-report-create"), data)
    body = response.content.decode()
    assert "Eleven har varit frånvarande i tre veckor." in body
    assert "Rinkebyskolan" in body


@pytest.mark.parametrize("role", ["politician", "analyst", "auditor", "admin_user"])
def test_roles_without_case_access_cannot_register_reports(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("children-report-create")).status_code == 404
    assert client.post(reverse("children-report-create"), valid_data()).status_code == 404
    assert not Report.objects.exists()


def test_a_safety_assessment_before_the_report_saves_nothing(client, caseworker, make_report):
    report = make_report(caseworker)
    client.force_login(caseworker)
    before = timezone.localtime(report.received_at) - dt.timedelta(days=1)
    response = client.post(
        reverse("children-safety-assessment-create", args=[report.case_id]),
        {
            "assessed_date": before.date().isoformat(),
            "assessed_time": before.strftime("%H:%M"),
            "immediate_protection_needed": "yes",
            "notes": "Mitt utkast.",
        },
    )
    assert response.status_code == 400
    assert "Mitt utkast." in response.content.decode()
    report.refresh_from_db()
    assert not hasattr(report, "safety_assessment")


def test_an_outsider_cannot_record_a_pre_assessment(client, caseworker, outsider, make_report):
    report = make_report(caseworker)
    client.force_login(outsider)
    response = client.post(
        reverse("children-pre-assessment-create", args=[report.case_id]),
        {
            "decided_on": timezone.localdate().isoformat(),
            "decision": "no_investigation",
            "reason": "x",
        },
    )
    assert response.status_code == 404
    report.case.refresh_from_db()
    assert report.case.status == "pre_assessment"
