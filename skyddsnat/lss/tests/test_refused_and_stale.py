"""A refused look at an LSS record is audited like the spine's refused case, and answers exactly
like a record that does not exist; the queue page's forms carry the case's version, so an offer or
answer posted from an older view is refused (409) and changes nothing."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case, CaseChange
from skyddsnat.cases.services import case_record_change, case_write
from skyddsnat.lss import services
from skyddsnat.lss.models import Offer, OfferAnswer, ResourceKind
from skyddsnat.lss.tests.test_places_and_queues import housing_decision
from skyddsnat.organisation.models import District

pytestmark = pytest.mark.django_db

MISSING = 987654


def refused() -> list[tuple]:
    return list(
        AuditEntry.objects.filter(action="cases.case.refused")
        .order_by("pk")
        .values_list("username", "case_id", "person_id", "detail")
    )


def test_an_outsiders_look_at_an_application_page_is_logged_and_answers_like_a_missing_one(
    client, officer, lss_outsider, make_application
):
    application = make_application(officer)
    client.force_login(lss_outsider)
    hidden = client.get(reverse("lss-application-detail", args=[application.pk]))
    missing = client.get(reverse("lss-application-detail", args=[MISSING]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert refused() == [
        (
            lss_outsider.username,
            application.case_id,
            application.case.person_id,
            {"record": "lss.application", "requested": str(application.pk)},
        ),
        (lss_outsider.username, None, None, {"record": "lss.application", "requested": "987654"}),
    ]
    assert not AuditEntry.objects.filter(action="lss.application.read").exists()


def test_an_outsiders_api_read_of_an_application_is_logged_and_answers_like_a_missing_one(
    officer, lss_outsider, make_application
):
    application = make_application(officer)
    client = APIClient()
    client.force_authenticate(lss_outsider)
    hidden = client.get(reverse("api-lss-application-detail", args=[application.pk]))
    missing = client.get(reverse("api-lss-application-detail", args=[MISSING]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert [(e[1], e[2]) for e in refused()] == [
        (application.case_id, application.case.person_id),
        (None, None),
    ]


def test_a_refused_decision_is_logged_under_its_case(
    client, lss_manager, lss_outsider, make_application
):
    decision = housing_decision(lss_manager, make_application)
    client.force_login(lss_outsider)
    assert client.post(reverse("lss-letter-create", args=[decision.pk])).status_code == 404
    assert refused() == [
        (
            lss_outsider.username,
            decision.case_id,
            decision.case.person_id,
            {"record": "cases.decision", "requested": str(decision.pk)},
        )
    ]


@pytest.fixture
def group_home(lss_manager):
    return services.facility_create(
        user=lss_manager,
        resource_kind=ResourceKind.objects.get(code="lss-housing-adults"),
        name="Gruppbostaden Tensta",
        places=2,
        district=District.objects.get(slug="jarva"),
    )


def shown_version(page: str, action: str) -> str:
    form = page[page.index(action) :]
    return re.search(r'name="version" value="(\d+)"', form).group(1)


def test_a_stale_offer_is_refused_and_changes_nothing(
    client, lss_manager, make_application, group_home
):
    entry = housing_decision(lss_manager, make_application).queue_entry
    client.force_login(lss_manager)
    page = client.get(reverse("lss-queue")).content.decode()
    version = shown_version(page, reverse("lss-offer-create", args=[entry.pk]))
    assert version == str(Case.objects.get(pk=entry.decision.case_id).version)
    # A colleague offers a place and it is refused meanwhile: the case has moved on.
    offer = services.offer_make(
        user=lss_manager, entry=entry, facility=group_home, offered_on=dt.date(2024, 3, 1)
    )
    services.offer_answer(
        user=lss_manager,
        offer=offer,
        accepted=False,
        answered_on=dt.date(2024, 3, 2),
        refusal_reason="Vill vänta.",
    )
    before = Case.objects.get(pk=entry.decision.case_id).version
    post = {"version": version, f"o{entry.pk}-facility": group_home.pk}
    post[f"o{entry.pk}-offered_on"] = "2024-03-05"
    response = client.post(reverse("lss-offer-create", args=[entry.pk]), post)
    assert response.status_code == 409
    assert "Ärendet har ändrats sedan du öppnade det" in response.content.decode()
    assert list(Offer.objects.filter(entry=entry)) == [offer]
    assert Case.objects.get(pk=entry.decision.case_id).version == before
    # The page read afresh carries the new version, and the same offer then goes through.
    post["version"] = str(before)
    response = client.post(reverse("lss-offer-create", args=[entry.pk]), post)
    assert response.status_code == 302
    assert Offer.objects.filter(entry=entry).count() == 2


def test_a_stale_answer_to_an_offer_is_refused_and_changes_nothing(
    client, lss_manager, make_application, group_home
):
    entry = housing_decision(lss_manager, make_application).queue_entry
    offer = services.offer_make(
        user=lss_manager, entry=entry, facility=group_home, offered_on=dt.date(2024, 3, 1)
    )
    client.force_login(lss_manager)
    page = client.get(reverse("lss-queue")).content.decode()
    url = reverse("lss-offer-answer", args=[offer.pk])
    version = shown_version(page, url)
    # A colleague changes the case meanwhile.
    with case_write(entry.decision.case_id) as case:
        case_record_change(case=case, user=lss_manager, change=CaseChange.PLACE)
    response = client.post(
        url,
        {
            "version": version,
            f"a{offer.pk}-answer": "accepted",
            f"a{offer.pk}-answered_on": "2024-03-02",
        },
    )
    assert response.status_code == 409
    offer.refresh_from_db()
    entry.refresh_from_db()
    assert (offer.answer, entry.status, entry.facility_id) == (OfferAnswer.PENDING, "waiting", None)
