"""The programme pages in Swedish: the district's programmes, a programme's participants with the
intake, the participant's plan; 404 for other roles and other districts; audited reads."""

import pytest

from skyddsnat.audit.models import AuditEntry
from skyddsnat.programmes.models import Goal, Participant
from skyddsnat.programmes.tests.conftest import number_aged


def test_a_coordinator_starts_on_the_programmes_and_registers_a_participant(client, coordinator):
    client.force_login(coordinator)
    start = client.get("/")
    assert start.status_code == 200 and 'href="/program/"' in start.content.decode()
    home = client.get("/program/")
    assert home.status_code == 200
    assert "Program i Järva" in home.content.decode()
    page = client.get("/program/sig/")
    assert page.status_code == 200
    assert "Registrera deltagare" in page.content.decode()
    answer = client.post(
        "/program/sig/ny/",
        {
            "personal_identity_number": number_aged(16),
            "first_name": "Leo",
            "last_name": "Testsson",
            "started_on": "2025-03-03",
            "consent_given_on": "2025-03-01",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    participant = Participant.objects.get()
    assert answer["Location"] == f"/program/deltagare/{participant.pk}/"
    plan = client.get(answer["Location"])
    body = plan.content.decode()
    assert plan.status_code == 200
    assert "Handlingsplan" in body and "Leo Testsson" in body
    assert AuditEntry.objects.filter(
        action="programmes.participant.read", case_id=participant.case_id
    ).exists()


def test_the_plan_is_written_on_the_page(client, coordinator, enrol):
    participant = enrol()
    client.force_login(coordinator)
    url = f"/program/deltagare/{participant.pk}/"
    added = client.post(
        f"{url}mal/", {"text": "Klara matematiken.", "agency": "school", "due": "2025-06-01"}
    )
    assert added.status_code == 302
    goal = Goal.objects.get()
    followed = client.post(
        f"{url}mal/{goal.pk}/uppfoljning/", {"followed_up_on": "2025-04-01", "result": "partly"}
    )
    assert followed.status_code == 302
    met = client.post(f"{url}moten/", {"held_on": "2025-03-10", "agencies": ["school", "police"]})
    assert met.status_code == 302
    page = client.get(url).content.decode()
    assert "Klara matematiken." in page and "Delvis uppnått" in page
    ended = client.post(f"{url}avsluta/", {"ended_on": "2025-05-01", "outcome": "moved"})
    assert ended.status_code == 302
    page = client.get(url).content.decode()
    assert "Avslutad" in page and "Flyttade" in page
    assert "Lägg till mål" not in page  # nothing more is written after the end


def test_bad_input_on_the_page_answers_400_and_stores_nothing(client, coordinator, enrol):
    participant = enrol()
    client.force_login(coordinator)
    answer = client.post(
        f"/program/deltagare/{participant.pk}/mal/",
        {"text": "Mål\u202e.", "agency": "school", "due": "2025-06-01"},
    )
    assert answer.status_code == 400
    assert not Goal.objects.exists()


@pytest.mark.parametrize("who", ["other_coordinator", "outsider", "politician", "auditor"])
def test_others_get_404(client, enrol, request, who):
    participant = enrol()
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/program/deltagare/{participant.pk}/").status_code == 404
    assert client.post(f"/program/deltagare/{participant.pk}/avsluta/", {}).status_code == 404


def test_the_programme_case_page_leads_to_the_participant(client, coordinator, enrol):
    participant = enrol()
    client.force_login(coordinator)
    answer = client.get(f"/arenden/{participant.case_id}/")
    assert answer.status_code in (301, 302)
    assert answer["Location"].endswith(f"/program/deltagare/{participant.pk}/")
