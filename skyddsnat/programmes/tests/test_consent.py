"""Consent to take part (issue 10 point 3): the person's, and for a person under 18 each
guardian's (`people.Guardianship`); what is missing is shown; once per giver."""

import datetime as dt

import pytest

from skyddsnat.people.models import Guardianship, Person
from skyddsnat.programmes import selectors
from skyddsnat.programmes.models import ParticipationConsent
from skyddsnat.programmes.tests.conftest import START, number_aged


def _guardian(child: Person, first_name: str) -> Guardianship:
    parent = Person.objects.create(
        personal_identity_number=number_aged(45),
        first_name=first_name,
        last_name="Testsson",
        date_of_birth=dt.date(1980, 1, 1),
        is_synthetic=True,
    )
    return Guardianship.objects.create(child=child, guardian=parent)


def test_a_minor_needs_each_guardians_consent(api_for, enrol, coordinator):
    participant = enrol("sspf", age=14)
    mother = _guardian(participant.person, "Lina")
    father = _guardian(participant.person, "Omar")
    today = dt.date(2025, 4, 1)
    missing = selectors.missing_consents(participant, today=today)
    assert len(missing) == 3 and missing[1:] == ["Lina Testsson", "Omar Testsson"]
    api = api_for(coordinator)
    url = f"/api/v1/participants/{participant.pk}/consents/"
    for body in (
        {"given_by": "person", "given_on": "2025-03-03"},
        {"given_by": "guardian", "guardian_id": mother.pk, "given_on": "2025-03-03"},
    ):
        assert api.post(url, body, format="json").status_code == 201
    missing = selectors.missing_consents(participant, today=today)
    assert missing == ["Omar Testsson"]
    again = api.post(
        url,
        {"given_by": "guardian", "guardian_id": mother.pk, "given_on": "2025-03-04"},
        format="json",
    )
    assert again.status_code == 409
    assert (
        api.post(
            url,
            {"given_by": "guardian", "guardian_id": father.pk, "given_on": "2025-03-04"},
            format="json",
        ).status_code
        == 201
    )
    assert selectors.missing_consents(participant, today=today) == []


def test_a_guardian_of_someone_else_is_refused(api_for, enrol, coordinator):
    participant = enrol("sspf", age=14)
    other = enrol("sspf", age=13)
    stranger = _guardian(other.person, "Kim")
    answer = api_for(coordinator).post(
        f"/api/v1/participants/{participant.pk}/consents/",
        {"given_by": "guardian", "guardian_id": stranger.pk, "given_on": "2025-03-03"},
        format="json",
    )
    assert answer.status_code == 400
    assert "guardian_id" in answer.json()["errors"]
    assert not ParticipationConsent.objects.exists()


def test_an_adult_gives_consent_alone(api_for, enrol, coordinator):
    participant = enrol("sig", age=20)
    parent = _guardian(participant.person, "Ann")
    # The person's own consent is missing; a guardian's is not asked of an adult.
    assert len(selectors.missing_consents(participant, today=START)) == 1
    answer = api_for(coordinator).post(
        f"/api/v1/participants/{participant.pk}/consents/",
        {"given_by": "guardian", "guardian_id": parent.pk, "given_on": "2025-03-03"},
        format="json",
    )
    assert answer.status_code == 400
    assert "given_by" in answer.json()["errors"]


@pytest.mark.parametrize("given_on", ["2999-01-01", "1800-01-01", "igår"])
def test_odd_consent_dates_are_refused(api_for, enrol, coordinator, given_on):
    participant = enrol("sig", age=20)
    answer = api_for(coordinator).post(
        f"/api/v1/participants/{participant.pk}/consents/",
        {"given_by": "person", "given_on": given_on},
        format="json",
    )
    assert answer.status_code == 400
    assert "given_on" in answer.json()["errors"]
    assert not ParticipationConsent.objects.exists()
