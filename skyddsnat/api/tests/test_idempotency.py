"""`Idempotency-Key` on POST /api/v1/reports/, and answers built before the write commits."""

import pytest

from conftest import race
from skyddsnat.api import serializers as s
from skyddsnat.api.models import IdempotencyKey
from skyddsnat.api.tests.conftest import REPORTS, report_body
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case
from skyddsnat.children.models import Report
from skyddsnat.people.models import Person


def test_the_same_key_again_answers_the_same_report_and_stores_nothing_new(api):
    body = report_body()
    first = api.post(REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="rapport-1")
    assert first.status_code == 201, first.content
    counts = Report.objects.count(), Case.objects.count(), Person.objects.count()

    again = api.post(REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="rapport-1")

    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert (Report.objects.count(), Case.objects.count(), Person.objects.count()) == counts
    # Showing the stored answer again is a read of the child's record: logged.
    assert AuditEntry.objects.filter(
        action="api.idempotency.replay", case_id=first.json()["case_id"]
    ).exists()


def test_without_a_key_a_second_post_registers_a_second_report(api):
    body = report_body()
    assert api.post(REPORTS, body, format="json").status_code == 201
    assert api.post(REPORTS, body, format="json").status_code == 201
    assert Report.objects.count() == 2


def test_the_same_key_with_another_body_is_refused_and_stores_nothing(api):
    assert (
        api.post(REPORTS, report_body(), format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    )
    other = api.post(REPORTS, report_body(), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert Report.objects.count() == 1


def test_a_key_is_the_users_own(api, api_for, colleague):
    body = report_body()
    assert api.post(REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    theirs = api_for(colleague).post(REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    # Another user's key of the same value is another key: their report is registered.
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert Report.objects.count() == 2


def test_a_failed_request_keeps_no_key_so_the_retry_is_done(api):
    body = report_body(description="")
    refused = api.post(REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="retry")
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    fixed = api.post(REPORTS, report_body(), format="json", HTTP_IDEMPOTENCY_KEY="retry")
    assert fixed.status_code == 201


@pytest.mark.parametrize("key", ["", "x" * 256, "nyckel\u00e5"])
def test_a_malformed_key_answers_400(api, key):
    response = api.post(REPORTS, report_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert not Report.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_simultaneous_posts_with_one_key_store_one_report(api_for, caseworker):
    from rest_framework.test import APIClient

    header = api_for(caseworker)._credentials["HTTP_AUTHORIZATION"]
    body = report_body()

    def post(i: int):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        return client.post(REPORTS, body, format="json", HTTP_IDEMPOTENCY_KEY="samtidigt")

    results = race(8, post)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    assert [r.status_code for r in results] == [201] * 8
    assert len({r.content for r in results}) == 1  # the same answer, eight times
    assert Report.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_an_answer_that_fails_to_build_leaves_nothing_saved(api, monkeypatch):
    """The 500 says nothing was saved: the write and its answer share one transaction."""

    def broken(self, report):
        raise RuntimeError("reading the case back failed")

    monkeypatch.setattr(s.ReportCreatedSerializer, "get_reference", broken)
    before = Report.objects.count(), Case.objects.count(), Person.objects.count()
    response = api.post(REPORTS, report_body(), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 500
    assert response.json()["type"] == "urn:skyddsnat:problem:internal-error"
    assert "ingenting sparades" in response.json()["detail"]
    assert (Report.objects.count(), Case.objects.count(), Person.objects.count()) == before
    assert not IdempotencyKey.objects.exists()
