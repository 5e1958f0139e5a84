"""The audit log: one row for every read and every change of personal data.

Rows are never changed or deleted: PostgreSQL refuses it with a trigger (migration 0002), so not
even a bug or a shell session in the application can rewrite history. The database sets the time
and the username (migration 0004), and chains every entry by hash (`audit.chain`), so a change made
around the triggers by the table owner or a superuser is found by `manage.py audit_verify`.
"""

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from skyddsnat.audit.fields import IdListField


class Channel(models.TextChoices):
    WEB = "web", _("web page")
    API = "api", _("API")
    EXPORT = "export", _("export")
    SYSTEM = "system", _("system")


class AuditEntry(models.Model):
    # Set by the database (a default, and a trigger that overrides whatever the caller sends).
    at = models.DateTimeField(_("time"), db_default=Now(), db_index=True)
    # Plain ids and the username as text: the entry must outlive the rows it talks about.
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80)
    person_id = models.BigIntegerField(null=True, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # A list page or a search writes one entry naming every person and case it showed.
    person_ids = IdListField(null=True, blank=True)
    case_ids = IdListField(null=True, blank=True)
    # SHA-256 of every other column but id and time (`audit.chain.content_hash`).
    content_hash = models.CharField(max_length=64, default="")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["person_id", "at"], name="audit_person_at_idx"),
            models.Index(fields=["username", "at"], name="audit_user_at_idx"),
            # Log review counts the distinct persons each user read per day.
            models.Index(fields=["user_id", "at"], name="audit_userid_at_idx"),
            models.Index(fields=["case_id", "at"], name="audit_case_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class ChainLink(models.Model):
    """One entry's place in the hash chain, written at commit (`audit.chain`). Append-only."""

    seq = models.BigIntegerField(primary_key=True)
    entry_id = models.BigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:12]}"
