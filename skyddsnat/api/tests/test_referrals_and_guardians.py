"""The API of issue 9 points 7 and 1: an extension asked for and decided, a decision sent to the
one who may take it, the manager's queue, and a guardian added to a case's child — same rules,
audit and problem+json as the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from skyddsnat.api.tests.conftest import case_url, synthetic_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Deadline, DeadlineKind, InterventionType, Referral
from skyddsnat.people.models import Guardianship, Person, ProtectionLevel

pytestmark = pytest.mark.django_db


def test_a_caseworker_asks_and_the_manager_grants_an_extension(
    api, api_for, manager, investigated_case
):
    case_id = investigated_case["case_id"]
    due = Deadline.objects.get(case_id=case_id, kind=DeadlineKind.INVESTIGATION).due
    asked = api.post(
        case_url(case_id, "investigation/extension-request"),
        {"reason": "Väntar på BUP.", "proposed_due": (due + dt.timedelta(days=30)).isoformat()},
        format="json",
    )
    assert asked.status_code == 201, asked.content
    body = asked.json()
    assert (body["status"], body["sent_to_role"], body["case_id"]) == (
        "pending",
        "manager",
        case_id,
    )
    again = api.post(
        case_url(case_id, "investigation/extension-request"), {"reason": "Igen."}, format="json"
    )
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")

    boss = api_for(manager)
    queue = boss.get("/api/v1/referrals/")
    assert queue.status_code == 200
    assert [r["id"] for r in queue.json()["referrals"]] == [body["id"]]
    # The caseworker has no queue: an area not theirs is 404.
    assert api.get("/api/v1/referrals/").status_code == 404
    assert (
        api.post(
            f"/api/v1/referrals/{body['id']}/decision/",
            {"outcome": "grant", "reason": "Ja."},
            format="json",
        ).status_code
        == 404
    )

    decided = boss.post(
        f"/api/v1/referrals/{body['id']}/decision/",
        {"outcome": "grant", "reason": "Särskilda skäl finns."},
        format="json",
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["status"] == "granted"
    assert Deadline.objects.get(case_id=case_id, kind=DeadlineKind.INVESTIGATION).due == (
        due + dt.timedelta(days=30)
    )
    twice = boss.post(
        f"/api/v1/referrals/{body['id']}/decision/",
        {"outcome": "refuse", "reason": "Nej."},
        format="json",
    )
    assert twice.status_code == 409


def test_a_manager_who_may_extend_is_told_to_do_it_directly(api_for, manager, investigated_case):
    response = api_for(manager).post(
        case_url(investigated_case["case_id"], "investigation/extension-request"),
        {"reason": "Behövs."},
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in str(response.json())


def test_a_placement_is_sent_to_the_manager_and_decided_there(
    api, api_for, manager, investigated_case
):
    case_id = investigated_case["case_id"]
    placement = (
        InterventionType.objects.filter(case_kind="children", is_placement=True)
        .exclude(legal_basis="lvu")
        .first()
    )
    # Deciding it directly is refused (403): the referral is the way.
    direct = api.post(
        case_url(case_id, "decision"),
        {
            "decided_on": timezone.localdate().isoformat(),
            "outcome": "grant",
            "intervention_type": placement.code,
            "reason": "Placering.",
        },
        format="json",
    )
    assert direct.status_code == 403
    sent = api.post(
        case_url(case_id, "referrals"),
        {"intervention_type": placement.code, "outcome": "grant", "reason": "Placering behövs."},
        format="json",
    )
    assert sent.status_code == 201, sent.content
    decided = api_for(manager).post(
        f"/api/v1/referrals/{sent.json()['id']}/decision/",
        {"outcome": "grant", "reason": "Beviljas."},
        format="json",
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["decision_id"] is not None
    assert decided.json()["case_status"] == "decided"


def test_an_unknown_intervention_names_the_field(api, investigated_case):
    response = api.post(
        case_url(investigated_case["case_id"], "referrals"),
        {"intervention_type": "no-such-thing", "outcome": "grant", "reason": "X."},
        format="json",
    )
    assert response.status_code == 400
    assert "intervention_type" in str(response.json())


def test_an_outsider_gets_404_for_every_new_endpoint(api_for, outsider, investigated_case):
    case_id = investigated_case["case_id"]
    client = api_for(outsider)
    for path, body in [
        ("investigation/extension-request", {"reason": "X."}),
        ("referrals", {"intervention_type": "contact-person", "outcome": "grant", "reason": "X"}),
        (
            "guardians",
            {
                "personal_identity_number": synthetic_number(),
                "first_name": "A",
                "last_name": "B",
                "relation": "parent",
            },
        ),
    ]:
        assert client.post(case_url(case_id, path), body, format="json").status_code == 404
    assert not Referral.objects.exists()


def test_a_guardian_is_added_through_the_api_and_listed_on_the_case(api, new_case):
    case_id = new_case["case_id"]
    number = synthetic_number()
    response = api.post(
        case_url(case_id, "guardians"),
        {
            "personal_identity_number": number,
            "first_name": "Maria",
            "last_name": "Testsson",
            "relation": "parent",
            "is_synthetic": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["relation"], body["address_protected"]) == (
        "Maria Testsson",
        "parent",
        False,
    )
    assert [g["id"] for g in api.get(case_url(case_id)).json()["guardians"]] == [body["id"]]
    assert AuditEntry.objects.filter(action="people.guardian.add", person_id=body["id"]).exists()
    again = api.post(
        case_url(case_id, "guardians"),
        {
            "personal_identity_number": number,
            "first_name": "Maria",
            "last_name": "Testsson",
            "relation": "parent",
        },
        format="json",
    )
    assert again.status_code == 409


def test_a_known_person_is_linked_only_under_the_name_they_are_known_by(api, new_case):
    known = Person.objects.create(
        personal_identity_number=synthetic_number(),
        first_name="Hemlig",
        last_name="Person",
        date_of_birth=dt.date(1980, 1, 1),
        protection_level=ProtectionLevel.PROTECTED_REGISTRATION,
        street_address="Skyddad väg 1",
        is_synthetic=True,
    )
    wrong = api.post(
        case_url(new_case["case_id"], "guardians"),
        {
            "personal_identity_number": known.personal_identity_number,
            "first_name": "Någon",
            "last_name": "Annan",
            "relation": "parent",
        },
        format="json",
    )
    assert wrong.status_code == 400
    assert wrong["Content-Type"].startswith("application/problem+json")
    assert "personal_identity_number" in str(wrong.json())
    assert "Hemlig" not in wrong.content.decode()
    assert not Guardianship.objects.filter(guardian=known).exists()
    right = api.post(
        case_url(new_case["case_id"], "guardians"),
        {
            "personal_identity_number": known.personal_identity_number,
            "first_name": "Hemlig",
            "last_name": "Person",
            "relation": "parent",
        },
        format="json",
    )
    assert right.status_code == 201
    # A protected guardian's address stays withheld from a caseworker without the need.
    assert right.json()["address_protected"] is True
    assert "Skyddad" not in right.content.decode()


def test_a_report_without_a_number_is_matched_later_through_the_api(api, api_for, outsider):
    from skyddsnat.api.tests.conftest import REPORTS, report_body

    body = report_body()
    body["child"] = {
        "identity_kind": "reserve",
        "reserve_number": "R-88",
        "first_name": "Okänd",
        "last_name": "Flicka",
        "is_synthetic": True,
    }
    created = api.post(REPORTS, body, format="json")
    assert created.status_code == 201, created.content
    case_id = created.json()["case_id"]
    assert created.json()["child"]["personal_identity_number"] is None
    case = api.get(case_url(case_id)).json()
    assert case["person"]["identity_kind"] == "reserve"
    number = synthetic_number()
    assert (
        api_for(outsider)
        .post(
            case_url(case_id, "person-match"),
            {"personal_identity_number": number, "first_name": "Tuva", "last_name": "Lind"},
            format="json",
        )
        .status_code
        == 404
    )
    matched = api.post(
        case_url(case_id, "person-match"),
        {"personal_identity_number": number, "first_name": "Tuva", "last_name": "Lind"},
        format="json",
    )
    assert matched.status_code == 201, matched.content
    assert (matched.json()["personal_identity_number"], matched.json()["identity_kind"]) == (
        number,
        "personal",
    )
    assert api.get(case_url(case_id)).json()["person"]["personal_identity_number"] == number


def test_a_report_by_number_still_needs_the_number(api):
    from skyddsnat.api.tests.conftest import REPORTS, report_body

    body = report_body()
    body["child"].pop("personal_identity_number")
    response = api.post(REPORTS, body, format="json")
    assert response.status_code == 400
    assert "child.personal_identity_number" in str(response.json())


def test_a_late_no_investigation_needs_exceptional_reasons_through_the_api(api, new_case):
    case_id = new_case["case_id"]
    Deadline.objects.filter(case_id=case_id, kind=DeadlineKind.PRE_ASSESSMENT).update(
        due=timezone.localdate() - dt.timedelta(days=1)
    )
    body = {
        "decided_on": timezone.localdate().isoformat(),
        "decision": "no_investigation",
        "reason": "Ingen oro.",
    }
    refused = api.post(case_url(case_id, "pre-assessment"), body, format="json")
    assert refused.status_code == 400
    assert "exceptional_reasons" in str(refused.json())
    body["exceptional_reasons"] = "Familjen nåddes först nu."
    assert api.post(case_url(case_id, "pre-assessment"), body, format="json").status_code == 201


@pytest.mark.parametrize("odd", ["Skäl\u202e", "Skäl\x00", "x" * 100_001, "   "])
def test_odd_reasons_are_refused_naming_the_field_and_nothing_is_sent(api, investigated_case, odd):
    response = api.post(
        case_url(investigated_case["case_id"], "investigation/extension-request"),
        {"reason": odd},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "reason" in response.json()["errors"]
    assert not Referral.objects.exists()


def test_an_absurd_proposed_date_is_refused(api, investigated_case):
    response = api.post(
        case_url(investigated_case["case_id"], "investigation/extension-request"),
        {"reason": "Behövs.", "proposed_due": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert "proposed_due" in response.json()["errors"]
    assert not Referral.objects.exists()
