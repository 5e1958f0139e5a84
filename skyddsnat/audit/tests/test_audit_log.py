"""Every change and every read of personal data writes an audit entry (issue 2 point 8)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import InterventionType
from skyddsnat.cases.persons import person_search
from skyddsnat.cases.selectors import case_detail, my_cases, unassigned_cases
from skyddsnat.cases.services import (
    case_assign,
    case_decide,
    intervention_end,
    intervention_start,
    investigation_extend,
    journal_add,
)
from skyddsnat.children.services import pre_assessment_decide, safety_assessment_record


class Recorder:
    """Runs one call and returns the audit entries it wrote."""

    def __init__(self) -> None:
        self.last_pk = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def __call__(self, call):
        result = call()
        new = list(AuditEntry.objects.filter(pk__gt=self.last_pk).order_by("pk"))
        if new:
            self.last_pk = new[-1].pk
        return result, new


def _one(entries, *, action, user, person_id, case_id):
    assert len(entries) == 1, [e.action for e in entries]
    entry = entries[0]
    assert (entry.action, entry.username, entry.user_id) == (action, user.username, user.pk)
    assert (entry.person_id, entry.case_id) == (person_id, case_id)
    assert entry.at is not None
    return entry


def test_every_service_write_of_the_flow_writes_exactly_one_entry(
    caseworker, colleague, manager, make_report
):
    record = Recorder()
    report, entries = record(
        lambda: make_report(manager, received_at=timezone.now() - dt.timedelta(days=3))
    )
    case, child = report.case, report.child
    ids = {"person_id": child.pk, "case_id": case.pk}
    entry = _one(entries, action="children.report.create", user=manager, **ids)
    assert entry.detail["report_id"] == report.pk
    assert entry.channel == "system"  # no request: called from a test or a command

    steps = [
        (
            manager,
            "cases.case.assign",
            lambda: case_assign(user=manager, case=case, assignee=caseworker),
        ),
        (
            caseworker,
            "children.safety_assessment.create",
            lambda: safety_assessment_record(
                user=caseworker,
                report=report,
                assessed_at=report.received_at + dt.timedelta(hours=1),
                immediate_protection_needed=False,
            ),
        ),
        (
            caseworker,
            "children.pre_assessment.create",
            lambda: pre_assessment_decide(
                user=caseworker,
                case=case,
                decided_on=timezone.localdate() - dt.timedelta(days=2),
                decision="open_investigation",
                reason="Oro.",
            ),
        ),
        (
            manager,
            "cases.investigation.extend",
            lambda: investigation_extend(
                user=manager,
                case=case,
                new_due=timezone.localdate() + dt.timedelta(days=200),
                reason="Väntar på utlåtande.",
            ),
        ),
        (
            colleague,
            "cases.journal.create",
            lambda: journal_add(user=colleague, case=case, text="Samtal."),
        ),
    ]
    for user, action, call in steps:
        case.refresh_from_db()
        _result, entries = record(call)
        _one(entries, action=action, user=user, **ids)

    case.refresh_from_db()
    decision, entries = record(
        lambda: case_decide(
            user=caseworker,
            case=case,
            decided_on=timezone.localdate(),
            outcome="grant",
            intervention_type=InterventionType.objects.get(code="contact-person"),
            reason="Stöd behövs.",
        )
    )
    assert (
        _one(entries, action="cases.decision.create", user=caseworker, **ids).detail["delegation"]
        == "BU 3.2"
    )
    intervention, entries = record(
        lambda: intervention_start(
            user=caseworker, decision=decision, started_on=timezone.localdate()
        )
    )
    _one(entries, action="cases.intervention.create", user=caseworker, **ids)
    _result, entries = record(
        lambda: intervention_end(
            user=caseworker, intervention=intervention, ended_on=timezone.localdate()
        )
    )
    _one(entries, action="cases.intervention.end", user=caseworker, **ids)


def test_a_refused_write_leaves_no_entry(caseworker, outsider, make_report):
    case = make_report(caseworker).case
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        journal_add(user=outsider, case=case, text="Nyfiken.")
    assert AuditEntry.objects.count() == before


def test_reading_a_case_writes_an_entry(caseworker, make_report):
    case = make_report(caseworker).case
    _case, entries = Recorder()(lambda: case_detail(user=caseworker, case_id=case.pk))
    _one(
        entries,
        action="cases.case.read",
        user=caseworker,
        person_id=case.person_id,
        case_id=case.pk,
    )


def _list_entry(entries, *, action, user):
    assert len(entries) == 1, [e.action for e in entries]
    entry = entries[0]
    assert (entry.action, entry.username, entry.user_id) == (action, user.username, user.pk)
    # A single person or case shown is named as a single read names it.
    expected_person = entry.person_ids[0] if len(entry.person_ids) == 1 else None
    expected_case = entry.case_ids[0] if len(entry.case_ids) == 1 else None
    assert (entry.person_id, entry.case_id) == (expected_person, expected_case)
    return entry


def test_listing_my_cases_writes_one_entry_naming_every_case_shown(caseworker, make_report):
    cases = [make_report(caseworker).case for _ in range(3)]
    _shown, entries = Recorder()(lambda: my_cases(user=caseworker))
    entry = _list_entry(entries, action="cases.case.list", user=caseworker)
    assert entry.person_ids == sorted(c.person_id for c in cases)
    assert entry.case_ids == sorted(c.pk for c in cases)
    assert entry.detail["shown"] == 3


def test_an_empty_list_is_logged_too(caseworker):
    _shown, entries = Recorder()(lambda: my_cases(user=caseworker))
    entry = _list_entry(entries, action="cases.case.list", user=caseworker)
    assert (entry.person_ids, entry.case_ids, entry.detail["shown"]) == ([], [], 0)


def test_the_managers_queue_writes_one_entry_naming_every_case_shown(manager, make_report):
    case = make_report(manager).case
    _shown, entries = Recorder()(lambda: unassigned_cases(user=manager))
    entry = _list_entry(entries, action="cases.queue.list", user=manager)
    assert (entry.person_ids, entry.case_ids) == ([case.person_id], [case.pk])


def test_a_person_search_writes_one_entry_with_the_query_and_the_hits(caseworker, make_report):
    child = make_report(caseworker).child
    _found, entries = Recorder()(
        lambda: person_search(user=caseworker, query=child.personal_identity_number)
    )
    entry = _list_entry(entries, action="people.person.search", user=caseworker)
    assert entry.person_ids == [child.pk]
    assert entry.detail == {"query": child.personal_identity_number, "shown": 1}


def test_a_search_without_hits_is_logged(caseworker, make_report):
    make_report(caseworker)
    _found, entries = Recorder()(lambda: person_search(user=caseworker, query="Ingen Alls"))
    entry = _list_entry(entries, action="people.person.search", user=caseworker)
    assert (entry.person_ids, entry.detail) == ([], {"query": "Ingen Alls", "shown": 0})


def test_requests_record_the_channel_and_address(client, caseworker):
    from skyddsnat.audit import context
    from skyddsnat.audit.services import audit_log

    token = context.bind(ip_address="10.1.2.3", channel="api")
    try:
        audit_log(user=caseworker, action="test.probe")
    finally:
        context.reset(token)
    entry = AuditEntry.objects.get(action="test.probe")
    assert (entry.channel, entry.ip_address) == ("api", "10.1.2.3")
