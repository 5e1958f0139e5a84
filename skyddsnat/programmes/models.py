"""The targeted programmes of the seeds (domain.md §5): social intervention groups (SIG), SSPF
(school, social services, police, leisure) and crime exit (avhopp).

A participant is a person in one programme in one district, with a case on the spine; the
individual action plan is the participant's goals, each with the agency responsible for it; the
meetings record who took part. What a partner agency may read of this is decided by an active
consent (or a recorded disclosure under a law), never by the partner's role alone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import Case
from skyddsnat.organisation.models import Agency, District
from skyddsnat.people.models import Person


class Programme(models.TextChoices):
    """The slug is the API's `{slug}` in /api/v1/programmes/{slug}/participants/."""

    SIG = "sig", _("social intervention group (SIG)")
    SSPF = "sspf", _("SSPF (school, social services, police, leisure)")
    CRIME_EXIT = "crime-exit", _("crime exit")


class Participant(models.Model):
    programme = models.CharField(_("programme"), max_length=12, choices=Programme.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="participants")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participations")
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    # A code of the programmes lane's outcome choices; empty while the participant takes part.
    outcome = models.CharField(_("outcome"), max_length=30, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [
            models.Index(fields=["programme", "district"], name="programmes_part_prog_dist_idx")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.pk}"


class Goal(models.Model):
    """One goal of the individual action plan and the agency responsible for it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"))
    agency = models.CharField(_("responsible agency"), max_length=20, choices=Agency.choices)
    due = models.DateField(_("to be reached by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.due}"


class Meeting(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    # The Agency codes that took part, e.g. ["police", "school"].
    agencies = models.JSONField(_("agencies present"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.held_on}"
