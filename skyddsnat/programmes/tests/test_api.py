"""The programmes API contract (issue 10 points 3 and 4): intake, goals, meetings, end — status
codes and bodies, problem+json naming the field, nothing stored on bad input, 404 for what the
caller may not see, audit of reads and writes, and two simultaneous ends of which one wins."""

import datetime as dt

import pytest

from conftest import race
from skyddsnat.api.tests.test_races import statuses, token_client
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case, CaseKind, CaseStatus
from skyddsnat.people.models import Person
from skyddsnat.programmes.models import Goal, Meeting, Participant
from skyddsnat.programmes.tests.conftest import START, number_aged


def _intake(**overrides):
    body = {
        "personal_identity_number": number_aged(17),
        "first_name": "Elias",
        "last_name": "Testsson",
        "district": "jarva",
        "started_on": START.isoformat(),
        "is_synthetic": True,
    }
    body.update(overrides)
    return body


def test_the_contract_intake_goal_meeting_end(api_for, coordinator):
    api = api_for(coordinator)
    answer = api.post("/api/v1/programmes/sig/participants/", _intake(), format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert set(body) == {"id", "case_id"}
    participant = Participant.objects.get(pk=body["id"])
    assert participant.case_id == body["case_id"]
    assert participant.programme == "sig"
    assert participant.group is not None and participant.group.district.slug == "jarva"
    case = participant.case
    assert (case.kind, case.status, case.unit.kind) == (
        CaseKind.PROGRAMME,
        CaseStatus.INTERVENTION,
        "children",
    )
    assert case.reference.startswith("PR-2025-")

    url = f"/api/v1/participants/{participant.pk}/"
    goal = api.post(
        f"{url}goals/",
        {"text": "Gå i skolan varje dag.", "agency": "school", "due": "2025-06-15"},
        format="json",
    )
    assert goal.status_code == 201, goal.content
    assert goal.json()["agency"] == "school"
    meeting = api.post(
        f"{url}meetings/",
        {"held_on": "2025-03-10", "agencies": ["police", "school"], "notes": "Första mötet."},
        format="json",
    )
    assert meeting.status_code == 201, meeting.content
    assert Meeting.objects.get(participant=participant).agencies == ["police", "school"]
    end = api.post(
        f"{url}end/", {"ended_on": "2025-09-01", "outcome": "school_or_work"}, format="json"
    )
    assert end.status_code == 200, end.content
    assert end.json()["outcome"] == "school_or_work"
    participant.refresh_from_db()
    assert participant.ended_on == dt.date(2025, 9, 1)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED

    read = api.get(url)
    assert read.status_code == 200
    assert [g["text"] for g in read.json()["goals"]] == ["Gå i skolan varje dag."]
    actions = set(
        AuditEntry.objects.filter(user_id=coordinator.pk, case_id=case.pk).values_list(
            "action", flat=True
        )
    )
    assert {
        "programmes.participant.create",
        "programmes.goal.create",
        "programmes.meeting.create",
        "programmes.participant.end",
        "programmes.participant.read",
    } <= actions


@pytest.mark.parametrize(
    ("slug", "age", "status"),
    [
        ("sig", 14, 400),
        ("sig", 15, 201),
        ("sig", 25, 201),
        ("sig", 26, 400),
        ("sspf", 11, 400),
        ("sspf", 12, 201),
        ("sspf", 18, 201),
        ("sspf", 19, 400),
        ("crime-exit", 13, 201),
        ("crime-exit", 58, 201),
    ],
)
def test_the_age_limits_are_rule_data(api_for, coordinator, slug, age, status):
    answer = api_for(coordinator).post(
        f"/api/v1/programmes/{slug}/participants/",
        _intake(personal_identity_number=number_aged(age)),
        format="json",
    )
    assert answer.status_code == status, answer.content
    if status == 400:
        assert "personal_identity_number" in answer.json()["errors"]
        assert answer["Content-Type"].startswith("application/problem+json")
        assert not Participant.objects.exists()


def test_a_changed_rule_changes_the_limit(api_for, coordinator):
    from skyddsnat.programmes.models import ProgrammeRule

    ProgrammeRule.objects.filter(programme="sig").update(max_age=20)
    answer = api_for(coordinator).post(
        "/api/v1/programmes/sig/participants/",
        _intake(personal_identity_number=number_aged(22)),
        format="json",
    )
    assert answer.status_code == 400
    assert "20" in answer.json()["errors"]["personal_identity_number"][0]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("personal_identity_number", "20100101-0000"),
        ("personal_identity_number", "x\x00y"),
        ("first_name", "Eli\u202eas"),
        ("first_name", ""),
        ("district", "atlantis"),
        ("started_on", "2999-01-01"),
        ("started_on", "1800-01-01"),
        ("started_on", "not a date"),
        ("motivation", "a\u0007b"),
    ],
)
def test_odd_intake_answers_400_naming_the_field_and_stores_nothing(
    api_for, coordinator, field, value
):
    persons = Person.objects.count()
    answer = api_for(coordinator).post(
        "/api/v1/programmes/crime-exit/participants/", _intake(**{field: value}), format="json"
    )
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"], answer.json()
    assert Person.objects.count() == persons
    assert not Participant.objects.exists()
    assert not Case.objects.filter(kind=CaseKind.PROGRAMME).exists()


def test_an_unknown_programme_is_404(api_for, coordinator):
    answer = api_for(coordinator).post(
        "/api/v1/programmes/chess-club/participants/", _intake(), format="json"
    )
    assert answer.status_code == 404


def test_another_district_is_refused_at_intake(api_for, coordinator):
    answer = api_for(coordinator).post(
        "/api/v1/programmes/sig/participants/", _intake(district="sodermalm"), format="json"
    )
    assert answer.status_code == 400
    assert "district" in answer.json()["errors"]
    assert not Participant.objects.exists()


def test_one_ongoing_participation_per_person_and_programme(api_for, coordinator):
    api = api_for(coordinator)
    body = _intake()
    assert api.post("/api/v1/programmes/sig/participants/", body, format="json").status_code == 201
    again = api.post("/api/v1/programmes/sig/participants/", body, format="json")
    assert again.status_code == 409
    # Another programme is another participation.
    assert api.post("/api/v1/programmes/sspf/participants/", body, format="json").status_code == 201


def test_a_participant_of_another_district_is_404_like_a_missing_one(
    api_for, enrol, other_coordinator
):
    participant = enrol()
    api = api_for(other_coordinator)
    for path in ("", "goals/", "meetings/", "end/"):
        url = f"/api/v1/participants/{participant.pk}/{path}"
        hidden = api.post(url, {}, format="json") if path else api.get(url)
        missing_url = f"/api/v1/participants/{participant.pk + 1000}/{path}"
        missing = api.post(missing_url, {}, format="json") if path else api.get(missing_url)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
    assert AuditEntry.objects.filter(
        user_id=other_coordinator.pk, action="cases.case.refused", case_id=participant.case_id
    ).exists()


@pytest.mark.parametrize("who", ["politician", "analyst", "auditor"])
def test_roles_outside_the_programmes_get_404(api_for, enrol, request, who):
    participant = enrol()
    api = api_for(request.getfixturevalue(who))
    assert api.get(f"/api/v1/participants/{participant.pk}/").status_code == 404
    assert (
        api.post("/api/v1/programmes/sig/participants/", _intake(), format="json").status_code
        == 404
    )


def test_a_caseworker_of_another_district_sees_no_participant_and_registers_none(
    api_for, enrol, outsider
):
    participant = enrol()
    api = api_for(outsider)
    assert api.get(f"/api/v1/participants/{participant.pk}/").status_code == 404
    refused = api.post("/api/v1/programmes/sig/participants/", _intake(), format="json")
    assert refused.status_code == 403
    assert Participant.objects.count() == 1


def test_a_caseworker_of_the_unit_reads_but_does_not_write(api_for, enrol, caseworker, manager):
    participant = enrol()
    api = api_for(caseworker)
    assert api.get(f"/api/v1/participants/{participant.pk}/").status_code == 200
    refused = api.post(
        f"/api/v1/participants/{participant.pk}/goals/",
        {"text": "Mål.", "agency": "school", "due": "2025-06-01"},
        format="json",
    )
    assert refused.status_code == 403
    assert not Goal.objects.exists()
    allowed = api_for(manager).post(
        f"/api/v1/participants/{participant.pk}/goals/",
        {"text": "Mål.", "agency": "school", "due": "2025-06-01"},
        format="json",
    )
    assert allowed.status_code == 201


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("goals/", {"text": "", "agency": "school", "due": "2025-06-01"}, "text"),
        ("goals/", {"text": "Mål.", "agency": "mafia", "due": "2025-06-01"}, "agency"),
        ("goals/", {"text": "Mål.", "agency": "school", "due": "2025-01-01"}, "due"),
        ("goals/", {"text": "Mål.", "agency": "school", "due": "2999-01-01"}, "due"),
        ("meetings/", {"held_on": "2025-03-10", "agencies": []}, "agencies"),
        ("meetings/", {"held_on": "2025-03-10", "agencies": ["nasa"]}, "agencies"),
        ("meetings/", {"held_on": "2025-01-10", "agencies": ["school"]}, "held_on"),
        ("meetings/", {"held_on": "2999-01-10", "agencies": ["school"]}, "held_on"),
        ("end/", {"ended_on": "2025-04-01", "outcome": "famous"}, "outcome"),
        ("end/", {"ended_on": "2025-01-01", "outcome": "moved"}, "ended_on"),
    ],
)
def test_odd_plan_input_answers_400_and_stores_nothing(
    api_for, enrol, coordinator, path, body, field
):
    participant = enrol()
    answer = api_for(coordinator).post(
        f"/api/v1/participants/{participant.pk}/{path}", body, format="json"
    )
    assert answer.status_code == 400, answer.content
    assert any(key.split(".")[0] == field for key in answer.json()["errors"])
    participant.refresh_from_db()
    assert participant.ended_on is None
    assert not participant.goals.exists() and not participant.meetings.exists()


def test_nothing_is_added_after_the_end(api_for, enrol, coordinator):
    participant = enrol()
    api = api_for(coordinator)
    url = f"/api/v1/participants/{participant.pk}/"
    assert (
        api.post(
            f"{url}end/", {"ended_on": "2025-04-01", "outcome": "moved"}, format="json"
        ).status_code
        == 200
    )
    late = api.post(
        f"{url}goals/", {"text": "Mål.", "agency": "school", "due": "2025-06-01"}, format="json"
    )
    assert late.status_code == 409
    assert not participant.goals.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ending_twice_at_once_one_wins(api_for, enrol, coordinator):
    participant = enrol()
    client = token_client(api_for, coordinator)
    outcomes = ["school_or_work", "moved", "left", "no_new_crime", "moved", "left"]

    def end(i: int):
        return client().post(
            f"/api/v1/participants/{participant.pk}/end/",
            {"ended_on": "2025-05-01", "outcome": outcomes[i]},
            format="json",
        )

    results = race(6, end)
    assert statuses(results) == [200] + [409] * 5, [r.content for r in results]
    assert AuditEntry.objects.filter(action="programmes.participant.end").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_registering_one_person_at_once_makes_one_participant(api_for, coordinator):
    client = token_client(api_for, coordinator)
    body = _intake()

    def register(i: int):
        return client().post("/api/v1/programmes/sig/participants/", body, format="json")

    results = race(6, register)
    assert statuses(results) == [201] + [409] * 5, [r.content for r in results]
    assert Participant.objects.count() == 1
