"""Autosaved drafts of the long free-text forms, so that a lost session or a closed tab loses no
work. A draft holds personal data: only its author reads it, and it lives a week at most."""

import datetime as dt

from django.conf import settings
from django.db import models

# A draft is a safety net for work in progress, not a record: after a week it is deleted
# (`manage.py drafts_purge`, run daily) and no longer restored even before that.
DRAFT_LIFETIME = dt.timedelta(days=7)


class Draft(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    # Which form: "children.report", or "cases.journal:<case id>".
    key = models.CharField(max_length=100)
    # The form's fields by name (only the fields the form is known to have).
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="drafts_draft_one_per_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.user_id})"
