"""Slowing down password guessing, per username, for the login page and the API token endpoint.

After `MAX_FAILURES` failed attempts for one username within `WINDOW`, every attempt for that
username is refused for `LOCKOUT`, whatever the password, so that guessing costs hours rather than
seconds. A successful sign-in forgets the failures. The counts live in Django's cache (Redis in
production, shared by every worker; the local-memory cache in the demo). Usernames are hashed in
the cache keys: the cache holds no names.
"""

import datetime as dt
import hashlib
import logging

from django.core.cache import cache
from django.utils import timezone

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)

logger = logging.getLogger(__name__)


def _key(kind: str, username: str) -> str:
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    return f"login-throttle:{kind}:{digest}"


def locked_for(username: str) -> dt.timedelta | None:
    """How much longer attempts for this username are refused; None when they are not."""
    until = cache.get(_key("locked", username))
    if until is None:
        return None
    left = until - timezone.now()
    return left if left > dt.timedelta(0) else None


def record_failure(username: str) -> None:
    """Count a failed attempt; the `MAX_FAILURES`th within the window locks the username."""
    key = _key("failures", username)
    # add() starts the window only if none is running; incr() keeps the window's expiry.
    cache.add(key, 0, timeout=int(WINDOW.total_seconds()))
    try:
        failures = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, timeout=int(WINDOW.total_seconds()))
        failures = 1
    if failures >= MAX_FAILURES:
        cache.set(
            _key("locked", username),
            timezone.now() + LOCKOUT,
            timeout=int(LOCKOUT.total_seconds()),
        )
        cache.delete(key)
        logger.warning(
            "Sign-in for %r locked for %s minutes after %s failed attempts.",
            username,
            int(LOCKOUT.total_seconds() // 60),
            failures,
        )


def record_success(username: str) -> None:
    cache.delete(_key("failures", username))
