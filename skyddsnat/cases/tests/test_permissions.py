"""Who sees which case and person (issue 2 point 7). A record the user may not see answers 404,
exactly as one that does not exist."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from skyddsnat.cases.models import Case
from skyddsnat.cases.policy import (
    get_case_for_user,
    get_person_for_user,
    may_see_address,
    visible_cases,
    visible_persons,
)
from skyddsnat.people.models import Person, ProtectionLevel

NO_CASE_ACCESS = ["outsider", "politician", "analyst", "auditor", "admin_user"]


@pytest.fixture
def cases(caseworker, colleague, manager, sodermalm, make_report):
    """One case assigned to the caseworker, one to the colleague, one waiting unassigned, all in
    Järva; and one Södermalm case."""
    from conftest import make_user

    mine = make_report(caseworker).case
    theirs = make_report(colleague).case
    queued = make_report(manager).case
    other_district = make_report(
        make_user("chef.sodermalm", "manager", "sodermalm"), district=sodermalm
    ).case
    return {"mine": mine, "theirs": theirs, "queued": queued, "sodermalm": other_district}


def test_a_caseworker_sees_the_units_cases(caseworker, cases):
    visible = set(visible_cases(caseworker))
    assert visible == {cases["mine"], cases["theirs"], cases["queued"]}


def test_a_caseworker_sees_a_case_of_another_unit_assigned_to_them(outsider, cases):
    Case.objects.filter(pk=cases["mine"].pk).update(assigned_to=outsider)
    assert set(visible_cases(outsider)) == {cases["sodermalm"], cases["mine"]}


def test_a_manager_sees_the_units_cases(manager, cases):
    assert set(visible_cases(manager)) == {cases["mine"], cases["theirs"], cases["queued"]}


def test_a_manager_does_not_see_a_case_of_another_unit_even_if_assigned(manager, cases):
    Case.objects.filter(pk=cases["sodermalm"].pk).update(assigned_to=manager)
    assert cases["sodermalm"] not in set(visible_cases(manager))


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
def test_roles_without_case_access_and_other_districts_see_no_jarva_case(request, cases, persona):
    user = request.getfixturevalue(persona)
    visible = set(visible_cases(user))
    assert not visible & {cases["mine"], cases["theirs"], cases["queued"]}
    if persona != "outsider":
        assert visible == set()
        assert not visible_persons(user).exists()


def test_an_anonymous_or_inactive_user_sees_nothing(caseworker, cases):
    assert not visible_cases(AnonymousUser()).exists()
    caseworker.is_active = False
    caseworker.save()
    assert not visible_cases(caseworker).exists()


@pytest.mark.parametrize("persona", NO_CASE_ACCESS)
def test_get_case_for_user_answers_404_alike_for_a_missing_and_a_hidden_case(
    request, cases, persona
):
    user = request.getfixturevalue(persona)
    missing = Case.objects.order_by("-pk").first().pk + 1000
    for case_id in (cases["mine"].pk, missing, 2**70, -1, "abc", None):
        with pytest.raises(Http404) as error:
            get_case_for_user(user, case_id)
        assert str(error.value) == ""


def test_get_case_for_user_returns_a_visible_case(caseworker, manager, cases):
    assert get_case_for_user(caseworker, cases["theirs"].pk) == cases["theirs"]
    assert get_case_for_user(manager, str(cases["queued"].pk)) == cases["queued"]


def test_a_person_is_visible_only_through_a_visible_case(caseworker, outsider, cases):
    child = cases["mine"].person
    assert get_person_for_user(caseworker, child.pk) == child
    with pytest.raises(Http404):
        get_person_for_user(outsider, child.pk)
    with pytest.raises(Http404):
        get_person_for_user(caseworker, cases["sodermalm"].person_id)
    assert set(visible_persons(outsider)) == {cases["sodermalm"].person}


def test_a_protected_persons_address_is_only_for_staff_with_an_explicit_need(
    caseworker, manager, cases
):
    child = cases["mine"].person
    assert may_see_address(caseworker, child)
    for level in ProtectionLevel:
        if level == ProtectionLevel.NONE:
            continue
        Person.objects.filter(pk=child.pk).update(protection_level=level)
        child.refresh_from_db()
        assert not may_see_address(caseworker, child), level
        assert not may_see_address(manager, child), level
    manager.may_see_protected_addresses = True
    assert may_see_address(manager, child)
