"""Follow-up reads from a PostgreSQL streaming replica (`DATABASE_REPLICA_URL`).

The follow-up area (its pages, its API, the national statistics files) reads a great deal and
changes nothing a caseworker waits for, so with a replica configured its reads go there and the
primary keeps its capacity for casework. Everything else stays on the primary:

- every write (the router never names the replica for a write, and a hot standby refuses one);
- every read outside the follow-up area, so a caseworker always sees what was just saved;
- every read inside a transaction on the primary (a service that reads, locks and writes);
- whatever decides who someone is and what they may do: sessions, users and their groups, API
  tokens, and the audit log. A user locked out or a token revoked a moment ago must not get in
  through a replica that has not yet replayed the change.

Which requests are follow-up reads is decided by `FollowUpReadsMiddleware`: a GET or HEAD answered
by a view whose module is listed in `SKYDDSNAT_REPLICA_VIEWS` (settings). It sets a context
variable for the length of the request (and of a streamed answer, whose rows are read while it is
sent); `ReplicaRouter` and `reading_alias()` read it. Code that reads with a cursor of its own
(raw SQL) takes its connection from `reading_connection()`.

A replica replays the primary's changes a moment later (its lag). So that someone who has just
saved something (a budget line, staff figures) sees it on the page they are sent to, a successful
POST (or other write) sets a short cookie, `skyddsnat_primary`, and while it lasts
(`SKYDDSNAT_REPLICA_PIN_SECONDS`) that browser's follow-up reads stay on the primary.

Without `DATABASE_REPLICA_URL` there is no `replica` alias and all of this answers the primary.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

REPLICA_ALIAS = "replica"
# Set after a write: this browser reads the primary for a few seconds (read your own writes).
PIN_COOKIE = "skyddsnat_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

# Read on the primary even in a follow-up read: who someone is, what they may do, the audit log.
PRIMARY_APPS = frozenset({"sessions", "auth", "contenttypes", "admin", "audit", "api", "drafts"})
PRIMARY_MODELS = frozenset(
    {"organisation.user", "organisation.user_groups", "organisation.user_user_permissions"}
)

_follow_up_reads: ContextVar[bool] = ContextVar("skyddsnat_follow_up_reads", default=False)


def replica_configured() -> bool:
    return REPLICA_ALIAS in settings.DATABASES


def reading_alias() -> str:
    """The database the follow-up area reads from now: the replica in a follow-up read (outside a
    transaction on the primary) when one is configured, otherwise the primary."""
    if (
        _follow_up_reads.get()
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return REPLICA_ALIAS
    return DEFAULT_DB_ALIAS


def reading_connection() -> BaseDatabaseWrapper:
    """The connection for a follow-up read with a cursor of its own (raw SQL)."""
    return connections[reading_alias()]


@contextmanager
def follow_up_reads() -> Iterator[None]:
    """Reads in the block are follow-up reads (the middleware uses it; so may a command)."""
    token = _follow_up_reads.set(True)
    try:
        yield
    finally:
        _follow_up_reads.reset(token)


def _stays_on_primary(model: type[Any]) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_APPS or meta.label_lower in PRIMARY_MODELS


class ReplicaRouter:
    """Sends the follow-up area's reads to the replica (see the module's description); everything
    else to the primary, and only the primary is migrated."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _stays_on_primary(model):
            return DEFAULT_DB_ALIAS
        return reading_alias()

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _is_follow_up_view(view: Callable[..., Any]) -> bool:
    """Whether `view` is named in SKYDDSNAT_REPLICA_VIEWS: by its module (or a package above it)
    or by its own dotted name."""
    target = getattr(view, "view_class", None) or getattr(view, "cls", None) or view
    module = getattr(target, "__module__", "") or ""
    name = f"{module}.{getattr(target, '__qualname__', '')}"
    return any(
        entry in (module, name) or module.startswith(entry + ".")
        for entry in settings.SKYDDSNAT_REPLICA_VIEWS
    )


def _streamed_in_follow_up_reads(content: Iterable[Any]) -> Iterator[Any]:
    with follow_up_reads():
        yield from content


class FollowUpReadsMiddleware:
    """Marks a GET or HEAD answered by a follow-up view as a follow-up read, for the view and for
    a streamed answer's content, unless the browser wrote a moment ago (the pin cookie, set here
    after a successful write). Does nothing without a replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Every request starts unmarked and ends with the mark removed (the thread serves the next).
        token = _follow_up_reads.set(False)
        try:
            response = self.get_response(request)
            reading = _follow_up_reads.get()
        finally:
            _follow_up_reads.reset(token)
        if reading and isinstance(response, StreamingHttpResponse):
            response.streaming_content = _streamed_in_follow_up_reads(response.streaming_content)
        if (
            replica_configured()
            and request.method not in SAFE_METHODS
            and response.status_code < 400
        ):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.SKYDDSNAT_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and PIN_COOKIE not in request.COOKIES
            and _is_follow_up_view(view)
        ):
            _follow_up_reads.set(True)
