"""Person search: by identity number or name, only among persons the user meets through a visible
case; a protected person's address never travels with the hits (issue 2 point 7)."""

import pytest
from django.db import connection

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.persons import person_search

NOBODY = ["outsider", "politician", "analyst", "auditor", "admin_user"]


@pytest.fixture
def child(caseworker, make_report):
    number = new_identity_number()
    report = make_report(
        caseworker,
        personal_identity_number=number,
        first_name="Wilhelmina",
        last_name="Lindqvist",
    )
    return report.child


@pytest.fixture
def other_child(outsider, make_report, sodermalm):
    return make_report(
        outsider, district=sodermalm, first_name="Wilhelmina", last_name="Lindberg"
    ).child


def test_it_finds_a_visible_person_by_identity_number_in_any_form(caseworker, child):
    number = child.personal_identity_number
    for query in (number, f"{number[:8]}-{number[8:]}", f"{number[2:8]}-{number[8:]}"):
        assert person_search(user=caseworker, query=query) == [child], query


def test_it_finds_a_visible_person_by_name_with_every_word(caseworker, child):
    assert person_search(user=caseworker, query="Lindqvist") == [child]
    assert person_search(user=caseworker, query="wilhelmina lindq") == [child]
    assert person_search(user=caseworker, query="Wilhelmina Svensson") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram search is PostgreSQL only")
def test_on_postgresql_a_one_letter_typo_still_finds_the_person(caseworker, child):
    assert person_search(user=caseworker, query="Lindkvist") == [child]
    assert person_search(user=caseworker, query="Wilhelmina Lindqvst") == [child]


@pytest.mark.parametrize("persona", NOBODY)
def test_a_person_of_a_case_the_user_may_not_see_is_never_found(request, child, persona):
    user = request.getfixturevalue(persona)
    for query in (child.personal_identity_number, "Lindqvist", "Wilhelmina Lindqvist"):
        assert child not in person_search(user=user, query=query)


def test_the_outsider_finds_only_their_own_districts_child(outsider, child, other_child):
    assert person_search(user=outsider, query="Wilhelmina") == [other_child]


def test_too_short_queries_find_nothing_and_are_not_logged(caseworker, child):
    before = AuditEntry.objects.count()
    assert person_search(user=caseworker, query=" L ") == []
    assert person_search(user=caseworker, query="") == []
    assert AuditEntry.objects.count() == before


def test_every_hit_is_audited_with_the_query(caseworker, child):
    person_search(user=caseworker, query="Lindqvist")
    entry = AuditEntry.objects.get(action="people.person.search")
    assert entry.person_id == child.pk
    assert entry.username == caseworker.username
    assert entry.detail["query"] == "Lindqvist"


def test_a_search_without_hits_writes_no_person_entries(outsider, child):
    person_search(user=outsider, query="Lindqvist")
    assert not AuditEntry.objects.filter(action="people.person.search", person_id=child.pk).exists()
