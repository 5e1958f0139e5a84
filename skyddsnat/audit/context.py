"""Request origin for audit entries, held in a context variable for the length of one request:
where it came from, and who is signed in (read when an entry is written, so a user authenticated
later in the request, such as by an API token, counts)."""

from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

from skyddsnat.organisation.models import User


def _nobody() -> Any:
    return None


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    channel: str = "system"
    user: Callable[[], Any] = _nobody


_NO_REQUEST = Origin()  # frozen, so sharing it as the default is safe
_origin: ContextVar[Origin] = ContextVar("audit_origin", default=_NO_REQUEST)  # noqa: B039


def bind(
    *, ip_address: str | None, channel: str, user: Callable[[], Any] = _nobody
) -> Token[Origin]:
    return _origin.set(Origin(ip_address=ip_address, channel=channel, user=user))


def reset(token: Token[Origin]) -> None:
    _origin.reset(token)


def current() -> Origin:
    return _origin.get()


def current_user() -> User | None:
    """The authenticated user of the present request, or None (no request, or not signed in)."""
    user = _origin.get().user()
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user
