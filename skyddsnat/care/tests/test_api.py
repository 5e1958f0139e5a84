"""The care API: `/api/v1/cases/{id}/lvu/…` and `/api/v1/placements/…` — the same services,
access rules (404 for an invisible case, 403 without a delegation line), audit and problem+json
errors naming the field; real concurrent requests against PostgreSQL."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import race
from skyddsnat.api.tests.test_races import statuses, token_client
from skyddsnat.audit.models import AuditEntry
from skyddsnat.care.models import ImmediateCustody, Placement

TODAY = dt.date(2025, 3, 20)


def _custody_url(case_id, *rest):
    return f"/api/v1/cases/{case_id}/lvu/custody/" + "".join(f"{r}/" for r in rest)


def test_custody_carried_out_submitted_and_extended_through_the_api(
    api_for, manager, caseworker, reported
):
    case = reported(dt.date(2025, 1, 20))
    api = api_for(manager)
    answer = api.post(
        _custody_url(case.pk),
        {"decided_on": "2025-01-30", "section": "3", "reason": "Allvarlig risk."},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    custody = answer.json()["custody"]
    assert custody["court_submission"]["due"] == "2025-02-06"
    assert custody["care_application"] is None
    assert answer["ETag"]
    staff = api_for(caseworker)  # the rest needs no delegation: the caseworker records it
    answer = staff.post(
        _custody_url(case.pk, custody["id"], "carried-out"),
        {"carried_out_on": "2025-01-31"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["custody"]["care_application"]["due"] == "2025-02-28"
    answer = staff.post(
        _custody_url(case.pk, custody["id"], "court-submission"),
        {"done_on": "2025-02-03", "note": "Mål nr 123-25"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    answer = staff.post(
        _custody_url(case.pk, custody["id"], "extension"),
        {"decided_on": "2025-02-25", "new_due": "2025-03-14", "reason": "Kompletteras."},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    application = answer.json()["custody"]["care_application"]
    assert (application["original_due"], application["due"]) == ("2025-02-28", "2025-03-14")
    state = staff.get(f"/api/v1/cases/{case.pk}/lvu/").json()
    # 14 March passed without an application: the custody has lapsed (LVU 9 §).
    assert state["custodies"][0]["lapsed_on"] == "2025-03-15"
    assert AuditEntry.objects.filter(action="care.lvu.read", case_id=case.pk).exists()


def test_a_caseworker_without_delegation_is_refused_403_and_an_outsider_404(
    api_for, caseworker, outsider, reported
):
    case = reported(dt.date(2025, 1, 20))
    body = {"decided_on": "2025-01-30", "section": "2", "reason": "Akut."}
    answer = api_for(caseworker).post(_custody_url(case.pk), body, format="json")
    assert answer.status_code == 403
    assert answer["Content-Type"] == "application/problem+json"
    answer = api_for(outsider).post(_custody_url(case.pk), body, format="json")
    assert answer.status_code == 404
    assert not ImmediateCustody.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decided_on": "2025-01-30", "section": "4", "reason": "x"}, "section"),
        ({"decided_on": "2999-01-30", "section": "2", "reason": "x"}, "decided_on"),
        ({"decided_on": "2025-01-30", "section": "2", "reason": "a\u202eb"}, "reason"),
        ({"decided_on": "2025-01-30", "section": "2", "reason": "\x00"}, "reason"),
        ({"decided_on": "2025-01-30", "section": "2", "reason": "x" * 20_001}, "reason"),
    ],
)
def test_odd_input_is_a_problem_naming_the_field_and_nothing_is_stored(
    api_for, manager, reported, body, field
):
    case = reported(dt.date(2025, 1, 20))
    answer = api_for(manager).post(_custody_url(case.pk), body, format="json")
    assert answer.status_code == 400, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    assert field in answer.json()["errors"]
    assert not ImmediateCustody.objects.exists()


def test_placements_through_the_api(api_for, caseworker, colleague, reported):
    case = reported(dt.date(2025, 1, 20))
    api = api_for(caseworker)
    answer = api.post(
        "/api/v1/placements/",
        {
            "case_id": case.pk,
            "form": "emergency_home",
            "provider": "Jourhemmet Lärkan",
            "basis": "sol",
            "started_on": "2025-02-01",
            "social_worker": colleague.username,
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    placement = answer.json()
    assert (placement["legal_basis"], placement["social_worker"]) == ("SoL", colleague.username)
    again = api.post(
        "/api/v1/placements/",
        {
            "case_id": case.pk,
            "form": "hvb",
            "provider": "HVB",
            "basis": "sol",
            "started_on": "2025-02-02",
        },
        format="json",
    )
    assert again.status_code == 409
    base = f"/api/v1/placements/{placement['id']}/"
    assert (
        api.post(
            base + "plans/",
            {"kind": "care_plan", "drawn_up_on": "2025-02-03", "text": "Mål."},
            format="json",
        ).status_code
        == 201
    )
    assert (
        api.post(
            base + "visits/",
            {"kind": "visit", "visited_on": "2025-02-20", "note": "Bra.", "child_alone": True},
            format="json",
        ).status_code
        == 201
    )
    moved = api.post(
        base + "move/",
        {"moved_on": "2025-03-01", "form": "family_home", "provider": "Familjen Ek"},
        format="json",
    )
    assert moved.status_code == 201, moved.content
    assert moved.json()["moved_from_id"] == placement["id"]
    assert api.get(base).json()["end_reason"] == "moved"
    assert AuditEntry.objects.filter(action="care.placement.read").exists()


def test_an_invisible_placement_answers_like_a_missing_one(api_for, caseworker, outsider, reported):
    case = reported(dt.date(2025, 1, 20))
    answer = api_for(caseworker).post(
        "/api/v1/placements/",
        {
            "case_id": case.pk,
            "form": "hvb",
            "provider": "HVB",
            "basis": "sol",
            "started_on": "2025-02-01",
        },
        format="json",
    )
    pk = answer.json()["id"]
    other = api_for(outsider)
    hidden, missing = (
        other.get(f"/api/v1/placements/{pk}/"),
        other.get("/api/v1/placements/987654/"),
    )
    assert hidden.status_code == missing.status_code == 404

    def without_address(problem: dict) -> dict:
        return {k: v for k, v in problem.items() if k != "instance"}

    assert without_address(hidden.json()) == without_address(missing.json())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_custody_decisions_record_one(api_for, manager, reported):
    case = reported(dt.date(2025, 1, 20))
    client = token_client(api_for, manager)

    def decide(i: int):
        return client().post(
            _custody_url(case.pk),
            {"decided_on": "2025-01-30", "section": "2", "reason": f"Beslut {i}."},
            format="json",
        )

    results = race(10, decide)
    assert statuses(results) == [201] + [409] * 9, [r.content for r in results]
    assert ImmediateCustody.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_moves_of_one_placement_move_it_once(api_for, caseworker, reported):
    case = reported(dt.date(2025, 1, 20))
    client = token_client(api_for, caseworker)
    placed = client().post(
        "/api/v1/placements/",
        {
            "case_id": case.pk,
            "form": "emergency_home",
            "provider": "Jourhem",
            "basis": "sol",
            "started_on": "2025-02-01",
        },
        format="json",
    )
    assert placed.status_code == 201, placed.content
    url = f"/api/v1/placements/{placed.json()['id']}/move/"

    def move(i: int):
        return client().post(
            url,
            {"moved_on": timezone.localdate().isoformat(), "form": "hvb", "provider": f"HVB {i}"},
            format="json",
        )

    results = race(10, move)
    assert statuses(results) == [201] + [409] * 9, [r.content for r in results]
    assert Placement.objects.filter(child=case.person, ended_on__isnull=True).count() == 1
    assert Placement.objects.filter(child=case.person).count() == 2
