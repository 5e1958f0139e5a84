"""Which database a read goes to (lib/replica.py), decided without a replica running: the router
and the middleware. skyddsnat/tests/test_replica.py proves the same against a real one."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse

from skyddsnat.api.models import ApiToken
from skyddsnat.audit.models import AuditEntry
from skyddsnat.cases.models import Case
from skyddsnat.followup.models import BudgetLine
from skyddsnat.lib import replica
from skyddsnat.organisation.models import District, User

ROUTER = replica.ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def test_without_a_replica_follow_up_reads_the_primary():
    with replica.follow_up_reads():
        assert ROUTER.db_for_read(Case) == "default"
        assert replica.reading_alias() == "default"


def test_follow_up_reads_go_to_the_replica_but_who_may_do_what_stays_on_the_primary(
    with_replica,
):
    with replica.follow_up_reads():
        for model in (Case, BudgetLine, District):
            assert ROUTER.db_for_read(model) == "replica"
        for model in (User, User.groups.through, Group, Session, ApiToken, AuditEntry):
            assert ROUTER.db_for_read(model) == "default", model
        assert ROUTER.db_for_write(BudgetLine) == "default"
    # Outside a follow-up read, everything reads the primary.
    assert ROUTER.db_for_read(Case) == "default"
    assert replica.reading_alias() == "default"


@pytest.mark.django_db
def test_a_read_inside_a_transaction_on_the_primary_stays_there(with_replica):
    with replica.follow_up_reads(), transaction.atomic():
        assert ROUTER.db_for_read(Case) == "default"


def test_only_the_primary_is_migrated():
    assert ROUTER.allow_migrate("default", "cases")
    assert not ROUTER.allow_migrate("replica", "cases")


def answer(method: str, path: str, cookies: dict[str, str] | None = None, streamed=False):
    """The middleware around the view `path` resolves to, as Django calls it; the view is not
    run, the answer says which database a read would have gone to."""
    request = RequestFactory().generic(method, path)
    request.COOKIES.update(cookies or {})
    middleware: replica.FollowUpReadsMiddleware

    def get_response(request):
        middleware.process_view(request, resolve(path).func, (), {})
        if streamed:
            return StreamingHttpResponse(replica.reading_alias() for _ in range(1))
        return HttpResponse(replica.reading_alias())

    middleware = replica.FollowUpReadsMiddleware(get_response)
    return middleware(request)


@pytest.mark.parametrize(
    ("path", "alias"),
    [
        (reverse("followup-budget"), "replica"),
        (reverse("followup-equality"), "replica"),
        (reverse("lss-followup"), "replica"),
        (reverse("api-followup-budget"), "replica"),
        (reverse("lss-october-statistics"), "replica"),
        (reverse("cases-my-cases"), "default"),
        (reverse("lss-referrals"), "default"),
        (reverse("api-my-deadlines"), "default"),
        (reverse("audit-log"), "default"),
    ],
)
def test_the_follow_up_area_and_the_national_exports_read_the_replica(with_replica, path, alias):
    assert answer("GET", path).content.decode() == alias
    assert replica.reading_alias() == "default"  # and nothing stays behind for the next request


def test_a_form_sent_reads_the_primary_and_pins_the_browser_to_it(with_replica):
    sent = answer("POST", reverse("followup-budget-line-create"))

    assert sent.content.decode() == "default"
    pin = sent.cookies[replica.PIN_COOKIE]
    assert pin["max-age"] == 10
    assert pin["httponly"] is True
    assert pin["samesite"] == "Lax"
    pinned = answer("GET", reverse("followup-budget"), cookies={replica.PIN_COOKIE: "1"})
    assert pinned.content.decode() == "default"


def test_a_streamed_file_reads_the_replica_while_it_is_sent(with_replica):
    response = answer("GET", reverse("followup-export", args=["register", "csv"]), streamed=True)

    assert replica.reading_alias() == "default"
    assert b"".join(response.streaming_content) == b"replica"
    assert replica.reading_alias() == "default"


def test_without_a_replica_the_middleware_does_nothing():
    response = answer("POST", reverse("followup-budget-line-create"))

    assert response.content.decode() == "default"
    assert replica.PIN_COOKIE not in response.cookies


def test_no_mark_outlives_its_request(monkeypatch):
    """The thread that answered a follow-up page answers the next request too."""
    answer("GET", reverse("followup-budget"))  # without a replica
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    answer("GET", reverse("followup-budget"))  # with one

    assert replica.reading_alias() == "default"
    with replica.follow_up_reads():
        assert replica.reading_alias() == "replica"
