"""What the scheduled jobs leave behind: the reminders sent (one per time limit and occasion), the
notices staff see in the app, and the quarterly LSS reports prepared for the managers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import Deadline
from skyddsnat.organisation.models import Unit


class Occasion(models.TextChoices):
    """When a time limit is reminded of: the day before it, and the day after its last day."""

    DUE_TOMORROW = "due_tomorrow", _("due tomorrow")
    MISSED = "missed", _("missed")


class Reminder(models.Model):
    """A time limit reminded of on one occasion. The constraint makes it once, whatever runs
    the job twice or at the same time."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="+")
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "occasion"], name="reminder_once_per_deadline_occasion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.occasion}"


class PreparedReport(models.Model):
    """The quarterly report of LSS decisions not implemented in time (LSS 28 f–h §§), prepared
    for an LSS unit's managers: the rows as they were when the quarter had ended."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    period_start = models.DateField()
    period_end = models.DateField()
    rows = models.JSONField(default=list)
    prepared_at = models.DateTimeField(_("prepared"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"], name="prepared_report_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="prepared_report_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"


class NoticeKind(models.TextChoices):
    DEADLINE_TOMORROW = "deadline_tomorrow", _("Time limit tomorrow")
    DEADLINE_MISSED = "deadline_missed", _("Time limit passed")
    LSS_REPORT = "lss_report", _("Quarterly report ready")


class Notice(models.Model):
    """Something a member of staff should know, shown under "Notiser" until they mark it read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, null=True, related_name="+")
    report = models.ForeignKey(
        PreparedReport, on_delete=models.CASCADE, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When the e-mail about it went out (reminders only, and only with SMTP configured).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "reminder"],
                condition=Q(reminder__isnull=False),
                name="notice_once_per_user_reminder",
            ),
            models.UniqueConstraint(
                fields=["user", "report"],
                condition=Q(report__isnull=False),
                name="notice_once_per_user_report",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"], name="notice_unread_idx", condition=Q(read_at__isnull=True)
            ),
            models.Index(
                fields=["user"],
                name="notice_unmailed_idx",
                condition=Q(emailed_at__isnull=True, reminder__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())
