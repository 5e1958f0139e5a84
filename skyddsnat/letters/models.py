"""Letters from templates a municipality edits (issue 14 point 1).

A `LetterTemplate` is one kind of letter (a decision letter under SoL, one under LVU, one under
LSS, the acknowledgement to a reporter, the feedback on the pre-assessment, the notice to
guardians). Its text is kept as versions: every save is a new `LetterTemplateVersion`, never an
edit, and a sent `Letter` points at the exact version it was rendered from and keeps the PDF it
was sent as, with its SHA-256. Whether a decision may be appealed is rule data (`AppealRule`),
with its citation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import Case, Decision
from skyddsnat.people.models import Person


class LetterKind(models.TextChoices):
    DECISION_SOL = "decision_sol", _("decision letter (SoL)")
    DECISION_LVU = "decision_lvu", _("decision letter (LVU)")
    DECISION_LSS = "decision_lss", _("decision letter (LSS)")
    REPORT_RECEIVED = "report_received", _("acknowledgement to the reporter")
    REPORT_FEEDBACK = "report_feedback", _("feedback to the reporter")
    GUARDIAN_NOTICE = "guardian_notice", _("notice to guardians")


DECISION_KINDS = frozenset(
    {LetterKind.DECISION_SOL, LetterKind.DECISION_LVU, LetterKind.DECISION_LSS}
)
REPORT_KINDS = frozenset({LetterKind.REPORT_RECEIVED, LetterKind.REPORT_FEEDBACK})


class LetterTemplate(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices, unique=True)
    name = models.CharField(_("name"), max_length=150)
    # The number of the current version; a save based on another number answers 409.
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return self.name


class LetterTemplateVersion(models.Model):
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("letter template version")
        verbose_name_plural = _("letter template versions")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="letter_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template_id} v{self.number}"


class AppealRule(models.Model):
    """May a decision under this act be appealed (förvaltningsbesvär), and where it says so.
    Data with its citation, so that a municipality corrects it; `unverified` says what was not
    checked against the statute."""

    legal_basis = models.CharField(_("act"), max_length=3, unique=True)
    appealable = models.BooleanField(_("may be appealed"))
    # Interventions offered without an individual needs assessment are not appealed this way.
    without_needs_assessment_appealable = models.BooleanField(
        _("appealable when offered without needs assessment"), default=False
    )
    weeks = models.PositiveSmallIntegerField(_("weeks to appeal"), default=3)
    citation = models.CharField(_("legal basis"), max_length=300)
    unverified = models.TextField(_("not yet verified"), blank=True)

    class Meta:
        verbose_name = _("appeal rule")
        verbose_name_plural = _("appeal rules")

    def __str__(self) -> str:
        return self.legal_basis


class Letter(models.Model):
    """A letter sent: the exact template version, what it said and the PDF as sent."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    template_version = models.ForeignKey(
        LetterTemplateVersion, on_delete=models.PROTECT, related_name="letters"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    # The recipient: a person of the register (the case's person, a guardian) or, for a
    # reporter, only the name the report gives.
    recipient = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="letters_received"
    )
    recipient_name = models.CharField(_("recipient"), max_length=250)
    text = models.TextField(_("text"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(max_length=64)
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The day the party received the decision (delgivning): the appeal time runs from it.
    served_on = models.DateField(_("received by the party on"), null=True, blank=True)
    served_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.CheckConstraint(
                condition=Q(served_on__isnull=True) | Q(served_on__gte=models.F("sent_on")),
                name="letter_served_after_sent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_on}"
