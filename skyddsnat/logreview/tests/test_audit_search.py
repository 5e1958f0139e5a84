"""Log review: the auditor, and only the auditor, searches the log by person and by user."""

import random

import pytest
from django.http import Http404

from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.selectors import case_detail
from skyddsnat.lib import identity
from skyddsnat.logreview.selectors import audit_search


@pytest.fixture
def history(caseworker, colleague, outsider, make_report, sodermalm):
    """Two Järva children, one read by the colleague too; one Södermalm child."""
    first = make_report(caseworker)
    second = make_report(caseworker)
    case_detail(user=colleague, case_id=first.case_id)
    other = make_report(outsider, district=sodermalm)
    return first.child, second.child, other.child


def test_the_auditor_finds_every_entry_about_a_person(auditor, caseworker, colleague, history):
    first, _second, _other = history
    entries = list(
        audit_search(user=auditor, personal_identity_number=first.personal_identity_number)
    )
    # The search is itself access to the person, logged before the lazy result is read.
    assert {(e.username, e.action) for e in entries} == {
        (caseworker.username, "children.report.create"),
        (colleague.username, "cases.case.read"),
    }
    assert all(e.person_id == first.pk for e in entries)


def test_the_identity_number_may_be_given_in_any_accepted_form(auditor, history):
    first = history[0]
    number = first.personal_identity_number
    short = identity.display(number)[2:]
    by_short = audit_search(user=auditor, personal_identity_number=short)
    by_long = audit_search(user=auditor, personal_identity_number=number)
    # The second search also finds the first one (the result never holds the search itself).
    assert [e.action for e in by_long if e.pk not in {x.pk for x in by_short}] == [
        "audit.log.search"
    ]
    assert len(by_short) == 2  # the report and the colleague's read


def test_the_auditor_finds_every_entry_by_a_user(auditor, colleague, history):
    entries = list(audit_search(user=auditor, username=colleague.username))
    assert [(e.action, e.person_id) for e in entries] == [("cases.case.read", history[0].pk)]


def test_person_and_user_filters_combine(auditor, caseworker, history):
    first = history[0]
    entries = list(
        audit_search(
            user=auditor,
            personal_identity_number=first.personal_identity_number,
            username=caseworker.username,
        )
    )
    assert [e.action for e in entries] == ["children.report.create"]


def test_an_unknown_person_gives_no_entries(auditor, history):
    unknown = identity.synthetic(random.Random(5), history[0].date_of_birth)
    assert list(audit_search(user=auditor, personal_identity_number=unknown)) == []


def test_a_malformed_identity_number_is_an_error(auditor, history):
    with pytest.raises(identity.InvalidIdentityNumber):
        audit_search(user=auditor, personal_identity_number="123")


def test_entries_come_newest_first(auditor, caseworker, history):
    entries = list(audit_search(user=auditor, username=caseworker.username))
    assert [e.pk for e in entries] == sorted((e.pk for e in entries), reverse=True)


def test_the_search_itself_is_logged(auditor, history):
    audit_search(user=auditor, personal_identity_number=history[0].personal_identity_number)
    entry = AuditEntry.objects.filter(action="audit.log.search").get()
    assert entry.username == auditor.username
    assert entry.person_id == history[0].pk


@pytest.mark.parametrize(
    "persona", ["caseworker", "manager", "outsider", "politician", "analyst", "admin_user"]
)
def test_everyone_but_the_auditor_is_refused(request, history, persona):
    # A refused area: 404, like a page that does not exist (cases.policy.require).
    with pytest.raises(Http404):
        audit_search(user=request.getfixturevalue(persona), username="socsek.jarva")
