"""An LSS application registered for another district's unit answers only what was sent and where
it went: the same, byte for byte, for a number nobody knows and for a person with a case there."""

import datetime as dt
import random
import re

from django.urls import reverse
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.cases.models import InterventionType
from skyddsnat.lib import identity
from skyddsnat.lss.models import Application
from skyddsnat.organisation.models import District
from skyddsnat.people.models import Person, ProtectionLevel

BORN = dt.date(1990, 3, 4)
_rng = random.Random(1990)


def _known_and_new(officer, make_application) -> dict[str, str]:
    known = make_application(
        officer, personal_identity_number=identity.synthetic(_rng, BORN), first_name="Hemlig"
    )
    protected = make_application(
        officer, personal_identity_number=identity.synthetic(_rng, BORN), first_name="Hemlig"
    )
    Person.objects.filter(pk=protected.case.person_id).update(
        protection_level=ProtectionLevel.FICTITIOUS_IDENTITY
    )
    return {
        "new": identity.synthetic(_rng, BORN),
        "known": known.case.person.personal_identity_number,
        "protected": protected.case.person.personal_identity_number,
    }


def _blank(body: str, number: str) -> str:
    return body.replace(number, "<NUMBER>").replace(identity.display(number), "<NUMBER>")


def test_the_api_answers_the_same_for_any_number(officer, lss_outsider, make_application):
    numbers = _known_and_new(officer, make_application)
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token/",
        {"username": lss_outsider.username, "password": PASSWORD},
        format="json",
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    answers = {}
    for kind, number in numbers.items():
        response = api.post(
            "/api/v1/lss/applications/",
            {
                "personal_identity_number": number,
                "first_name": "Okänd",
                "last_name": "Person",
                "district": "jarva",
                "received_on": "2024-02-01",
                "applicant_role": "person",
                "interventions": ["lss-companion"],
            },
            format="json",
        )
        assert response.status_code == 202, response.content
        answers[kind] = _blank(response.content.decode(), number)

    assert answers["known"] == answers["new"] == answers["protected"]
    assert "Hemlig" not in answers["new"]
    assert response.json()["sent_to"] == officer.unit.name
    assert Application.objects.filter(case__unit=officer.unit).count() == 5


def test_the_page_answers_the_same_for_any_number(client, officer, lss_outsider, make_application):
    numbers = _known_and_new(officer, make_application)
    client.force_login(lss_outsider)
    answers = {}
    for kind, number in numbers.items():
        response = client.post(
            reverse("lss-application-create"),
            {
                "personal_identity_number": identity.display(number),
                "first_name": "Okänd",
                "last_name": "Person",
                "district": District.objects.get(slug="jarva").pk,
                "received_on": "2024-02-01",
                "applicant_role": "person",
                "interventions": [InterventionType.objects.get(code="lss-companion").pk],
            },
        )
        assert response.status_code == 302
        assert response.url == reverse("lss-application-create")
        page = client.get(response.url).content.decode()
        message = re.search(r'<div class="messages".*?</div>', page, re.S)
        assert message is not None
        answers[kind] = _blank(message.group(0), number)

    assert answers["known"] == answers["new"] == answers["protected"]
    assert "Okänd Person" in answers["new"]
    assert "LSS-" not in answers["new"] and "Hemlig" not in answers["new"]
