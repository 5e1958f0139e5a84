"""Person search and the person page: only persons of visible cases, never a protected address."""

import pytest
from django.urls import reverse

from skyddsnat.audit.models import AuditEntry
from skyddsnat.people.models import ProtectionLevel

# Every test here uses the database (some reach the personas through request.getfixturevalue).
pytestmark = pytest.mark.django_db


def search(client, user, query, **headers):
    client.force_login(user)
    return client.get(reverse("people-person-search"), {"q": query}, **headers)


def test_a_caseworker_finds_the_child_by_identity_number_and_by_name(
    client, caseworker, make_report
):
    child = make_report(caseworker, first_name="Vera", last_name="Lind").child
    body = search(client, caseworker, child.identity_number_display).content.decode()
    assert "Vera Lind" in body
    body = search(client, caseworker, "vera lind").content.decode()
    assert reverse("people-person-detail", args=[child.pk]) in body


def test_a_caseworker_of_another_district_finds_nothing(client, caseworker, outsider, make_report):
    child = make_report(caseworker, first_name="Vera", last_name="Lind").child
    body = search(client, outsider, child.personal_identity_number).content.decode()
    assert "Vera Lind" not in body
    assert "Ingen person hittades" in body


def test_live_search_with_htmx_answers_only_the_results(client, caseworker, make_report):
    make_report(caseworker, first_name="Vera", last_name="Lind")
    response = search(client, caseworker, "Lind", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Vera Lind" in body
    assert "<html" not in body


def test_search_results_never_show_an_address(client, caseworker, make_report):
    child = make_report(caseworker, first_name="Vera", last_name="Lind").child
    child.protection_level = ProtectionLevel.SECRECY_MARKING
    child.street_address = "Hemliga gatan 1"
    child.save()
    body = search(client, caseworker, "Lind").content.decode()
    assert "Vera Lind" in body
    assert "Hemliga gatan" not in body


@pytest.mark.parametrize("role", ["politician", "analyst", "auditor", "admin_user"])
def test_roles_without_case_access_cannot_search(client, request, caseworker, make_report, role):
    child = make_report(caseworker).child
    response = search(client, request.getfixturevalue(role), child.personal_identity_number)
    assert response.status_code == 404


def test_the_person_page_lists_visible_cases_and_is_audited(client, caseworker, make_report):
    report = make_report(caseworker, first_name="Vera", last_name="Lind")
    client.force_login(caseworker)
    response = client.get(reverse("people-person-detail", args=[report.child_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert report.case.reference in body
    assert AuditEntry.objects.filter(
        action="people.person.read", person_id=report.child_id, username="socsek.jarva"
    ).exists()


@pytest.mark.parametrize("role", ["outsider", "politician", "analyst", "auditor", "admin_user"])
def test_the_person_page_answers_404_to_those_who_may_not_see_the_person(
    client, request, caseworker, make_report, role
):
    report = make_report(caseworker)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("people-person-detail", args=[report.child_id])).status_code == 404


def test_the_person_page_hides_a_protected_address(client, caseworker, make_report):
    child = make_report(caseworker).child
    child.protection_level = ProtectionLevel.FICTITIOUS_IDENTITY
    child.street_address = "Hemliga gatan 1"
    child.save()
    client.force_login(caseworker)
    body = client.get(reverse("people-person-detail", args=[child.pk])).content.decode()
    assert "Hemliga gatan" not in body
    assert "Skyddad adress" in body
