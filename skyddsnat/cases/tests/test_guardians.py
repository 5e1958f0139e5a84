"""Issue 9 point 1: the guardians of a case's child on the case page, the person page, the report
intake, letters and the API, never with a protected address to someone who may not see it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.guardians import guardian_add, guardian_rows
from skyddsnat.cases.tests.test_case_views import api_client_for
from skyddsnat.people.models import Guardianship, Person, ProtectionLevel

pytestmark = pytest.mark.django_db

HIDDEN_STREET = "Dolda gränd 7"


def _guardian(user, case, first="Gun", **protection) -> Person:
    link = guardian_add(
        user=user,
        case=case,
        personal_identity_number=new_identity_number(dt.date(1980, 1, 1)),
        first_name=first,
        last_name="Vårdsson",
        relation="parent",
        is_synthetic=True,
    )
    guardian = link.guardian
    guardian.street_address, guardian.postal_code, guardian.city = "Storgatan 1", "16300", "Spånga"
    for field, value in protection.items():
        setattr(guardian, field, value)
    guardian.save()
    return guardian


def _protected(user, case) -> Person:
    guardian = _guardian(
        user, case, first="Dold", protection_level=ProtectionLevel.PROTECTED_REGISTRATION
    )
    guardian.street_address = HIDDEN_STREET
    guardian.save()
    return guardian


def test_the_case_page_shows_the_guardians_and_hides_a_protected_address(
    client, caseworker, colleague, make_report
):
    report = make_report(caseworker)
    _guardian(caseworker, report.case)
    _protected(caseworker, report.case)
    client.force_login(caseworker)
    body = client.get(reverse("cases-case-detail", args=[report.case_id])).content.decode()
    assert "Gun Vårdsson" in body and "Storgatan 1" in body
    assert "Dold Vårdsson" in body
    assert HIDDEN_STREET not in body
    assert "skyddad folkbokföring" not in body.lower()
    colleague.may_see_protected_addresses = True
    colleague.save()
    client.force_login(colleague)
    body = client.get(reverse("cases-case-detail", args=[report.case_id])).content.decode()
    assert HIDDEN_STREET in body
    assert "skyddad folkbokföring" in body.lower()


def test_a_withheld_address_tells_nothing_of_the_level(caseworker, make_report):
    report = make_report(caseworker)
    _protected(caseworker, report.case)
    (row,) = guardian_rows(user=caseworker, child=report.case.person, audit=False)
    assert row.address_protected is True
    assert row.address is None
    assert row.protection == ""


def test_each_list_of_guardians_shown_is_audited_under_the_guardians(
    client, caseworker, make_report
):
    report = make_report(caseworker)
    guardian = _guardian(caseworker, report.case)
    client.force_login(caseworker)
    client.get(reverse("people-person-detail", args=[report.case.person_id]))
    entry = AuditEntry.objects.filter(action="people.guardian.list", user_id=caseworker.pk).last()
    assert entry is not None
    assert guardian.pk in entry.person_ids


def test_the_person_page_shows_the_guardians(client, caseworker, make_report):
    report = make_report(caseworker)
    _guardian(caseworker, report.case)
    client.force_login(caseworker)
    body = client.get(reverse("people-person-detail", args=[report.case.person_id])).content
    assert "Gun Vårdsson" in body.decode()
    assert "Vårdnadshavare" in body.decode()


def test_a_guardian_is_added_from_the_case_page_and_audited(client, caseworker, make_report):
    report = make_report(caseworker)
    client.force_login(caseworker)
    number = new_identity_number(dt.date(1982, 3, 3))
    response = client.post(
        reverse("cases-guardian-create", args=[report.case_id]),
        {
            "personal_identity_number": number,
            "first_name": "Ulf",
            "last_name": "Förordnad",
            "relation": "appointed",
        },
    )
    assert response.status_code == 302
    link = Guardianship.objects.get(child=report.case.person)
    assert (link.guardian.first_name, link.relation) == ("Ulf", "appointed")
    assert AuditEntry.objects.filter(
        action="people.guardian.add", person_id=link.guardian_id, case_id=report.case_id
    ).exists()
    again = client.post(
        reverse("cases-guardian-create", args=[report.case_id]),
        {
            "personal_identity_number": number,
            "first_name": "Ulf",
            "last_name": "Förordnad",
            "relation": "appointed",
        },
    )
    assert again.status_code == 409
    assert Guardianship.objects.filter(child=report.case.person).count() == 1


def test_a_child_is_not_their_own_guardian(caseworker, make_report):
    report = make_report(caseworker)
    child = report.case.person
    with pytest.raises(ValidationError):
        guardian_add(
            user=caseworker,
            case=report.case,
            personal_identity_number=child.personal_identity_number,
            first_name=child.first_name,
            last_name=child.last_name,
            relation="parent",
        )


def test_another_districts_caseworker_cannot_add_a_guardian(
    client, outsider, caseworker, make_report
):
    report = make_report(caseworker)
    client.force_login(outsider)
    response = client.post(
        reverse("cases-guardian-create", args=[report.case_id]),
        {
            "personal_identity_number": new_identity_number(dt.date(1982, 3, 3)),
            "first_name": "Ulf",
            "last_name": "Främling",
            "relation": "parent",
        },
    )
    assert response.status_code == 404
    assert not Guardianship.objects.exists()


def test_the_report_intake_adds_the_guardian_it_names(client, caseworker, jarva):
    client.force_login(caseworker)
    received = timezone.localtime() - dt.timedelta(hours=2)
    fields = {
        "personal_identity_number": new_identity_number(),
        "first_name": "Ella",
        "last_name": "Intag",
        "district": jarva.pk,
        "received_date": received.date().isoformat(),
        "received_time": "00:00",
        "reporter_type": "professional",
        "reporter_name": "Skolan",
        "description": "Skolan oroar sig.",
        "guardian_personal_identity_number": new_identity_number(dt.date(1979, 5, 5)),
        "guardian_first_name": "Maj",
        "guardian_last_name": "Intag",
        "guardian_relation": "parent",
    }
    response = client.post(reverse("children-report-create"), fields)
    assert response.status_code == 302
    child = Person.objects.get(first_name="Ella")
    assert [g.first_name for g in child.guardians.all()] == ["Maj"]
    # A second report naming the same guardian is fine: the guardian is known.
    response = client.post(reverse("children-report-create"), fields)
    assert response.status_code == 302
    assert child.guardians.count() == 1


def test_the_intake_names_the_guardian_field_of_an_error(client, caseworker, jarva):
    client.force_login(caseworker)
    response = client.post(
        reverse("children-report-create"),
        {
            "personal_identity_number": new_identity_number(),
            "first_name": "Ella",
            "last_name": "Intag",
            "district": jarva.pk,
            "received_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "received_time": "12:00",
            "reporter_type": "professional",
            "reporter_name": "Skolan",
            "description": "Skolan oroar sig.",
            "guardian_personal_identity_number": new_identity_number(dt.date(1979, 5, 5)),
            "guardian_first_name": "",
            "guardian_last_name": "Intag",
        },
    )
    assert response.status_code == 400
    assert not Person.objects.filter(first_name="Ella").exists()
    assert 'id="id_guardian_first_name"' in response.content.decode()


def test_the_api_case_gives_the_guardians_without_a_protected_address(
    caseworker, colleague, make_report
):
    report = make_report(caseworker)
    plain = _guardian(caseworker, report.case)
    hidden = _protected(caseworker, report.case)
    data = api_client_for(caseworker).get(f"/api/v1/cases/{report.case_id}/").json()
    by_id = {g["id"]: g for g in data["guardians"]}
    assert by_id[plain.pk] == {
        "id": plain.pk,
        "name": "Gun Vårdsson",
        "relation": "parent",
        "address_protected": False,
        "address": {"street_address": "Storgatan 1", "postal_code": "16300", "city": "Spånga"},
    }
    assert by_id[hidden.pk]["address_protected"] is True
    assert by_id[hidden.pk]["address"] is None
    assert HIDDEN_STREET not in str(data)
    colleague.may_see_protected_addresses = True
    colleague.save()
    data = api_client_for(colleague).get(f"/api/v1/cases/{report.case_id}/").json()
    assert HIDDEN_STREET in str(data)


def test_the_schema_documents_the_guardians(client, caseworker):
    client.force_login(caseworker)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    case = schema["components"]["schemas"]["CaseDetail"]
    assert "guardians" in case["properties"]
    guardian = schema["components"]["schemas"]["Guardian"]
    assert set(guardian["properties"]) == {"id", "name", "relation", "address_protected", "address"}
