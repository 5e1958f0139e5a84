"""A list writes one entry naming everyone it showed, and the auditor still finds every list that
showed a person; refused looks and searches (also without hits) leave a trace; an entry carries
the signed-in user of the request, whatever a caller passes."""

import pytest
from django.urls import reverse

from skyddsnat.audit import context
from skyddsnat.audit.models import AuditEntry
from skyddsnat.audit.services import AuditUserMismatch, audit_log
from skyddsnat.cases.selectors import my_cases
from skyddsnat.logreview.selectors import audit_search

pytestmark = pytest.mark.django_db


def test_a_list_of_many_cases_is_one_entry(client, caseworker, make_report):
    reports = [make_report(caseworker) for _ in range(12)]
    before = AuditEntry.objects.count()
    my_cases(user=caseworker)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert entry.case_ids == sorted(r.case_id for r in reports)


def test_the_auditor_finds_every_list_that_showed_a_person(
    auditor, caseworker, manager, make_report
):
    target = make_report(caseworker)
    others = [make_report(caseworker) for _ in range(3)]
    my_cases(user=caseworker)
    my_cases(user=manager)
    entries = list(
        audit_search(user=auditor, personal_identity_number=target.child.personal_identity_number)
    )
    lists = [(e.username, e.action) for e in entries if e.action.endswith(".list")]
    assert sorted(lists) == sorted(
        [(caseworker.username, "cases.case.list"), (manager.username, "cases.case.list")]
    )
    # Every entry found is about the person: as its subject or among the persons shown.
    found = audit_search(
        user=auditor, personal_identity_number=others[0].child.personal_identity_number
    )
    assert all(
        e.person_id == others[0].child.pk or others[0].child.pk in (e.person_ids or [])
        for e in found
    )


def test_a_list_that_did_not_show_the_person_is_not_found(
    auditor, caseworker, colleague, make_report
):
    mine = make_report(caseworker)
    make_report(colleague)
    my_cases(user=colleague)  # the colleague's list holds only the colleague's case
    entries = audit_search(
        user=auditor, personal_identity_number=mine.child.personal_identity_number
    )
    assert [e.action for e in entries] == ["children.report.create"]


def test_the_auditor_finds_a_person_by_name(auditor, caseworker, make_report):
    report = make_report(caseworker, first_name="Siri", last_name="Granqvist")
    my_cases(user=caseworker)
    entries = list(audit_search(user=auditor, name="siri granq"))
    assert {e.action for e in entries} == {"children.report.create", "cases.case.list"}
    assert list(audit_search(user=auditor, name="Siri Nilsson")) == []
    search = AuditEntry.objects.filter(action="audit.log.search").latest("pk")
    assert search.detail["name_searched"] == "Siri Nilsson"
    assert search.detail["hits"] == 0
    assert report.child.pk not in (search.person_ids or [])


def test_a_refused_case_page_is_logged_with_its_person(client, outsider, caseworker, make_report):
    report = make_report(caseworker)
    client.force_login(outsider)
    assert client.get(reverse("cases-case-detail", args=[report.case_id])).status_code == 404
    entry = AuditEntry.objects.get(action="cases.case.refused")
    assert (entry.username, entry.case_id, entry.person_id) == (
        outsider.username,
        report.case_id,
        report.child.pk,
    )


def test_a_refused_look_at_a_case_that_does_not_exist_is_logged_without_a_person(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("cases-case-detail", args=[987654])).status_code == 404
    entry = AuditEntry.objects.get(action="cases.case.refused")
    assert (entry.case_id, entry.person_id, entry.detail["requested"]) == (987654, None, "987654")


def test_a_refused_person_page_is_logged(client, outsider, caseworker, make_report):
    report = make_report(caseworker)
    client.force_login(outsider)
    assert client.get(reverse("people-person-detail", args=[report.child.pk])).status_code == 404
    entry = AuditEntry.objects.get(action="people.person.refused")
    assert (entry.username, entry.person_id) == (outsider.username, report.child.pk)


def test_a_person_search_without_hits_is_logged_with_its_query(client, caseworker):
    client.force_login(caseworker)
    client.get(reverse("people-person-search"), {"q": "Ingen Alls"})
    entry = AuditEntry.objects.get(action="people.person.search")
    assert entry.detail == {"query": "Ingen Alls", "shown": 0}
    assert entry.person_ids == []


def test_an_entry_carries_the_signed_in_user_of_the_request(caseworker, colleague):
    token = context.bind(ip_address="10.0.0.1", channel="web", user=lambda: caseworker)
    try:
        audit_log(user=None, action="cases.case.read", case_id=1)
        with pytest.raises(AuditUserMismatch):
            audit_log(user=colleague, action="cases.case.read", case_id=1)
    finally:
        context.reset(token)
    entry = AuditEntry.objects.get(action="cases.case.read")
    assert (entry.user_id, entry.username) == (caseworker.pk, caseworker.username)
