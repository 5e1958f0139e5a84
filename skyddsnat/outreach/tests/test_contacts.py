"""Outreach contacts (issue 10 point 6): the page and the API call one service; a worker records
in and sees only their own district; anonymous contacts name no one; odd input answers 400 and
stores nothing; every write and read is audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.outreach.models import Contact
from skyddsnat.outreach.services import contact_register

URL = "/api/v1/outreach/contacts/"


def body(**changes):
    data = {
        "district": "jarva",
        "contact_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "place_kind": "transport",
        "age_band": "16_17",
        "topics": ["sugar_dating", "drugs"],
        "anonymous": True,
        "joint_with_police": True,
        "referral_made": False,
    }
    data.update(changes)
    return data


def test_it_registers_an_anonymous_contact_through_the_api(api_for, outreach_worker):
    answer = api_for(outreach_worker).post(URL, body(), format="json")
    assert answer.status_code == 201, answer.content
    contact = Contact.objects.get(pk=answer.json()["id"])
    assert contact.district.slug == "jarva"
    assert contact.person is None and contact.anonymous
    assert contact.topics == ["sugar_dating", "drugs"]
    assert contact.joint_with_police and not contact.referral_made
    assert AuditEntry.objects.filter(
        action="outreach.contact.create", user_id=outreach_worker.pk, detail__contact_id=contact.pk
    ).exists()


def test_a_named_contact_links_the_person_and_is_audited_under_them(api_for, outreach_worker):
    number = new_identity_number(dt.date(2008, 3, 1))
    answer = api_for(outreach_worker).post(
        URL,
        body(
            anonymous=False,
            personal_identity_number=number,
            first_name="Alva",
            last_name="Test",
            referral_made=True,
        ),
        format="json",
    )
    assert answer.status_code == 201, answer.content
    contact = Contact.objects.get(pk=answer.json()["id"])
    assert contact.person.personal_identity_number == number
    assert AuditEntry.objects.filter(
        action="outreach.contact.create", person_id=contact.person_id
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"district": "sodermalm"}, "district"),
        ({"district": "nowhere"}, "district"),
        ({"contact_on": "9999-01-01"}, "contact_on"),
        ({"contact_on": "1066-10-14"}, "contact_on"),
        ({"topics": []}, "topics"),
        ({"topics": ["gambling"]}, "topics"),
        ({"place_kind": "moon"}, "place_kind"),
        ({"age_band": "\u0000"}, "age_band"),
        ({"anonymous": True, "personal_identity_number": "19121212-1212"}, "anonymous"),
        ({"anonymous": False}, "personal_identity_number"),
        (
            {
                "anonymous": False,
                "personal_identity_number": "20080301-0000",
                "first_name": "A",
                "last_name": "B",
            },
            "personal_identity_number",
        ),
        ({"note": "ok\u202etext"}, "note"),
    ],
)
def test_odd_input_answers_400_naming_the_field_and_stores_nothing(
    api_for, outreach_worker, changes, field
):
    answer = api_for(outreach_worker).post(URL, body(**changes), format="json")
    assert answer.status_code == 400, answer.content
    assert answer["Content-Type"].startswith("application/problem+json")
    assert field in str(answer.json()), answer.json()
    assert not Contact.objects.exists()


def test_other_roles_may_not_register_contacts(api_for, caseworker, politician):
    for user in (caseworker, politician):
        assert api_for(user).post(URL, body(), format="json").status_code == 404
    assert not Contact.objects.exists()


def _contact(user, **changes):
    data = {
        "contact_on": timezone.localdate(),
        "place_kind": "street",
        "age_band": "13_15",
        "topics": ["prostitution"],
        "anonymous": True,
    }
    data.update(changes)
    return contact_register(user=user, **data)


def test_the_list_shows_the_own_districts_contacts_only(
    client, outreach_worker, other_outreach_worker, manager
):
    mine = _contact(
        outreach_worker,
        anonymous=False,
        personal_identity_number=new_identity_number(dt.date(2009, 1, 1)),
        first_name="Kim",
        last_name="Järvasson",
    )
    _contact(
        other_outreach_worker,
        anonymous=False,
        personal_identity_number=new_identity_number(dt.date(2009, 1, 1)),
        first_name="Noa",
        last_name="Söderberg",
    )
    client.force_login(outreach_worker)
    page = client.get(reverse("outreach-contact-list")).content.decode()
    assert "Järvasson" in page and "Söderberg" not in page
    entry = AuditEntry.objects.filter(
        action="outreach.contact.list", user_id=outreach_worker.pk
    ).last()
    assert entry is not None and mine.person_id in entry.person_ids
    # The district's manager reads the list, and may not register.
    client.force_login(manager)
    assert "Järvasson" in client.get(reverse("outreach-contact-list")).content.decode()
    assert client.get(reverse("outreach-contact-create")).status_code == 404


def test_the_page_registers_a_contact_and_refuses_odd_input(client, outreach_worker):
    client.force_login(outreach_worker)
    url = reverse("outreach-contact-create")
    assert client.get(url).status_code == 200
    form = {
        "contact_on": timezone.localdate().isoformat(),
        "place_kind": "online",
        "age_band": "18_20",
        "topics": ["sugar_dating"],
        "anonymous": "1",
        "referral_made": "on",
    }
    answer = client.post(url, {**form, "topics": []})
    assert answer.status_code == 400 and not Contact.objects.exists()
    answer = client.post(url, form)
    assert answer.status_code == 302
    contact = Contact.objects.get()
    assert contact.referral_made and not contact.joint_with_police and contact.anonymous


def test_the_pages_are_not_there_for_other_roles(client, caseworker, politician, analyst):
    for user in (caseworker, politician, analyst):
        client.force_login(user)
        assert client.get(reverse("outreach-contact-list")).status_code == 404
        assert client.get(reverse("outreach-contact-create")).status_code == 404
