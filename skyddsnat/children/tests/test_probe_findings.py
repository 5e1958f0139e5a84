"""Regressions of an attacker's probe of the guardians and consents (2026-12-03): adding a known
person as guardian must not turn an identity number into their name and address, and a consent
answer cannot be dated before the child was born."""

import pytest
from django.urls import reverse

from skyddsnat.children.models import GuardianConsent
from skyddsnat.children.tests.test_guardian_consent import _case_with_guardians, _from_case
from skyddsnat.organisation.models import District
from skyddsnat.people.models import Guardianship, ProtectionLevel

pytestmark = pytest.mark.django_db


def _someone_elsewhere(outsider, make_report, **fields):
    """A child with a case in Södermalm, which a Järva caseworker cannot see."""
    report = make_report(
        outsider,
        district=District.objects.get(slug="sodermalm"),
        first_name="Hemlig",
        last_name="Skyddsdottir",
    )
    person = report.case.person
    person.street_address, person.postal_code, person.city = "Lönnvägen 3", "11111", "Stockholm"
    for field, value in fields.items():
        setattr(person, field, value)
    person.save()
    return report


@pytest.mark.parametrize("protection", [ProtectionLevel.NONE, ProtectionLevel.FICTITIOUS_IDENTITY])
def test_adding_a_known_person_as_guardian_tells_nothing_of_them(
    client, caseworker, outsider, make_report, protection
):
    other = _someone_elsewhere(outsider, make_report, protection_level=protection)
    client.force_login(caseworker)
    assert client.get(reverse("cases-case-detail", args=[other.case_id])).status_code == 404
    mine = make_report(caseworker)
    response = client.post(
        reverse("cases-guardian-create", args=[mine.case_id]),
        {
            "personal_identity_number": other.case.person.personal_identity_number,
            "first_name": "Vem",
            "last_name": "Som Helst",
            "relation": "parent",
        },
    )
    assert response.status_code == 400
    assert not Guardianship.objects.filter(child=mine.case.person).exists()
    page = client.get(reverse("cases-case-detail", args=[mine.case_id])).content.decode()
    assert "Skyddsdottir" not in page
    assert "Lönnvägen" not in page


def test_a_consent_answer_before_the_child_was_born_is_refused(client, caseworker, make_report):
    case, (anna, _bo) = _case_with_guardians(caseworker, make_report)
    help_record = _from_case(caseworker, case)
    client.force_login(caseworker)
    response = client.post(
        reverse("children-case-consent-create", args=[case.pk]),
        {
            "early_help": help_record.pk,
            "guardian": anna.pk,
            "answer": "refused",
            "answered_on": "1900-01-01",
        },
    )
    assert response.status_code == 400
    assert GuardianConsent.objects.get(early_help=help_record, guardian=anna).answer == "given"


def test_a_known_person_is_added_as_guardian_under_the_name_they_are_known_by(
    client, caseworker, outsider, make_report
):
    other = _someone_elsewhere(outsider, make_report)
    client.force_login(caseworker)
    mine = make_report(caseworker)
    response = client.post(
        reverse("cases-guardian-create", args=[mine.case_id]),
        {
            "personal_identity_number": other.case.person.personal_identity_number,
            "first_name": " hemlig ",
            "last_name": "SKYDDSDOTTIR",
            "relation": "parent",
        },
    )
    assert response.status_code == 302
    assert Guardianship.objects.get(child=mine.case.person).guardian == other.case.person
