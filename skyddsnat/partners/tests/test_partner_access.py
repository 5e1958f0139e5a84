"""Partner users through the API and the pages: the contract's shape, nothing about the person
but a first name, 404 like a missing id once nothing is shared, every read audited."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from skyddsnat.audit.models import AuditEntry
from skyddsnat.lib import identity
from skyddsnat.partners import services
from skyddsnat.partners.tests.conftest import consent, make_participant
from skyddsnat.people.models import ProtectionLevel

pytestmark = pytest.mark.django_db

LIST = "api-partner-participants"
ONE = "api-partner-participant"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def secrets(participant) -> list[str]:
    person = participant.person
    number = person.personal_identity_number
    return [
        person.last_name,
        number,
        identity.display(number),
        number[2:],
        person.street_address,
        "HEMLIG ANTECKNING",
        participant.case.reference,
        "skyddad",
        "sekretessmarkering",
    ]


def test_the_list_has_the_apis_paging_and_only_id_first_name_goals_meetings(
    caseworker, police, participant
):
    consent(caseworker, participant.person)
    response = api(police).get(reverse(LIST))
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "page", "pages", "next", "previous", "results"}
    assert data["count"] == 1
    (row,) = data["results"]
    assert set(row) == {"id", "first_name", "goals", "meetings"}
    assert row["id"] == participant.pk
    assert row["first_name"] == "Nora"
    assert [g["text"] for g in row["goals"]] == ["Går i skolan varje dag", "Inga nya brott anmälda"]
    assert set(row["goals"][0]) == {"id", "text", "agency", "due"}
    (meeting,) = row["meetings"]
    assert set(meeting) == {"id", "held_on", "agencies"}
    body = response.content.decode()
    for secret in secrets(participant):
        assert secret not in body


def test_another_agency_sees_nothing_of_it(caseworker, school, participant):
    consent(caseworker, participant.person, agency="police")
    assert api(school).get(reverse(LIST)).json()["results"] == []
    assert api(school).get(reverse(ONE, args=[participant.pk])).status_code == 404


def test_after_withdrawal_the_record_answers_exactly_like_a_missing_id(
    caseworker, police, participant
):
    recorded = consent(caseworker, participant.person)
    url = reverse(ONE, args=[participant.pk])
    assert api(police).get(url).status_code == 200
    api(caseworker).post(
        reverse("api-consent-withdraw", args=[recorded.pk]),
        {"withdrawn_on": str(timezone.localdate())},
        format="json",
    )
    withdrawn = api(police).get(url)
    missing = api(police).get(reverse(ONE, args=[987654321]))
    assert withdrawn.status_code == missing.status_code == 404
    assert withdrawn.content.replace(str(participant.pk).encode(), b"") == missing.content.replace(
        b"987654321", b""
    )
    assert api(police).get(reverse(LIST)).json()["results"] == []
    assert (
        page(police).get(reverse("partners-participant", args=[participant.pk])).status_code == 404
    )


def test_an_expired_consent_shares_nothing(caseworker, police, participant):
    today = timezone.localdate()
    consent(
        caseworker,
        participant.person,
        valid_from=today - dt.timedelta(days=30),
        valid_to=today - dt.timedelta(days=1),
    )
    assert api(police).get(reverse(ONE, args=[participant.pk])).status_code == 404


def test_every_partner_read_is_audited(caseworker, police, participant):
    consent(caseworker, participant.person)
    api(police).get(reverse(LIST))
    listed = AuditEntry.objects.get(action="partners.participant.list", user_id=police.pk)
    assert listed.person_ids == [participant.person_id]
    api(police).get(reverse(ONE, args=[participant.pk]))
    assert AuditEntry.objects.filter(
        action="partners.participant.read", user_id=police.pk, person_id=participant.person_id
    ).exists()
    page(police).get(reverse("partners-landing"))
    page(police).get(reverse("partners-participant", args=[participant.pk]))
    assert AuditEntry.objects.filter(action="partners.participant.list").count() == 2
    assert AuditEntry.objects.filter(action="partners.participant.read").count() == 2
    api(police).get(reverse(ONE, args=[987654321]))
    assert AuditEntry.objects.filter(
        action="partners.participant.refused", user_id=police.pk
    ).exists()


def test_a_protected_participant_is_shown_by_number_without_a_name(caseworker, police):
    hidden = make_participant(
        caseworker, first="Zelmira", protection=ProtectionLevel.PROTECTED_REGISTRATION
    )
    consent(caseworker, hidden.person)
    row = api(police).get(reverse(LIST)).json()["results"][0]
    assert row["first_name"] is None
    for url in (reverse("partners-landing"), reverse("partners-participant", args=[hidden.pk])):
        body = page(police).get(url).content.decode()
        assert "Zelmira" not in body
        assert f"Deltagare {hidden.pk}" in body


def test_the_partner_pages_show_the_plan_and_meetings_in_swedish(caseworker, police, participant):
    consent(caseworker, participant.person)
    landing = page(police).get(reverse("partners-landing"))
    assert landing.status_code == 200
    assert "Delat med din myndighet" in landing.content.decode()
    detail = page(police).get(reverse("partners-participant", args=[participant.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Handlingsplan" in body and "Går i skolan varje dag" in body
    assert "Polisen" in body
    for secret in secrets(participant):
        assert secret not in body


def test_staff_roles_are_refused_the_partner_pages(caseworker, manager, admin_user, participant):
    consent(caseworker, participant.person)
    for user in (caseworker, manager, admin_user):
        assert api(user).get(reverse(LIST)).status_code == 404
        assert page(user).get(reverse("partners-landing")).status_code == 404


def test_a_partner_without_an_agency_sees_nothing(caseworker, participant):
    from conftest import make_user

    nobody = make_user("partner.utan", "partner")
    consent(caseworker, participant.person)
    assert api(nobody).get(reverse(LIST)).status_code == 404


def test_the_staff_consent_page_records_lists_and_withdraws(caseworker, participant):
    client = page(caseworker)
    url = reverse("partners-consents", args=[participant.person_id])
    today = timezone.localdate()
    created = client.post(
        url,
        {
            "given_by": "person",
            "agency": "school",
            "scope": ["plan"],
            "valid_from": str(today),
            "valid_to": str(today + dt.timedelta(days=100)),
        },
    )
    assert created.status_code == 302
    body = client.get(url).content.decode()
    assert "Aktivt" in body and "Skolan" in body
    recorded = participant.person.partner_consents.get()
    withdrawn = client.post(
        reverse("partners-consent-withdraw", args=[recorded.pk]), {"withdrawn_on": str(today)}
    )
    assert withdrawn.status_code == 302
    assert "Återkallat" in client.get(url).content.decode()
    again = client.post(
        reverse("partners-consent-withdraw", args=[recorded.pk]), {"withdrawn_on": str(today)}
    )
    assert again.status_code == 409


def test_the_staff_consent_page_refuses_odd_input_with_400_and_stores_nothing(
    caseworker, participant
):
    response = page(caseworker).post(
        reverse("partners-consents", args=[participant.person_id]),
        {"given_by": "person", "agency": "school", "scope": [], "valid_from": "1800-01-01"},
    )
    assert response.status_code == 400
    assert not participant.person.partner_consents.exists()


def test_an_expired_consent_reads_utganget(caseworker, participant):
    today = timezone.localdate()
    consent(
        caseworker,
        participant.person,
        valid_from=today - dt.timedelta(days=30),
        valid_to=today - dt.timedelta(days=1),
    )
    body = page(caseworker).get(reverse("partners-consents", args=[participant.person_id]))
    assert "Utgånget" in body.content.decode()


def test_the_disclosure_page_records_a_disclosure(caseworker):
    today = timezone.localdate()
    young = make_participant(caseworker, born=today.replace(year=today.year - 17))
    client = page(caseworker)
    url = reverse("partners-disclosures", args=[young.person_id])
    from skyddsnat.partners.models import DisclosureGround

    ground = DisclosureGround.objects.get(code="osl-10-18a-police-under-21")
    response = client.post(
        url,
        {
            "ground": ground.pk,
            "recipient": "Kommunpolis Rinkeby",
            "content": "Deltar i SIG.",
            "disclosed_on": str(today),
        },
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "OSL 10 kap. 18 a §" in body and "Kommunpolis Rinkeby" in body
    assert services  # the page and the API share the services (see test_consents.py)


def test_the_person_page_links_to_the_consents_for_those_who_record_them(caseworker, participant):
    body = page(caseworker).get(reverse("people-person-detail", args=[participant.person_id]))
    assert reverse("partners-consents", args=[participant.person_id]) in body.content.decode()
    assert reverse("partners-disclosures", args=[participant.person_id]) in body.content.decode()
