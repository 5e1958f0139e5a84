"""Personal API tokens.

Only a SHA-256 digest of a token is stored: whoever reads the database (a backup, a log of
queries) cannot use what they read. A token lives for a working day by default
(`SKYDDSNAT_TOKEN_HOURS`), so a leaked one stops working by itself.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(key: str) -> str:
    """The stored form of a token: its SHA-256 digest, hexadecimal."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    # The first characters of the token, so that a person can tell their tokens apart.
    prefix = models.CharField(_("prefix"), max_length=8)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at


class IdempotencyKey(models.Model):
    """A client's `Idempotency-Key` for one POST and the answer it got, so that the same request
    again (a retry after a lost answer) gets the same answer and stores nothing new.

    Unique per user and key: two requests with one key at once store one record, the second
    waits for the first and then answers what the first answered. Only a digest of the request is
    kept, to tell a reuse of the key with another body; the stored answer is what the user was
    shown, and is deleted after `SKYDDSNAT_IDEMPOTENCY_HOURS` (24 by default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=255)
    # Which operation the key was used for (e.g. "children.report.create").
    scope = models.CharField(_("operation"), max_length=100)
    request_digest = models.CharField(_("request digest"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status"))
    # The answer's JSON as text (jsonb would reorder its keys): a replay is the same answer.
    body = models.TextField(_("answer"))
    # What the answer is about, for the audit entry of a replay.
    person_id = models.BigIntegerField(null=True, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
