"""What a partner agency sees: computed from the consents on the day, with the rules for a person
under 18 (each guardian's consent) and for protected identity."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from skyddsnat.partners import selectors, services
from skyddsnat.partners.sharing import shared_participants, shared_scopes, years_before
from skyddsnat.partners.tests.conftest import add_guardian, consent, make_participant
from skyddsnat.people.models import ProtectionLevel

pytestmark = pytest.mark.django_db


def shared_ids(agency: str, day: dt.date | None = None) -> set[int]:
    return set(shared_participants(agency=agency, day=day).values_list("pk", flat=True))


def test_an_adults_own_consent_shares_with_that_agency_only(caseworker, participant):
    assert shared_ids("police") == set()
    consent(caseworker, participant.person, agency="police")
    assert shared_ids("police") == {participant.pk}
    assert shared_ids("school") == set()


def test_sharing_follows_the_consents_dates(caseworker, participant):
    today = timezone.localdate()
    recorded = consent(
        caseworker,
        participant.person,
        valid_from=today - dt.timedelta(days=10),
        valid_to=today + dt.timedelta(days=10),
    )
    assert shared_ids("police", today - dt.timedelta(days=11)) == set()
    assert shared_ids("police", today - dt.timedelta(days=10)) == {participant.pk}
    assert shared_ids("police", today + dt.timedelta(days=10)) == {participant.pk}
    assert shared_ids("police", today + dt.timedelta(days=11)) == set()
    services.consent_withdraw(user=caseworker, consent=recorded, withdrawn_on=today)
    assert shared_ids("police", today - dt.timedelta(days=1)) == {participant.pk}
    assert shared_ids("police", today) == set()


def test_the_scope_decides_what_is_shown(caseworker, police, participant):
    consent(caseworker, participant.person, scope=("plan",))
    seen = selectors.get_partner_participant(police, participant.pk)
    assert [g.text for g in seen.goals] == ["Går i skolan varje dag", "Inga nya brott anmälda"]
    assert seen.meetings == []
    assert seen.plan_shared and not seen.meetings_shared
    assert shared_scopes(person=participant.person, agency="police") == ["plan"]


def test_under_18_every_guardian_and_the_person_must_consent(caseworker):
    today = timezone.localdate()
    child = make_participant(caseworker, born=years_before(today, 15), first="Ali")
    person = child.person
    mother, father = add_guardian(person, "Maja"), add_guardian(person, "Omar")
    consent(caseworker, person)
    assert shared_ids("police") == set(), "the child's own consent is not enough under 18"
    consent(caseworker, person, guardian=mother)
    assert shared_ids("police") == set(), "one guardian of two is not enough (joint custody)"
    consent(caseworker, person, guardian=father, scope=("plan",))
    assert shared_ids("police") == {child.pk}
    assert shared_scopes(person=person, agency="police") == ["plan"]


def test_the_guardians_consents_without_the_childs_own_share_nothing(caseworker):
    today = timezone.localdate()
    child = make_participant(caseworker, born=years_before(today, 16))
    mother = add_guardian(child.person, "Maja")
    consent(caseworker, child.person, guardian=mother)
    assert shared_ids("police") == set()


def test_a_child_without_a_registered_guardian_shares_nothing(caseworker):
    today = timezone.localdate()
    child = make_participant(caseworker, born=years_before(today, 14))
    consent(caseworker, child.person)
    assert shared_ids("police") == set()


def test_the_18th_birthday_counts_as_adult(caseworker):
    today = timezone.localdate()
    young = make_participant(caseworker, born=years_before(today, 18))
    add_guardian(young.person, "Maja")
    consent(caseworker, young.person)
    assert shared_ids("police", today) == {young.pk}
    assert shared_ids("police", today - dt.timedelta(days=1)) == set()


def test_an_unknown_birth_date_counts_as_under_18(caseworker, participant):
    participant.person.date_of_birth = None
    participant.person.save(update_fields=["date_of_birth"])
    consent(caseworker, participant.person)
    assert shared_ids("police") == set()


def test_a_protected_person_is_shown_without_any_name(caseworker, police):
    hidden = make_participant(
        caseworker, first="Zelmira", protection=ProtectionLevel.SECRECY_MARKING
    )
    consent(caseworker, hidden.person)
    seen = selectors.get_partner_participant(police, hidden.pk)
    assert seen.first_name is None
    assert len(seen.goals) == 2


def test_a_withdrawn_consent_answers_404_like_a_missing_id(caseworker, police, participant):
    recorded = consent(caseworker, participant.person)
    assert selectors.get_partner_participant(police, participant.pk).first_name == "Nora"
    services.consent_withdraw(user=caseworker, consent=recorded, withdrawn_on=timezone.localdate())
    with pytest.raises(Http404):
        selectors.get_partner_participant(police, participant.pk)


def test_staff_are_not_partners(caseworker, participant):
    consent(caseworker, participant.person)
    with pytest.raises(Http404):
        selectors.partner_participants(caseworker)
