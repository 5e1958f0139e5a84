"""The child's details for the national register (issue 14 point 5a): the child's and the
guardians' country of birth where known, and whether the child came unaccompanied, recorded on
the children's case page, validated against ISO 3166-1, audited and refused to anyone outside the
case."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import PASSWORD, new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.guardians import guardian_add
from skyddsnat.cases.models import Case
from skyddsnat.children.services import child_background_update
from skyddsnat.lib import countries
from skyddsnat.people.models import Person


@pytest.fixture
def case(caseworker, make_report) -> Case:
    case = make_report(caseworker).case
    guardian_add(
        user=caseworker,
        case=case,
        personal_identity_number=new_identity_number(dt.date(1984, 2, 2)),
        first_name="Mona",
        last_name="Testsson",
        relation="parent",
        is_synthetic=True,
    )
    case.refresh_from_db()
    return case


def _guardian(case: Case) -> Person:
    return Person.objects.get(guardian_of__child=case.person)


def _url(case: Case) -> str:
    return reverse("children-case-background-update", args=[case.pk])


def test_the_case_page_records_the_child_and_the_guardian_and_audits_it(caseworker, case, client):
    client.login(username="socsek.jarva", password=PASSWORD)
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert f'href="{_url(case)}"' in page
    # The country lists are on the page of their own, not on every case page.
    assert "Syrien" not in page
    mother = _guardian(case)
    page = client.get(_url(case)).content.decode()
    assert "Uppgifter för den nationella statistiken" in page
    assert "Syrien" in page and "Mona Testsson" in page  # the countries in Swedish
    [read] = AuditEntry.objects.filter(action="children.background.read")
    assert (read.user_id, read.case_id) == (caseworker.pk, case.pk)
    assert set(read.person_ids) == {case.person_id, mother.pk}
    response = client.post(
        _url(case),
        {
            "version": case.version,
            "country_of_birth": "SY",
            "unaccompanied_minor": "on",
            f"guardian_{mother.pk}": "TR",
        },
    )
    assert response.status_code == 302
    child = Person.objects.get(pk=case.person_id)
    assert (child.country_of_birth, child.unaccompanied_minor) == ("SY", True)
    assert Person.objects.get(pk=mother.pk).country_of_birth == "TR"
    [entry] = AuditEntry.objects.filter(action="people.person.background")
    assert (entry.user_id, entry.case_id, entry.person_id) == (caseworker.pk, case.pk, child.pk)
    assert set(entry.person_ids) == {child.pk, mother.pk}
    assert entry.detail["changed"] == {
        str(child.pk): ["country_of_birth", "unaccompanied_minor"],
        str(mother.pk): ["country_of_birth"],
    }
    assert Case.objects.get(pk=case.pk).version == case.version + 1
    page = client.get(reverse("people-person-detail", args=[child.pk])).content.decode()
    assert "Födelseland" in page and "Syrien" in page and "Ensamkommande barn" in page


def test_an_unassigned_code_is_refused_and_nothing_changes(case, client):
    client.login(username="socsek.jarva", password=PASSWORD)
    response = client.post(_url(case), {"version": case.version, "country_of_birth": "XX"})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert Person.objects.get(pk=case.person_id).country_of_birth == ""
    assert not AuditEntry.objects.filter(action="people.person.background").exists()


@pytest.mark.parametrize(
    "code", ["XX", "SWE", "S", "<b>"], ids=["user-assigned", "alpha-3", "one", "markup"]
)
def test_the_service_accepts_only_iso_codes(caseworker, case, code):
    with pytest.raises(ValidationError) as error:
        child_background_update(
            user=caseworker, case=case, country_of_birth=code, unaccompanied_minor=False
        )
    assert "country_of_birth" in error.value.message_dict


def test_the_database_refuses_anything_but_two_capitals(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=case.person_id).update(country_of_birth="se")


def test_a_guardian_of_another_child_cannot_be_changed_through_the_case(
    caseworker, case, make_report
):
    other = make_report(caseworker).case
    guardian_add(
        user=caseworker,
        case=other,
        personal_identity_number=new_identity_number(dt.date(1980, 5, 5)),
        first_name="Ola",
        last_name="Annansson",
        relation="parent",
        is_synthetic=True,
    )
    stranger = _guardian(other)
    with pytest.raises(ValidationError):
        child_background_update(
            user=caseworker,
            case=case,
            country_of_birth="",
            unaccompanied_minor=False,
            guardian_countries={stranger.pk: "NO"},
        )
    assert Person.objects.get(pk=stranger.pk).country_of_birth == ""


def test_a_stale_form_is_refused_with_409(case, client, caseworker):
    shown = case.version  # the page was read, then a colleague saved first
    child_background_update(
        user=caseworker, case=case, country_of_birth="FI", unaccompanied_minor=False
    )
    client.login(username="socsek.jarva", password=PASSWORD)
    response = client.post(_url(case), {"version": shown, "country_of_birth": "SE"})
    assert response.status_code == 409
    assert Person.objects.get(pk=case.person_id).country_of_birth == "FI"


def test_someone_outside_the_case_is_refused(case, outsider, client):
    with pytest.raises(PermissionDenied):
        child_background_update(
            user=outsider, case=case, country_of_birth="SE", unaccompanied_minor=True
        )
    client.login(username="socsek.sodermalm", password=PASSWORD)
    response = client.post(_url(case), {"version": case.version, "country_of_birth": "SE"})
    assert response.status_code == 404
    assert client.get(_url(case)).status_code == 404
    assert Person.objects.get(pk=case.person_id).country_of_birth == ""


def test_nothing_changed_writes_nothing(caseworker, case):
    child_background_update(
        user=caseworker, case=case, country_of_birth="", unaccompanied_minor=False
    )
    assert not AuditEntry.objects.filter(action="people.person.background").exists()
    assert Case.objects.get(pk=case.pk).version == case.version


def test_the_country_list_is_iso_3166_in_swedish_order(db):
    names = [name for _code, name in countries.choices()]
    assert len(names) == len(countries.CODES) == 249
    assert names.index("Zimbabwe") < names.index("Åland") < names.index("Österrike")
    assert countries.name("SE") == "Sverige"
