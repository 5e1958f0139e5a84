"""Request origin for audit entries, held in a context variable for the length of one request."""

from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    channel: str = "system"


_NO_REQUEST = Origin()  # frozen, so sharing it as the default is safe
_origin: ContextVar[Origin] = ContextVar("audit_origin", default=_NO_REQUEST)  # noqa: B039


def bind(*, ip_address: str | None, channel: str) -> Token[Origin]:
    return _origin.set(Origin(ip_address=ip_address, channel=channel))


def reset(token: Token[Origin]) -> None:
    _origin.reset(token)


def current() -> Origin:
    return _origin.get()
