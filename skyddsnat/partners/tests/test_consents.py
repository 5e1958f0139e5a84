"""Consent as a record: the API contract, the rules of a consent and its withdrawal, odd input,
access and audit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from skyddsnat.audit.models import AuditEntry
from skyddsnat.partners.models import Consent, Disclosure, DisclosureGround
from skyddsnat.partners.tests.conftest import add_guardian, consent, make_participant

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(**extra):
    today = timezone.localdate()
    return {
        "agency": "police",
        "scope": ["plan", "meetings"],
        "valid_from": str(today),
        "valid_to": str(today + dt.timedelta(days=365)),
        "given_by": "person",
        **extra,
    }


def test_it_records_a_consent_and_answers_the_contracts_id_and_active(caseworker, participant):
    url = reverse("api-person-consents", args=[participant.person_id])
    response = api(caseworker).post(url, body(), format="json")
    assert response.status_code == 201, response.content
    consent = Consent.objects.get()
    assert response.json() == {"id": consent.pk, "active": True}
    assert consent.shares_plan and consent.shares_meetings
    assert consent.recorded_by == caseworker
    assert AuditEntry.objects.filter(
        action="partners.consent.create", person_id=participant.person_id, user_id=caseworker.pk
    ).exists()


def test_a_consent_starting_later_is_recorded_but_not_active(caseworker, participant):
    later = timezone.localdate() + dt.timedelta(days=3)
    response = api(caseworker).post(
        reverse("api-person-consents", args=[participant.person_id]),
        body(valid_from=str(later), valid_to=str(later + dt.timedelta(days=30))),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["active"] is False


def test_it_withdraws_a_consent_and_a_second_withdrawal_answers_409(caseworker, participant):
    recorded = consent(caseworker, participant.person)
    url = reverse("api-consent-withdraw", args=[recorded.pk])
    today = str(timezone.localdate())
    response = api(caseworker).post(url, {"withdrawn_on": today}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"id": recorded.pk, "active": False}
    again = api(caseworker).post(url, {"withdrawn_on": today}, format="json")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    recorded.refresh_from_db()
    assert recorded.withdrawn_on == timezone.localdate()
    assert recorded.withdrawn_by == caseworker
    assert AuditEntry.objects.filter(action="partners.consent.withdraw").count() == 1


def test_a_withdrawal_dated_ahead_is_refused_and_nothing_changes(caseworker, participant):
    recorded = consent(caseworker, participant.person)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = api(caseworker).post(
        reverse("api-consent-withdraw", args=[recorded.pk]),
        {"withdrawn_on": str(tomorrow)},
        format="json",
    )
    assert response.status_code == 400
    assert "withdrawn_on" in response.json()["errors"]
    recorded.refresh_from_db()
    assert recorded.withdrawn_on is None


def test_a_withdrawal_recorded_late_stops_sharing_from_its_own_day(caseworker, participant):
    recorded = consent(caseworker, participant.person)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = api(caseworker).post(
        reverse("api-consent-withdraw", args=[recorded.pk]),
        {"withdrawn_on": str(yesterday)},
        format="json",
    )
    assert response.status_code == 200
    recorded.refresh_from_db()
    assert recorded.is_active_on(yesterday - dt.timedelta(days=1))
    assert not recorded.is_active_on(yesterday)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"scope": []}, "scope"),
        ({"scope": ["journal"]}, "scope"),
        ({"scope": "plan"}, "scope"),
        ({"agency": "social_services"}, "agency"),
        ({"agency": "polisen\u202e"}, "agency"),
        ({"given_by": "neighbour"}, "given_by"),
        ({"given_by": "guardian"}, "guardian_id"),
        ({"given_by": "guardian", "guardian_id": 987654321}, "guardian_id"),
        ({"guardian_id": 1}, "guardian_id"),
        ({"valid_from": "0001-01-01"}, "valid_from"),
        ({"valid_to": "9999-12-31"}, "valid_to"),
        ({"valid_from": "2026-13-45"}, "valid_from"),
        ({"valid_to": "2000-01-01"}, "valid_to"),
        ({"valid_from": "1990-01-01", "valid_to": "1990-02-01"}, "valid_from"),
    ],
)
def test_odd_input_answers_400_naming_the_field_and_stores_nothing(
    caseworker, participant, extra, field
):
    response = api(caseworker).post(
        reverse("api-person-consents", args=[participant.person_id]),
        body(**extra),
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in {name.split(".")[0] for name in response.json()["errors"]}
    assert not Consent.objects.exists()


def test_a_consent_runs_for_at_most_five_years(caseworker, participant):
    today = timezone.localdate()
    response = api(caseworker).post(
        reverse("api-person-consents", args=[participant.person_id]),
        body(valid_to=str(today.replace(year=today.year + 5))),
        format="json",
    )
    assert response.status_code == 400
    assert "valid_to" in response.json()["errors"]


def test_a_guardian_consents_only_as_a_registered_guardian_of_the_person(caseworker, participant):
    other_child = make_participant(caseworker, born=dt.date(2012, 4, 4), first="Ali")
    stranger = add_guardian(other_child.person, "Greta")
    url = reverse("api-person-consents", args=[participant.person_id])
    refused = api(caseworker).post(
        url, body(given_by="guardian", guardian_id=stranger.pk), format="json"
    )
    assert refused.status_code == 400
    mother = add_guardian(participant.person, "Maja")
    accepted = api(caseworker).post(
        url, body(given_by="guardian", guardian_id=mother.pk), format="json"
    )
    assert accepted.status_code == 201
    assert Consent.objects.get().guardian == mother


def test_a_nul_byte_in_the_body_is_refused_before_anything(caseworker, participant):
    response = api(caseworker).post(
        reverse("api-person-consents", args=[participant.person_id]),
        '{"agency": "police\\u0000"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_staff_who_do_not_see_the_person_get_the_404_of_a_missing_person(
    outsider, politician, police, caseworker, participant
):
    recorded = consent(caseworker, participant.person)
    for user in (outsider, politician, police):
        for name, real, missing, method in (
            ("api-person-consents", participant.person_id, 987654321, "post"),
            ("api-person-consents", participant.person_id, 987654321, "get"),
            ("api-consent-withdraw", recorded.pk, 987654321, "post"),
            ("api-person-disclosures", participant.person_id, 987654321, "get"),
        ):
            send = getattr(api(user), method)
            hidden = send(reverse(name, args=[real]), body(), format="json")
            absent = send(reverse(name, args=[missing]), body(), format="json")
            assert hidden.status_code == absent.status_code == 404, (user, name)
            assert hidden.content == absent.content
    assert Consent.objects.count() == 1
    recorded.refresh_from_db()
    assert recorded.withdrawn_on is None


def test_the_consents_list_answers_each_consents_state(caseworker, participant):
    today = timezone.localdate()
    consent(caseworker, participant.person)
    old = consent(
        caseworker,
        participant.person,
        valid_from=today - dt.timedelta(days=100),
        valid_to=today - dt.timedelta(days=1),
    )
    response = api(caseworker).get(reverse("api-person-consents", args=[participant.person_id]))
    assert response.status_code == 200
    states = {row["id"]: row["status"] for row in response.json()["results"]}
    assert states[old.pk] == "expired"
    assert sorted(states.values()) == ["active", "expired"]
    assert AuditEntry.objects.filter(
        action="partners.consent.list", person_id=participant.person_id
    ).exists()


# --- Disclosures without consent -----------------------------------------------------------------


def test_the_legal_grounds_are_rule_data_with_what_was_not_verified():
    ground = DisclosureGround.objects.get(code="osl-10-18a-police-under-21")
    assert ground.citation == "OSL 10 kap. 18 a §"
    assert ground.under_age == 21
    assert ground.agency == "police"
    assert ground.unverified


def test_a_disclosure_is_recorded_with_its_ground_and_audited(caseworker):
    today = timezone.localdate()
    participant = make_participant(caseworker, born=today.replace(year=today.year - 19))
    response = api(caseworker).post(
        reverse("api-person-disclosures", args=[participant.person_id]),
        {
            "ground": "osl-10-18a-police-under-21",
            "recipient": "Lokalpolisområde Rinkeby, kommunpolis",
            "content": "Att personen deltar i SIG och hans skolsituation.",
            "disclosed_on": str(timezone.localdate()),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    disclosure = Disclosure.objects.get()
    assert disclosure.agency == "police"
    assert disclosure.disclosed_by == caseworker
    assert response.json()["citation"] == "OSL 10 kap. 18 a §"
    assert AuditEntry.objects.filter(
        action="partners.disclosure.create", person_id=participant.person_id
    ).exists()


def test_the_under_21_ground_refuses_a_person_of_21(caseworker):
    today = timezone.localdate()
    adult = make_participant(caseworker, born=today.replace(year=today.year - 21))
    response = api(caseworker).post(
        reverse("api-person-disclosures", args=[adult.person_id]),
        {
            "ground": "osl-10-18a-police-under-21",
            "recipient": "Polisen",
            "content": "Uppgifter.",
            "disclosed_on": str(today),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ground" in response.json()["errors"]
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ground": "no-such-ground"}, "ground"),
        ({"recipient": "Polisen\u202e"}, "recipient"),
        ({"content": ""}, "content"),
        ({"disclosed_on": "2999-01-01"}, "disclosed_on"),
    ],
)
def test_an_odd_disclosure_is_refused_naming_the_field(caseworker, participant, extra, field):
    response = api(caseworker).post(
        reverse("api-person-disclosures", args=[participant.person_id]),
        {
            "ground": "osl-10-18c-police-violence-close",
            "recipient": "Polisen",
            "content": "Uppgifter.",
            "disclosed_on": str(timezone.localdate()),
            **extra,
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Disclosure.objects.exists()
