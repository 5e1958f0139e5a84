"""Every read and write through the API is audited with channel "api"; the auditor searches it."""

from django.utils import timezone
from rest_framework.test import APIClient

from conftest import PASSWORD
from skyddsnat.api.tests.conftest import case_url, stored_rows
from skyddsnat.audit.models import AuditEntry


def entries(**filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(**filters).order_by("pk"))


def test_api_reads_and_writes_are_audited_with_the_api_channel(api, caseworker, new_case):
    case_id = new_case["case_id"]
    api.get(case_url(case_id))
    api.post(case_url(case_id, "journal"), {"text": "Anteckning."}, format="json")
    api.get("/api/v1/me/deadlines/")
    api.get("/api/v1/persons/", {"q": "Alva"})

    actions = {entry.action: entry for entry in entries(username="socsek.jarva")}

    for action in (
        "children.report.create",
        "cases.case.read",
        "cases.journal.create",
        "cases.case.list",
        "people.person.search",
    ):
        assert actions[action].channel == "api", action
        assert actions[action].ip_address == "127.0.0.1"
        assert actions[action].person_id == new_case["child"]["id"]
    assert actions["cases.case.read"].case_id == case_id


def test_issuing_a_token_is_audited(caseworker):
    APIClient().post(
        "/api/v1/auth/token/", {"username": "socsek.jarva", "password": PASSWORD}, format="json"
    )

    [entry] = entries(action="api.token.issue")
    assert entry.username == "socsek.jarva"
    assert entry.channel == "api"


def test_the_auditor_finds_the_reads_of_a_person(api_for, auditor, outsider, api, new_case):
    api.get(case_url(new_case["case_id"]))
    api_for(outsider).get(case_url(new_case["case_id"]))  # refused: 404, logged as an attempt
    number = new_case["child"]["personal_identity_number"]

    response = api_for(auditor).get("/api/v1/audit/", {"person": number})

    assert response.status_code == 200
    found = response.json()["entries"]
    assert {e["action"] for e in found} >= {"children.report.create", "cases.case.read"}
    # The outsider's attempt is there as refused; the search does not list itself.
    assert {(e["user"], e["action"]) for e in found if e["user"] != "socsek.jarva"} == {
        ("socsek.sodermalm", "cases.case.refused")
    }
    assert all(e["person_id"] == new_case["child"]["id"] for e in found)
    assert set(found[0]) == {
        "id",
        "user",
        "action",
        "action_label",
        "at",
        "case_id",
        "case_reference",
        "person_id",
        "person_ids",
        "case_ids",
        "channel",
        "ip_address",
    }


def test_the_auditor_finds_what_a_user_did(api_for, auditor, api, new_case):
    api.get(case_url(new_case["case_id"]))
    api.get("/api/v1/me/deadlines/")

    found = api_for(auditor).get("/api/v1/audit/", {"user": "socsek.jarva"}).json()["entries"]

    assert [e["action"] for e in found] == [
        "cases.case.list",
        "cases.case.read",
        "children.report.create",
        "api.token.issue",
    ]
    assert all(e["channel"] == "api" for e in found)
    assert found[1]["case_id"] == new_case["case_id"]
    search = entries(action="audit.log.search")[-1]
    assert (search.username, search.channel) == ("granskare", "api")


def test_a_malformed_identity_number_in_the_audit_search_is_refused(api_for, auditor):
    client = api_for(auditor)
    before = stored_rows()

    response = client.get("/api/v1/audit/", {"person": "19990101-0000"})

    assert response.status_code == 400
    assert "person" in response.json()["errors"]
    assert stored_rows() == before


def test_a_failed_write_leaves_no_audit_entry(api, new_case):
    before = AuditEntry.objects.count()
    api.post(
        case_url(new_case["case_id"], "pre-assessment"),
        {
            "decided_on": (timezone.localdate().replace(year=2999)).isoformat(),
            "decision": "open_investigation",
            "reason": "x",
        },
        format="json",
    )
    assert AuditEntry.objects.count() == before
