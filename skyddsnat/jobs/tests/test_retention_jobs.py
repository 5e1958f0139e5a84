"""The retention jobs run by a real procrastinate worker: the monthly proposal (none while one is
open) and the nightly removal of an approved run."""

import datetime as dt
import time

import pytest

from skyddsnat.jobs import tasks
from skyddsnat.jobs.tests.conftest import jobs, run_worker
from skyddsnat.people.models import Person
from skyddsnat.retention import services
from skyddsnat.retention.models import RetentionRun, RunStatus
from skyddsnat.retention.tests.conftest import age_file

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def due_child(make_report, caseworker):
    child = make_report(caseworker).child
    Person.objects.filter(pk=child.pk).update(date_of_birth=dt.date(2012, 4, 17))
    age_file(child, dt.date(2018, 3, 10))
    return child


def test_the_monthly_job_proposes_once_while_a_proposal_is_open(empty_queue, due_child):
    tasks.retention_propose_job.defer(timestamp=int(time.time()))
    run_worker()
    tasks.retention_propose_job.defer(timestamp=int(time.time()))
    run_worker()

    assert [j["status"] for j in jobs("skyddsnat.retention_propose")] == [
        "succeeded",
        "succeeded",
    ]
    run = RetentionRun.objects.get()
    assert run.status == RunStatus.PROPOSED and run.proposed_by is None
    assert run.items.filter(person_id=due_child.pk).exists()


def test_the_nightly_job_carries_out_an_approved_run(empty_queue, due_child, archivist):
    run = services.run_propose(user=archivist)
    services.run_decide(user=archivist, run_id=run.pk, approve=True)

    tasks.retention_execute_job.defer(timestamp=int(time.time()))
    run_worker()

    [job] = jobs("skyddsnat.retention_execute")
    assert job["status"] == "succeeded"
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.removed == 1
    assert not Person.objects.filter(pk=due_child.pk).exists()
