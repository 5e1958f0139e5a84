"""The investigation through the API: read, save a part (version and If-Match), conversations,
kommunicering with its decision check, the override and the ending (issue 9 points 2, 3, 8)."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import CaseStatus
from skyddsnat.investigations.models import Communication, Section
from skyddsnat.investigations.tests.conftest import investigated_case


@pytest.fixture
def investigated(caseworker, make_report):
    return investigated_case(caseworker, make_report)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(case, tail=""):
    return f"/api/v1/cases/{case.pk}/investigation/{tail}"


def test_the_content_is_read_with_every_part_and_the_read_is_logged(caseworker, investigated):
    response = _api(caseworker).get(_url(investigated))
    assert response.status_code == 200
    body = response.json()
    assert [s["kind"] for s in body["sections"]][:3] == [
        "plan_questions",
        "plan_contacts",
        "plan_conversations",
    ]
    assert {s["version"] for s in body["sections"]} == {0}
    assert body["is_open"] is True and body["ending"] is None
    assert response.headers["ETag"] == f'"{investigated.version}"'
    assert AuditEntry.objects.filter(
        action="investigations.investigation.read", case_id=investigated.pk
    ).exists()


def test_others_get_404_problems(outsider, politician, investigated, make_report, caseworker):
    for user in (outsider, politician):
        response = _api(user).get(_url(investigated))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    no_investigation = make_report(caseworker).case
    assert _api(caseworker).get(_url(no_investigation)).status_code == 404


def test_a_part_is_saved_with_its_version_and_a_stale_one_is_refused(caseworker, investigated):
    api = _api(caseworker)
    url = _url(investigated, "sections/development/")
    first = api.post(
        url, {"text": "Trivs i skolan.", "sources": "Skolan", "version": 0}, format="json"
    )
    assert first.status_code == 201, first.content
    assert first.json()["version"] == 1
    assert first.headers["ETag"] == f'"{investigated.version + 1}"'
    stale = api.post(url, {"text": "Annat.", "version": 0}, format="json")
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    assert "text" in stale.json()["errors"]
    assert Section.objects.get().text == "Trivs i skolan."


def test_an_old_if_match_answers_412(caseworker, investigated):
    response = _api(caseworker).post(
        _url(investigated, "sections/assessment/"),
        {"text": "Bedömning.", "version": 0},
        format="json",
        HTTP_IF_MATCH=f'"{investigated.version - 1}"',
    )
    assert response.status_code == 412
    assert not Section.objects.exists()


def test_odd_input_names_the_field(caseworker, investigated):
    response = _api(caseworker).post(
        _url(investigated, "conversations/"),
        {"held": True, "held_on": "1850-01-01", "held_by": "Sara", "place": "Skolan"},
        format="json",
    )
    assert response.status_code == 400
    assert "held_on" in response.json()["errors"]
    response = _api(caseworker).post(
        _url(investigated, "sections/assessment/"),
        {"text": "a\x00b", "version": 0},
        format="json",
    )
    assert response.status_code == 400


def test_kommunicering_holds_the_decision_back_until_replied(caseworker, investigated):
    api = _api(caseworker)
    today = timezone.localdate()
    sent = api.post(
        _url(investigated, "communications/"),
        {"sent_on": today.isoformat(), "material": "Utredningen."},
        format="json",
    )
    assert sent.status_code == 201, sent.content
    party = sent.json()["parties"][0]
    assert party["role"] == "guardian"
    assert api.get(_url(investigated)).json()["decision_waits_until"] == sent.json()["reply_by"]
    end = {
        "decided_on": today.isoformat(),
        "reason": "no_need",
        "reasons": "Inget behov.",
        "follow_up_offered": True,
    }
    refused = api.post(_url(investigated, "end/"), end, format="json")
    assert refused.status_code == 400
    assert "decided_on" in refused.json()["errors"]
    decision = api.post(
        f"/api/v1/cases/{investigated.pk}/decision/",
        {
            "decided_on": today.isoformat(),
            "outcome": "grant",
            "intervention_type": "contact-person",
            "reason": "Stöd.",
        },
        format="json",
    )
    assert decision.status_code == 400 and "decided_on" in decision.json()["errors"]
    bad_party = api.post(
        _url(investigated, "communications/replies/"),
        {"party_id": 999999, "replied_on": today.isoformat()},
        format="json",
    )
    assert bad_party.status_code == 400 and "party_id" in bad_party.json()["errors"]
    reply = api.post(
        _url(investigated, "communications/replies/"),
        {"party_id": party["id"], "replied_on": today.isoformat(), "reply": "Ok."},
        format="json",
    )
    assert reply.status_code == 201, reply.content
    ended = api.post(_url(investigated, "end/"), end, format="json")
    assert ended.status_code == 201, ended.content
    assert ended.json()["case_status"] == CaseStatus.CLOSED
    assert ended.json()["delegation"] == "BU 2.2"
    content = api.get(_url(investigated)).json()
    assert content["ending"]["reason"] == "no_need" and content["is_open"] is False


def test_the_override_is_recorded_with_its_reason(caseworker, investigated):
    api = _api(caseworker)
    api.post(
        _url(investigated, "communications/"),
        {"sent_on": timezone.localdate().isoformat(), "material": "Utredningen."},
        format="json",
    )
    response = api.post(
        _url(investigated, "communications/override/"), {"reason": "Brådskande."}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["communications"][0]["override_reason"] == "Brådskande."
    assert Communication.objects.get().overridden_by == caseworker


def test_a_conversation_not_held(caseworker, investigated):
    response = _api(caseworker).post(
        _url(investigated, "conversations/"),
        {"held": False, "not_held_reason": "too_young"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["held_on"] is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_api_saves_of_one_part_keep_one(caseworker, colleague, investigated):
    clients = [_api(caseworker if i % 2 else colleague) for i in range(6)]
    url = _url(investigated, "sections/proposal/")

    def save(i: int):
        return (
            clients[i].post(url, {"text": f"Förslag {i}", "version": 0}, format="json").status_code
        )

    assert sorted(race(6, save)) == [201] + [409] * 5
    assert Section.objects.get().version == 1


def test_the_reply_date_boundary_yesterday_sent_eight_days_ago(caseworker, investigated):
    api = _api(caseworker)
    today = timezone.localdate()
    sent = api.post(
        _url(investigated, "communications/"),
        {"sent_on": (today - dt.timedelta(days=8)).isoformat(), "material": "Utredningen."},
        format="json",
    )
    assert sent.status_code == 201
    assert sent.json()["reply_by"] == (today - dt.timedelta(days=1)).isoformat()
    assert api.get(_url(investigated)).json()["decision_waits_until"] is None


def test_several_interventions_through_the_api(caseworker, investigated):
    response = _api(caseworker).post(
        _url(investigated, "interventions/"),
        {
            "decided_on": timezone.localdate().isoformat(),
            "granted": ["contact-person"],
            "refused": ["family-treatment"],
            "reason": "Kontaktperson behövs.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case_status"] == CaseStatus.DECIDED
    assert {(d["intervention_type"], d["outcome"]) for d in body["decisions"]} == {
        ("contact-person", "grant"),
        ("family-treatment", "refuse"),
    }


def test_an_unknown_intervention_code_names_the_field(caseworker, investigated):
    response = _api(caseworker).post(
        _url(investigated, "interventions/"),
        {"decided_on": timezone.localdate().isoformat(), "granted": ["nope"], "reason": "X."},
        format="json",
    )
    assert response.status_code == 400
    assert "granted" in str(response.json()["errors"])
