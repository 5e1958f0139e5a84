"""Early help: interventions offered without an individual needs assessment (domain.md §3)."""

import datetime as dt
import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from conftest import PASSWORD, new_identity_number
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import InterventionType
from skyddsnat.children.models import EarlyHelp
from skyddsnat.children.services import early_help_end, early_help_start, pre_assessment_decide
from skyddsnat.followup import equality


def _type(code: str = "parent-support") -> InterventionType:
    return InterventionType.objects.get(code=code)


def _start(user, **overrides) -> EarlyHelp:
    today = timezone.localdate()
    fields = {
        "personal_identity_number": new_identity_number(),
        "first_name": "Elsa",
        "last_name": "Testsson",
        "is_synthetic": True,
        "intervention_type": _type(),
        "started_on": today,
        "consent_given": True,
        "consent_on": today,
        "note": "Föräldrarna ber om stöd kring skolfrånvaro.",
    }
    fields.update(overrides)
    return early_help_start(user=user, **fields)


def _no_investigation(user, make_report):
    report = make_report(user)
    pre_assessment_decide(
        user=user,
        case=report.case,
        decided_on=timezone.localdate(),
        decision="no_investigation",
        reason="Familjen tar emot stöd frivilligt.",
    )
    report.case.refresh_from_db()
    return report.case


def test_it_starts_early_help_for_a_child_with_the_guardians_consent(caseworker):
    help_record = _start(caseworker)
    assert help_record.unit == caseworker.unit
    assert help_record.case is None
    assert help_record.ended_on is None
    assert help_record.person.is_synthetic


def test_it_refuses_an_intervention_that_needs_a_needs_assessment(caseworker):
    with pytest.raises(ValidationError) as error:
        _start(caseworker, intervention_type=_type("family-home"))
    assert "intervention_type" in error.value.message_dict
    assert not EarlyHelp.objects.exists()


def test_the_refusal_is_in_swedish(caseworker):
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        _start(caseworker, intervention_type=_type("family-home"))
    assert "behovsprövning" in error.value.message_dict["intervention_type"][0]


def test_it_requires_the_guardians_consent_for_a_child(caseworker):
    with pytest.raises(ValidationError) as error:
        _start(caseworker, consent_given=False, consent_on=None)
    assert "consent_given" in error.value.message_dict
    assert not EarlyHelp.objects.exists()


def test_it_requires_the_date_of_the_consent(caseworker):
    with pytest.raises(ValidationError) as error:
        _start(caseworker, consent_on=None)
    assert "consent_on" in error.value.message_dict


def test_it_refuses_a_future_start(caseworker):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _start(caseworker, started_on=tomorrow)
    assert "started_on" in error.value.message_dict


def test_it_refuses_staff_outside_a_children_unit(politician, analyst, auditor):
    for user in (politician, analyst, auditor):
        with pytest.raises(PermissionDenied):
            _start(user)
    assert not EarlyHelp.objects.exists()


def test_it_refuses_an_outsider_the_case_of_another_district(outsider, caseworker, make_report):
    case = _no_investigation(caseworker, make_report)
    with pytest.raises(PermissionDenied):
        _start(outsider, case=case)
    assert not EarlyHelp.objects.exists()


def test_an_outsider_may_not_end_another_units_early_help(outsider, caseworker):
    help_record = _start(caseworker)
    with pytest.raises(PermissionDenied):
        early_help_end(user=outsider, early_help=help_record, ended_on=timezone.localdate())


def test_it_refuses_an_end_before_the_start(caseworker):
    help_record = _start(caseworker)
    with pytest.raises(ValidationError) as error:
        early_help_end(
            user=caseworker,
            early_help=help_record,
            ended_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert "ended_on" in error.value.message_dict


def test_starting_and_ending_write_one_audit_entry_each(caseworker):
    help_record = _start(caseworker)
    early_help_end(user=caseworker, early_help=help_record, ended_on=timezone.localdate())
    created = AuditEntry.objects.filter(action="children.early_help.create")
    ended = AuditEntry.objects.filter(action="children.early_help.end")
    assert created.count() == 1
    assert ended.count() == 1
    assert created.get().person_id == help_record.person_id
    help_record.refresh_from_db()
    assert help_record.ended_on == timezone.localdate()


def test_from_a_case_the_help_goes_to_the_cases_child(caseworker, make_report):
    case = _no_investigation(caseworker, make_report)
    help_record = _start(caseworker, case=case)
    assert help_record.person_id == case.person_id
    assert help_record.case_id == case.pk
    assert AuditEntry.objects.get(action="children.early_help.create").case_id == case.pk


def test_the_catalogue_records_the_committees_decision_as_the_legal_basis(db):
    assert "behovsprövning" in _type().citation


# ----- pages -------------------------------------------------------------------------------------


def test_the_case_page_offers_early_help_after_a_decision_not_to_investigate(
    client, caseworker, make_report
):
    case = _no_investigation(caseworker, make_report)
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[case.pk]))
    url = reverse("children-case-early-help-create", args=[case.pk])
    assert url in page.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(
        url,
        {
            "intervention_type": _type("counselling").pk,
            "started_on": today,
            "consent_given": "on",
            "consent_on": today,
            "note": "Samtal med familjen.",
        },
    )
    assert response.status_code == 302
    assert EarlyHelp.objects.get().case_id == case.pk
    person_page = client.get(reverse("people-person-detail", args=[case.person_id]))
    assert "Samtalsstöd" in person_page.content.decode()


def test_the_case_page_lists_the_early_help_started_from_the_case(client, caseworker, make_report):
    case = _no_investigation(caseworker, make_report)
    client.force_login(caseworker)
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    assert "<td>Samtalsstöd</td>" not in page
    _start(caseworker, case=case, intervention_type=_type("counselling"))
    _start(caseworker)  # another child's, without a case: not on this page
    page = client.get(reverse("cases-case-detail", args=[case.pk])).content.decode()
    # In the table, not just the form's choices.
    assert "<td>Samtalsstöd</td>" in page
    assert "<td>Föräldrastöd i grupp</td>" not in page
    assert AuditEntry.objects.filter(
        action="children.early_help.read", case_id=case.pk, user_id=caseworker.pk
    ).exists()


def test_the_standalone_page_starts_help_without_a_case_and_lists_it(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("children-early-help-create")).status_code == 200
    today = timezone.localdate().isoformat()
    form = {
        "personal_identity_number": new_identity_number(),
        "first_name": "Nils",
        "last_name": "Testsson",
        "intervention_type": _type().pk,
        "started_on": today,
        "consent_on": today,
        "note": "",
    }
    refused = client.post(reverse("children-early-help-create"), form)
    assert refused.status_code == 400
    assert not EarlyHelp.objects.exists()
    response = client.post(reverse("children-early-help-create"), {**form, "consent_given": "on"})
    assert response.status_code == 302
    listing = client.get(reverse("children-early-help-list"))
    assert "Nils Testsson" in listing.content.decode()
    # Help without a case does not open the child's record (the number might be anyone's).
    person_id = EarlyHelp.objects.get().person_id
    assert reverse("people-person-detail", args=[person_id]) not in listing.content.decode()
    assert client.get(reverse("people-person-detail", args=[person_id])).status_code == 404


def test_the_list_page_shows_only_the_units_early_help(
    client, caseworker, outsider, django_assert_max_num_queries
):
    for _ in range(3):
        _start(caseworker)
    client.force_login(caseworker)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("children-early-help-list")).status_code == 200
    client.force_login(outsider)
    assert "Elsa" not in client.get(reverse("children-early-help-list")).content.decode()


# ----- API ---------------------------------------------------------------------------------------


def _api(user) -> APIClient:
    client = APIClient()
    issued = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.json()['token']}")
    return client


def test_the_api_starts_and_lists_early_help(caseworker, outsider):
    api = _api(caseworker)
    today = timezone.localdate().isoformat()
    response = api.post(
        "/api/v1/early-help/",
        {
            "child": {
                "personal_identity_number": new_identity_number(),
                "first_name": "Saga",
                "last_name": "Testsson",
                "is_synthetic": True,
            },
            "intervention_type": "parent-support",
            "started_on": today,
            "consent_given": True,
            "consent_on": today,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["intervention_type"] == "parent-support"
    listing = api.get("/api/v1/early-help/")
    assert [row["child"]["first_name"] for row in listing.json()["results"]] == ["Saga"]
    assert _api(outsider).get("/api/v1/early-help/").json()["results"] == []


def test_the_api_stores_nothing_on_bad_input(caseworker, make_report):
    api = _api(caseworker)
    today = timezone.localdate().isoformat()
    child = {"personal_identity_number": new_identity_number(), "first_name": "A", "last_name": "B"}
    bad_bodies = [
        {"child": child, "intervention_type": "family-home", "started_on": today,
         "consent_given": True, "consent_on": today},
        {"child": child, "intervention_type": "parent-support", "started_on": today,
         "consent_given": False},
        {"child": child, "intervention_type": "no-such-type", "started_on": today,
         "consent_given": True, "consent_on": today},
        {"intervention_type": "parent-support", "started_on": today, "consent_given": True},
    ]  # fmt: skip
    for body in bad_bodies:
        response = api.post("/api/v1/early-help/", body, format="json")
        assert response.status_code == 400, body
        assert response["Content-Type"].startswith("application/problem+json")
    assert not EarlyHelp.objects.exists()
    assert not AuditEntry.objects.filter(action="children.early_help.create").exists()


def test_the_api_hides_a_case_the_user_may_not_see(caseworker, outsider, make_report):
    case = _no_investigation(caseworker, make_report)
    today = timezone.localdate().isoformat()
    response = _api(outsider).post(
        "/api/v1/early-help/",
        {
            "case_id": case.pk,
            "intervention_type": "parent-support",
            "started_on": today,
            "consent_given": True,
            "consent_on": today,
        },
        format="json",
    )
    assert response.status_code == 404
    assert not EarlyHelp.objects.exists()


def test_the_schema_describes_the_early_help_endpoint(caseworker):
    schema = _api(caseworker).get("/api/schema/?format=json").json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/early-help/"])


# ----- follow-up ---------------------------------------------------------------------------------


def _children_with_an_intervention(start, end, **options) -> int:
    cells = equality.compute(start=start, end=end, **options)
    return max(cell.values["intervention_n"] or 0 for cell in cells.values())


def test_early_help_from_a_reports_case_counts_as_its_first_intervention(caseworker, make_report):
    case = _no_investigation(caseworker, make_report)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=40), today
    ways = [{"use_sql": False}]
    if connection.vendor == "postgresql":
        ways += [{"use_sql": True}]
    for options in ways:
        assert _children_with_an_intervention(start, end, **options) == 0
    _start(caseworker, case=case)
    for options in ways:
        assert _children_with_an_intervention(start, end, **options) == 1, options


def test_the_list_page_ends_an_early_help(client, caseworker):
    help_record = _start(caseworker)
    client.force_login(caseworker)
    url = reverse("children-early-help-end", args=[help_record.pk])
    assert url in client.get(reverse("children-early-help-list")).content.decode()
    before_start = (help_record.started_on - dt.timedelta(days=1)).isoformat()
    refused = client.post(url, {f"end{help_record.pk}-ended_on": before_start})
    assert refused.status_code == 400
    help_record.refresh_from_db()
    assert help_record.ended_on is None
    today = timezone.localdate()
    response = client.post(url, {f"end{help_record.pk}-ended_on": today.isoformat()})
    assert response.status_code == 302
    help_record.refresh_from_db()
    assert help_record.ended_on == today
    assert "Elsa" not in client.get(reverse("children-early-help-list")).content.decode()


def test_an_outsider_cannot_end_another_units_early_help_on_the_page(client, caseworker, outsider):
    help_record = _start(caseworker)
    client.force_login(outsider)
    url = reverse("children-early-help-end", args=[help_record.pk])
    response = client.post(url, {f"end{help_record.pk}-ended_on": timezone.localdate()})
    assert response.status_code == 404
    help_record.refresh_from_db()
    assert help_record.ended_on is None


def test_the_api_ends_an_early_help(caseworker):
    ten_days_ago = timezone.localdate() - dt.timedelta(days=10)
    help_record = _start(caseworker, started_on=ten_days_ago, consent_on=ten_days_ago)
    api = _api(caseworker)
    url = f"/api/v1/early-help/{help_record.pk}/end/"
    before_start = (help_record.started_on - dt.timedelta(days=1)).isoformat()
    for body in ({}, {"ended_on": "not-a-date"}, {"ended_on": before_start}):
        refused = api.post(url, body, format="json")
        assert refused.status_code == 400, body
        assert refused["Content-Type"].startswith("application/problem+json")
        assert "ended_on" in refused.json()["errors"], body
    help_record.refresh_from_db()
    assert help_record.ended_on is None
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = api.post(url, {"ended_on": yesterday.isoformat()}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["ended_on"] == yesterday.isoformat()
    help_record.refresh_from_db()
    assert help_record.ended_on == yesterday
    assert AuditEntry.objects.filter(
        action="children.early_help.end", person_id=help_record.person_id
    ).exists()
    again = api.post(url, {"ended_on": yesterday.isoformat()}, format="json")
    # Ending it again conflicts with its state (it has ended): 409, nothing changes.
    assert again.status_code == 409
    assert "ended_on" in again.json()["errors"]
    assert api.get("/api/v1/early-help/").json()["results"] == []


def test_the_api_hides_another_units_early_help_when_ending(caseworker, outsider):
    help_record = _start(caseworker)
    today = timezone.localdate().isoformat()
    api = _api(outsider)
    hidden = api.post(
        f"/api/v1/early-help/{help_record.pk}/end/", {"ended_on": today}, format="json"
    )
    missing = api.post("/api/v1/early-help/987654321/end/", {"ended_on": today}, format="json")
    assert hidden.status_code == missing.status_code == 404
    assert hidden["Content-Type"].startswith("application/problem+json")
    help_record.refresh_from_db()
    assert help_record.ended_on is None


def test_the_api_list_costs_the_same_for_one_row_and_for_five(caseworker):
    api = _api(caseworker)
    _start(caseworker)
    api.get("/api/v1/early-help/")  # a token's first use records its last_used_at, once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/api/v1/early-help/")
        assert response.status_code == 200
        return len(captured)

    one = queries()
    for _ in range(4):
        _start(caseworker)
    assert queries() == one
    assert len(api.get("/api/v1/early-help/").json()["results"]) == 5


def test_the_list_filters_by_state_and_intervention_and_sorts(client, caseworker, monkeypatch):
    from skyddsnat.lib import paging

    today = timezone.localdate()
    nine, twenty = today - dt.timedelta(days=9), today - dt.timedelta(days=20)
    older = _start(caseworker, started_on=nine, consent_on=nine)
    ended = _start(caseworker, started_on=twenty, consent_on=twenty)
    early_help_end(user=caseworker, early_help=ended, ended_on=today)
    newer = _start(caseworker)
    other_type = (
        InterventionType.objects.filter(without_needs_assessment=True, case_kind="children")
        .exclude(pk=_type().pk)
        .first()
    )
    client.force_login(caseworker)

    def shown(**params):
        response = client.get(reverse("children-early-help-list"), params)
        assert response.status_code == 200
        return [row.pk for row in response.context["rows"]]

    assert shown() == [newer.pk, older.pk]
    assert shown(sort="oldest") == [older.pk, newer.pk]
    assert shown(state="ended") == [ended.pk]
    assert shown(state="all", sort="oldest") == [ended.pk, older.pk, newer.pk]
    assert shown(intervention=_type().pk) == [newer.pk, older.pk]
    if other_type is not None:
        assert shown(intervention=other_type.pk) == []
    assert shown(state="?", intervention="abc", sort="1;") == [newer.pk, older.pk]
    assert client.get(reverse("children-early-help-list"), {"state": "\x00"}).status_code == 400

    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    first = client.get(reverse("children-early-help-list"), {"state": "all", "sort": "oldest"})
    link = re.search(r'href="([^"]*)" rel="next"', first.content.decode())
    assert link is not None
    second = client.get(reverse("children-early-help-list") + html.unescape(link.group(1)))
    assert [row.pk for row in second.context["rows"]] == [newer.pk]
