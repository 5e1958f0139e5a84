"""Carrying out an approved run: what goes, what stays (the audit log, the follow-up facts), the
check again on the day it runs, and one thing once when requests collide."""

import datetime as dt

import pytest

from conftest import race
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case, JournalEntry
from skyddsnat.children.models import Report
from skyddsnat.followup.equality import compute, refresh_facts
from skyddsnat.followup.models import ArchivedCase, ReactionFact
from skyddsnat.people.models import Person
from skyddsnat.retention import services
from skyddsnat.retention.models import ItemOutcome, RetentionRun, RunStatus

AS_OF = dt.date(2026, 1, 1)


def approved_run(archivist) -> RetentionRun:
    run = services.run_propose(user=archivist, as_of=AS_OF)
    return services.run_decide(user=archivist, run_id=run.pk, approve=True)


@pytest.mark.django_db
def test_the_run_removes_the_whole_file_and_logs_each_person_once(old_child, archivist, caseworker):
    child = old_child()
    kept = old_child(born=dt.date(2012, 3, 25))  # research day
    case = child.cases.get()
    JournalEntry.objects.create(case=case, author=caseworker, text="Hembesök.")
    from skyddsnat.retention.tests.conftest import age_file

    age_file(child, dt.date(2020, 3, 10))
    entries_before = AuditEntry.objects.count()
    run = services.run_execute(run_id=approved_run(archivist).pk, today=AS_OF)

    assert not Person.objects.filter(pk=child.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Report.objects.filter(case_id=case.pk).exists()
    assert not JournalEntry.objects.filter(case_id=case.pk).exists()
    assert Person.objects.filter(pk=kept.pk).exists()
    assert run.status == RunStatus.DONE and run.removed == 1 and run.skipped == 0
    assert run.items.get(person_id=child.pk).outcome == ItemOutcome.REMOVED
    # The log is left as it was, and gains one entry for the removed person.
    assert AuditEntry.objects.count() > entries_before
    removed = AuditEntry.objects.filter(action="retention.person.removed")
    assert list(removed.values_list("person_id", flat=True)) == [child.pk]
    assert AuditEntry.objects.filter(person_id=child.pk, action="children.report.create").exists()


@pytest.mark.django_db
def test_a_file_written_to_after_the_proposal_is_not_removed(old_child, archivist, caseworker):
    child = old_child()
    run = approved_run(archivist)
    JournalEntry.objects.create(case=child.cases.get(), author=caseworker, text="Ny kontakt.")
    run = services.run_execute(run_id=run.pk, today=AS_OF)
    assert Person.objects.filter(pk=child.pk).exists()
    assert run.removed == 0 and run.skipped == 1
    assert run.items.get(person_id=child.pk).outcome == ItemOutcome.SKIPPED


@pytest.mark.django_db
def test_a_run_not_approved_is_not_carried_out(old_child, archivist):
    old_child()
    run = services.run_propose(user=archivist, as_of=AS_OF)
    with pytest.raises(services.RunConflict):
        services.run_execute(run_id=run.pk, today=AS_OF)
    services.run_decide(user=archivist, run_id=run.pk, approve=False)
    with pytest.raises(services.RunConflict):
        services.run_execute(run_id=run.pk, today=AS_OF)
    assert Person.objects.count() >= 1


@pytest.mark.django_db
def test_only_one_proposal_is_open_at_a_time(old_child, archivist):
    old_child()
    services.run_propose(user=archivist, as_of=AS_OF)
    with pytest.raises(services.RunConflict):
        services.run_propose(user=archivist, as_of=AS_OF)


@pytest.mark.django_db
def test_the_follow_up_figures_stay_after_the_removal(old_child, archivist):
    children = [old_child(born=dt.date(2012, 1, 2 + i)) for i in range(3)]
    refresh_facts()
    start, end = dt.date(2020, 1, 1), dt.date(2020, 12, 31)

    def figures():
        cells = compute(start=start, end=end, on=AS_OF, monthly=False)
        return {key: cell.values for key, cell in cells.items()}

    before = figures()
    case_ids = [c.cases.get().pk for c in children]
    assert ReactionFact.objects.filter(case_id__in=case_ids).count() == len(children)
    assert before, "the period has figures to keep"
    facts_before = ReactionFact.objects.count()
    run = services.run_execute(run_id=approved_run(archivist).pk, today=AS_OF)
    assert run.removed == len(children)
    assert not Person.objects.filter(pk__in=[c.pk for c in children]).exists()
    refresh_facts()
    assert ReactionFact.objects.count() == facts_before
    assert figures() == before
    # A full rebuild from the records keeps them too.
    refresh_facts(everything=True)
    assert ReactionFact.objects.count() == facts_before
    assert figures() == before
    assert ArchivedCase.objects.count() == len(children)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approve_and_cancel_at_once_do_one_thing(old_child, archivist):
    old_child()
    run = services.run_propose(user=archivist, as_of=AS_OF)

    def attempt(i):
        return services.run_decide(user=archivist, run_id=run.pk, approve=i == 0).status

    results = race(2, attempt)
    assert sum(isinstance(r, services.RunConflict) for r in results) == 1
    run.refresh_from_db()
    assert run.status in {RunStatus.APPROVED, RunStatus.CANCELLED}
    assert run.status in results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_carry_out_a_run_once(old_child, archivist):
    child = old_child()
    run = approved_run(archivist)
    results = race(2, lambda i: services.run_execute(run_id=run.pk, today=AS_OF).removed)
    assert sorted(map(type, results), key=str) == sorted([int, services.RunConflict], key=str)
    assert not Person.objects.filter(pk=child.pk).exists()
    assert AuditEntry.objects.filter(action="retention.person.removed").count() == 1


@pytest.mark.django_db
def test_a_removed_files_documents_leave_the_store_too(
    old_child, archivist, caseworker, django_capture_on_commit_callbacks
):
    from skyddsnat.documents import storage
    from skyddsnat.documents.models import Document

    child = old_child()
    name = storage.save(storage.new_name("pdf"), b"%PDF-1.4 synthetic")
    Document.objects.create(
        case=child.cases.get(),
        kind="statement",
        title="Yttrande",
        received_on=dt.date(2020, 3, 1),
        filename="yttrande.pdf",
        content_type="application/pdf",
        size=18,
        sha256="0" * 64,
        storage_name=name,
        uploaded_by=caseworker,
    )
    from skyddsnat.retention.tests.conftest import age_file

    age_file(child, dt.date(2020, 3, 10))
    assert storage.store().exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_execute(run_id=approved_run(archivist).pk, today=AS_OF)
    assert run.removed == 1
    assert not Document.objects.filter(storage_name=name).exists()
    assert not storage.store().exists(name)
