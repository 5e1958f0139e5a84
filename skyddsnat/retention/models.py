"""Retention (gallring) of personal data in the social services' records, as rules.

A person's file (personakt: every case and record about them) is removed as a whole some years
after its last entry (`RetentionRule` of kind "remove"), the removal completed by the end of a
later calendar year; records of some categories keep the file for good or until the child reaches
an age ("keep", "keep_until_age"); persons born on certain days of the month are kept for research
("keep_birth_days"). Every period, age, day and citation is a row a municipality can correct;
`unverified` says what could not be checked against the law text.

A removal is proposed (the dry run: `RetentionRun` with one `RetentionItem` per person and its
verdict), approved by an archivist, then carried out by the job queue, which checks each person
again before removing anything. The audit log is left as it is; the run writes one entry per
removed person.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skyddsnat.people.models import Person


class RuleKind(models.TextChoices):
    REMOVE = "remove", _("remove after a period")
    KEEP = "keep", _("keep without limit")
    KEEP_UNTIL_AGE = "keep_until_age", _("keep until the child reaches an age")
    KEEP_BIRTH_DAYS = "keep_birth_days", _("keep for research (born on certain days)")


class RecordCategory(models.TextChoices):
    """What a record is about, as the exceptions name it. A placement is found in the care
    records; the others come in as documents of family-law matters the system does not run, and
    are marked on the person (`RetentionHold`)."""

    PERSONAL_FILE = "personal_file", _("personal file (every record)")
    PATERNITY = "paternity", _("investigation of paternity or parenthood")
    ADOPTION = "adoption", _("investigation of adoption")
    PLACEMENT = "placement", _("placement of a child in an HVB, family home or other private home")
    CUSTODY_AGREEMENT = "custody_agreement", _("agreement on custody, residence or contact")


class RetentionRule(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=RuleKind.choices)
    category = models.CharField(
        _("records"), max_length=20, choices=RecordCategory.choices, default="personal_file"
    )
    # remove: years after the last entry, then completed by the end of the calendar year
    # `completion_years` after the year the duty arose.
    years = models.PositiveSmallIntegerField(_("years after the last entry"), null=True, blank=True)
    completion_years = models.PositiveSmallIntegerField(
        _("completed within calendar years"), null=True, blank=True
    )
    # keep_until_age: the age of the child the record is about.
    age = models.PositiveSmallIntegerField(_("until the age of"), null=True, blank=True)
    # keep of placements: the placement forms (care.PlacementForm codes) the exception names.
    placement_forms = models.CharField(_("placement forms"), max_length=200, blank=True)
    # keep_birth_days: the days of the month, e.g. "5,15,25".
    birth_days = models.CharField(_("days of birth"), max_length=40, blank=True)
    citation = models.CharField(_("legal basis"), max_length=300)
    # What could not be checked against the law text (empty: verified).
    unverified = models.TextField(_("not verified"), blank=True)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.CheckConstraint(
                name="retention_rule_parameters",
                condition=(
                    Q(kind="remove", years__isnull=False, completion_years__isnull=False)
                    | Q(kind="keep")
                    | Q(kind="keep_until_age", age__isnull=False)
                    | (Q(kind="keep_birth_days") & ~Q(birth_days=""))
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def birth_day_set(self) -> frozenset[int]:
        return frozenset(int(day) for day in self.birth_days.split(",") if day.strip().isdigit())


class RetentionHold(models.Model):
    """A record of a category that an exception keeps, held in the person's file: e.g. a
    paternity investigation or an approved custody agreement received as a document."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="retention_holds")
    category = models.CharField(_("records"), max_length=20, choices=RecordCategory.choices)
    # For an agreement: the child it concerns (whose 18th birthday ends the hold); else empty.
    child = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    recorded_on = models.DateField(_("dated"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "pk"]
        verbose_name = _("retention hold")
        verbose_name_plural = _("retention holds")

    def __str__(self) -> str:
        return f"{self.person_id} {self.category}"


class RunStatus(models.TextChoices):
    PROPOSED = "proposed", _("awaiting approval")
    APPROVED = "approved", _("approved")
    DONE = "done", _("carried out")
    CANCELLED = "cancelled", _("cancelled")


class RetentionRun(models.Model):
    """One dry run (what would go on `as_of`), its approval and its execution."""

    as_of = models.DateField(_("judged on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    # Empty when the monthly job proposed it.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    skipped = models.PositiveIntegerField(_("no longer due"), default=0)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        constraints = [
            # One proposal waits at a time: a second one would list the same persons.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status__in=["proposed", "approved"]),
                name="retention_one_open_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.as_of} {self.status}"


class Verdict(models.TextChoices):
    REMOVE = "remove", _("to be removed")
    KEEP = "keep", _("kept")


class ItemOutcome(models.TextChoices):
    PENDING = "", _("not yet carried out")
    REMOVED = "removed", _("removed")
    SKIPPED = "skipped", _("no longer due")


class RetentionItem(models.Model):
    """One person in a dry run. The person's id only (no foreign key): the row outlives the
    person it names, and holds no name once the person is removed."""

    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="items")
    person_id = models.BigIntegerField()
    last_entry = models.DateField(_("last entry"), null=True)
    due_on = models.DateField(_("due from"), null=True)
    complete_by = models.DateField(_("to be completed by"), null=True)
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    # The rule that keeps the file (a keep verdict); empty for a removal.
    kept_by = models.ForeignKey(
        RetentionRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Why a file that no rule keeps stays: another kept file refers to this person.
    kept_reason = models.CharField(_("reason"), max_length=200, blank=True)
    kept_until = models.DateField(_("kept until"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=ItemOutcome.choices, default="", blank=True
    )

    class Meta:
        ordering = ["complete_by", "person_id"]
        verbose_name = _("person in a retention run")
        verbose_name_plural = _("persons in a retention run")
        constraints = [
            models.UniqueConstraint(fields=["run", "person_id"], name="retention_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.person_id} {self.verdict}"
