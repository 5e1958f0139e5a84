"""The targeted programmes of the seeds (domain.md §5): social intervention groups (SIG), SSPF
(school, social services, police, leisure) and crime exit (avhopp).

A participant is a person in one programme in one district, with a case on the spine; the
individual action plan is the participant's goals, each with the agency responsible for it; the
meetings record who took part. What a partner agency may read of this is decided by an active
consent (or a recorded disclosure under a law), never by the partner's role alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skyddsnat.cases.models import Case
from skyddsnat.organisation.models import Agency, District
from skyddsnat.people.models import Guardianship, Person


class Programme(models.TextChoices):
    """The slug is the API's `{slug}` in /api/v1/programmes/{slug}/participants/."""

    SIG = "sig", _("social intervention group (SIG)")
    SSPF = "sspf", _("SSPF (school, social services, police, leisure)")
    CRIME_EXIT = "crime-exit", _("crime exit")


# Programmes that work in a group per district (SIG, SSPF); crime exit is individual.
GROUP_PROGRAMMES = frozenset({Programme.SIG, Programme.SSPF})


class ProgrammeRule(models.Model):
    """Who a programme takes, as rule data with its source (like `cases.DeadlineRule`): the age
    at the start, in whole years, inclusive; no limit where empty (crime exit: any age). What of
    the source has not been verified is kept apart in `unverified`, shown in the admin only."""

    programme = models.CharField(
        _("programme"), max_length=12, choices=Programme.choices, unique=True
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    citation = models.CharField(_("source"), max_length=300)
    unverified = models.TextField(_("not verified"), blank=True)

    class Meta:
        ordering = ["programme"]
        verbose_name = _("programme rule")
        verbose_name_plural = _("programme rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=models.F("max_age")),
                name="programme_rule_ages_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.get_programme_display())


class Group(models.Model):
    """The district's group of a group programme (SIG, SSPF): one per programme and district."""

    programme = models.CharField(_("programme"), max_length=12, choices=Programme.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "district__name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "district"], name="programme_group_one_per_district"
            ),
            models.CheckConstraint(
                condition=Q(programme__in=["sig", "sspf"]),
                name="programme_group_only_group_programmes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} {self.district}"


class ParticipantOutcome(models.TextChoices):
    """How a participation ended (domain.md §5), as the follow-up counts it."""

    SCHOOL_OR_WORK = "school_or_work", _("in school or work")
    NO_NEW_CRIME = "no_new_crime", _("no new crime reported")
    LEFT = "left", _("left the programme")
    MOVED = "moved", _("moved")


class Participant(models.Model):
    programme = models.CharField(_("programme"), max_length=12, choices=Programme.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="participants")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participations")
    # The district's group (SIG, SSPF); none for crime exit.
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="participants"
    )
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    # A `ParticipantOutcome`; empty while the participant takes part.
    outcome = models.CharField(
        _("outcome"), max_length=30, blank=True, choices=ParticipantOutcome.choices
    )
    # Crime exit: why the person wants to leave crime (the intake's motivation).
    motivation = models.TextField(_("motivation"), blank=True)
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
        constraints = [
            # One ongoing participation per person and programme (two coordinators registering
            # the same young person at once: the second is refused).
            models.UniqueConstraint(
                fields=["person", "programme"],
                condition=Q(ended_on__isnull=True),
                name="participant_one_ongoing_per_programme",
            ),
            # Ended with an outcome, or ongoing without one.
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(outcome=""))
                | (Q(ended_on__isnull=False) & ~Q(outcome="")),
                name="participant_end_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="participant_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.pk}"

    @property
    def is_ongoing(self) -> bool:
        return self.ended_on is None

    @property
    def status(self) -> str:
        """ "Pågående" or "Avslutad"."""
        if self.ended_on is None:
            return str(pgettext_lazy("participation status", "Ongoing"))
        return str(pgettext_lazy("participation status", "Ended"))


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


class GoalResult(models.TextChoices):
    REACHED = "reached", pgettext_lazy("goal result", "Reached")
    PARTLY = "partly", pgettext_lazy("goal result", "Partly reached")
    NOT_REACHED = "not_reached", pgettext_lazy("goal result", "Not reached")


class GoalFollowUp(models.Model):
    """A follow-up of one goal: reached, partly or not, on a date."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="follow_ups")
    followed_up_on = models.DateField(_("followed up on"))
    result = models.CharField(_("result"), max_length=12, choices=GoalResult.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["followed_up_on", "pk"]
        verbose_name = _("follow-up of a goal")
        verbose_name_plural = _("follow-ups of goals")

    def __str__(self) -> str:
        return f"{self.goal_id} {self.followed_up_on} {self.result}"


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("the person")
    GUARDIAN = "guardian", _("a guardian")


class ParticipationConsent(models.Model):
    """Consent to take part, recorded at intake: the person's, and for a person under 18 each
    guardian's (`people.Guardianship`). Consent to share with agencies is another record
    (the partners app)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(_("given by"), max_length=8, choices=ConsentGiver.choices)
    guardianship = models.ForeignKey(
        Guardianship, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_on", "pk"]
        verbose_name = _("consent to take part")
        verbose_name_plural = _("consents to take part")
        constraints = [
            models.CheckConstraint(
                condition=(Q(given_by="person") & Q(guardianship__isnull=True))
                | (Q(given_by="guardian") & Q(guardianship__isnull=False)),
                name="participation_consent_guardian_named",
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(given_by="person"),
                name="participation_consent_person_once",
            ),
            models.UniqueConstraint(
                fields=["participant", "guardianship"],
                condition=Q(guardianship__isnull=False),
                name="participation_consent_guardian_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.given_by} {self.given_on}"


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

    @property
    def agency_labels(self) -> list[str]:
        return [str(Agency(code).label) for code in self.agencies if code in Agency.values]
