"""The audit log: one row for every read and every change of personal data.

Rows are never changed or deleted: PostgreSQL refuses it with a trigger (migration 0002), so not
even a bug or a shell session in the application can rewrite history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("web page")
    API = "api", _("API")
    EXPORT = "export", _("export")
    SYSTEM = "system", _("system")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Plain ids and the username as text: the entry must outlive the rows it talks about.
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80)
    person_id = models.BigIntegerField(null=True, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

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
