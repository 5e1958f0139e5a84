"""The investigation page: every part saved through its form, refusals with the right status, the
drafts of each part, and concurrent saves of one part (real requests at PostgreSQL)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import CaseStatus
from skyddsnat.drafts.models import Draft
from skyddsnat.investigations.models import Communication, Conversation, Ending, Section


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name, case, *args):
    return reverse(name, args=[case.pk, *args])


def test_the_page_shows_every_part_and_is_audited(caseworker, investigated):
    response = _client(caseworker).get(_url("investigations-page", investigated))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Barnets utveckling och behov", "Föräldrarnas förmåga", "Familj och miljö"):
        assert title in html
    assert "Bedömning" in html and "Förslag till beslut" in html
    assert "verifiera" not in html.lower()
    assert AuditEntry.objects.filter(
        action="investigations.investigation.read", case_id=investigated.pk, user_id=caseworker.pk
    ).exists()


def test_the_case_page_links_to_the_investigation(caseworker, investigated):
    html = _client(caseworker).get(_url("cases-case-detail", investigated)).content.decode()
    assert _url("investigations-page", investigated) in html


def test_roles_outside_the_area_and_other_districts_get_404(outsider, politician, investigated):
    for user in (outsider, politician):
        client = _client(user)
        assert client.get(_url("investigations-page", investigated)).status_code == 404
        response = client.post(
            _url("investigations-section-save", investigated, "assessment"),
            {"text": "x", "section_version": "0"},
        )
        assert response.status_code == 404
    assert not Section.objects.exists()


def test_a_case_without_investigation_answers_404(caseworker, make_report):
    case = make_report(caseworker).case
    assert _client(caseworker).get(_url("investigations-page", case)).status_code == 404


def test_a_section_is_saved_from_the_page_and_its_draft_discarded(caseworker, investigated):
    client = _client(caseworker)
    key = f"investigations.section.family:{investigated.pk}"
    saved = client.post(
        reverse("drafts-save") + f"?key={key}",
        {"text": "Utkast", "sources": "Skolan", "section_version": "0"},
    )
    assert saved.status_code == 200
    assert Draft.objects.get(user=caseworker, key=key).data == {
        "text": "Utkast",
        "sources": "Skolan",
    }
    response = client.post(
        _url("investigations-section-save", investigated, "family"),
        {"text": "Familjen bor i Tensta.", "sources": "Vårdnadshavare", "section_version": "0"},
    )
    assert response.status_code == 302
    assert Section.objects.get(kind="family").sources == "Vårdnadshavare"
    assert not Draft.objects.filter(key=key).exists()


def test_a_stale_section_save_answers_409_with_the_text_kept(caseworker, colleague, investigated):
    url = _url("investigations-section-save", investigated, "assessment")
    assert (
        _client(colleague).post(url, {"text": "Först.", "section_version": "0"}).status_code == 302
    )
    response = _client(caseworker).post(url, {"text": "Min text.", "section_version": "0"})
    assert response.status_code == 409
    assert "Min text." in response.content.decode()
    assert Section.objects.get(kind="assessment").text == "Först."


def test_an_unknown_part_answers_404(caseworker, investigated):
    url = _url("investigations-section-save", investigated, "nothing")
    assert _client(caseworker).post(url, {"text": "x", "section_version": "0"}).status_code == 404


def test_odd_input_answers_400_in_swedish_and_stores_nothing(caseworker, investigated):
    client = _client(caseworker)
    response = client.post(
        _url("investigations-section-save", investigated, "assessment"),
        {"text": "a\u202eb", "section_version": "0"},
    )
    assert response.status_code == 400
    response = client.post(
        _url("investigations-conversation-create", investigated),
        {"held": "yes", "held_on": "9999-01-01", "held_by": "Sara", "place": "Skolan"},
    )
    assert response.status_code == 400
    assert not Section.objects.exists() and not Conversation.objects.exists()


def test_the_whole_flow_from_plan_to_ended_without_intervention(caseworker, investigated):
    client = _client(caseworker)
    today = timezone.localdate()
    post = client.post
    assert (
        post(
            _url("investigations-section-save", investigated, "plan_questions"),
            {"text": "Hur är barnets skolsituation?", "section_version": "0"},
        ).status_code
        == 302
    )
    assert (
        post(
            _url("investigations-conversation-create", investigated),
            {"held": "no", "not_held_reason": "declined", "notes": ""},
        ).status_code
        == 302
    )
    investigated.refresh_from_db()
    assert (
        post(
            _url("investigations-communication-create", investigated),
            {
                "sent_on": today.isoformat(),
                "material": "Utredningen.",
                "version": investigated.version,
            },
        ).status_code
        == 302
    )
    investigated.refresh_from_db()
    ending = {
        "decided_on": today.isoformat(),
        "reason": "no_need",
        "reasons": "Inget behov.",
        "follow_up_offered": "no",
        "version": investigated.version,
    }
    refused = post(_url("investigations-ending-create", investigated), ending)
    assert refused.status_code == 400
    assert "kommuniceringen" in refused.content.decode()
    party = Communication.objects.get().parties.get()
    assert (
        post(
            _url("investigations-reply-create", investigated),
            {"party": party.pk, "replied_on": today.isoformat(), "reply": "Inget att tillägga."},
        ).status_code
        == 302
    )
    investigated.refresh_from_db()
    ending["version"] = investigated.version
    assert post(_url("investigations-ending-create", investigated), ending).status_code == 302
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.CLOSED
    assert Ending.objects.get().follow_up_offered is False
    page = client.get(_url("investigations-page", investigated)).content.decode()
    assert "Avslutad utan insats" in page


def test_a_stale_ending_answers_409(caseworker, investigated):
    response = _client(caseworker).post(
        _url("investigations-ending-create", investigated),
        {
            "decided_on": timezone.localdate().isoformat(),
            "reason": "no_need",
            "reasons": "Inget behov.",
            "follow_up_offered": "no",
            "version": investigated.version - 1,
        },
    )
    assert response.status_code == 409
    assert not Ending.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_saves_of_one_part_keep_exactly_one(caseworker, colleague, investigated):
    url = _url("investigations-section-save", investigated, "assessment")
    clients = [_client(caseworker if i % 2 else colleague) for i in range(6)]

    def save(i: int):
        return clients[i].post(url, {"text": f"Text {i}", "section_version": "0"}).status_code

    results = race(6, save)
    assert sorted(results) == [302] + [409] * 5
    section = Section.objects.get(kind="assessment")
    assert section.version == 1
    assert AuditEntry.objects.filter(action="investigations.section.update").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_endings_record_one_decision(caseworker, manager, investigated):
    clients = [_client(caseworker if i % 2 else manager) for i in range(4)]
    data = {
        "decided_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "reason": "met_otherwise",
        "reasons": "Behoven tillgodoses av skolan.",
        "follow_up_offered": "yes",
    }

    def end(i: int):
        return clients[i].post(_url("investigations-ending-create", investigated), data).status_code

    results = race(4, end)
    assert sorted(results) == [302, 409, 409, 409]
    assert Ending.objects.count() == 1


def test_the_investigation_ends_with_interventions_from_the_page(caseworker, investigated):
    from skyddsnat.cases.models import InterventionType

    response = _client(caseworker).post(
        _url("investigations-interventions-create", investigated),
        {
            "decided_on": timezone.localdate().isoformat(),
            "granted": [InterventionType.objects.get(code="contact-person").pk],
            "refused": [InterventionType.objects.get(code="family-treatment").pk],
            "reason": "Kontaktperson behövs.",
            "version": investigated.version,
        },
    )
    assert response.status_code == 302
    investigated.refresh_from_db()
    assert investigated.status == CaseStatus.DECIDED
    assert investigated.decisions.filter(decision_type="intervention").count() == 2


def test_only_interventions_within_the_delegation_are_offered(caseworker, manager, investigated):
    url = _url("investigations-page", investigated)
    assert "Placering i familjehem" not in _client(caseworker).get(url).content.decode()
    assert "Placering i familjehem" in _client(manager).get(url).content.decode()
