"""The public e-services (issue 11): what a citizen or a reporting professional submitted, with
the receipt's reference, whatever form or endpoint it came through.

A `Submission` is the receipt's record: the reference the sender keeps, the idempotency key that
makes a repeated send store nothing new, and the case-flow record it became (a children's report,
an LSS application, a request for help). A signed-in citizen (`citizen_subject`, the subject of
the OpenID Connect identity) follows the status of their own submissions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import Case, InterventionType
from skyddsnat.organisation.models import District, Unit, User


class SubmissionKind(models.TextChoices):
    CONCERN = "concern", _("concern about a child")
    HELP = "help", _("request for help or advice")
    LSS = "lss", _("LSS application")


class Submission(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=SubmissionKind.choices)
    received_at = models.DateTimeField(_("received"))
    # From the Idempotency-Key header or the form's hidden key: the same key, the same receipt.
    idempotency_key = models.UUIDField(_("idempotency key"), unique=True, null=True, blank=True)
    # The OpenID Connect subject of a signed-in citizen (eservices.identity); empty otherwise.
    citizen_subject = models.CharField(
        _("citizen's subject"), max_length=255, blank=True, db_index=True
    )
    # The case it became, once the flow has one (a concern report's case, an LSS application's).
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions"
    )
    # Where it landed (the district whose unit received it).
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The address the receipt goes to, kept only until the receipt job has sent it (then
    # emptied: the address is not part of the matter).
    receipt_email = models.EmailField(_("e-mail for the receipt"), blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "pk"]
        verbose_name = _("e-service submission")
        verbose_name_plural = _("e-service submissions")

    def __str__(self) -> str:
        return self.reference


class PostalArea(models.Model):
    """Rule data: which district a postal code (postnummer) belongs to, so that a report naming
    the child's address lands in that district's intake. Kept by the administrator."""

    postal_code = models.CharField(_("postal code"), max_length=5, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["postal_code"]
        verbose_name = _("postal area")
        verbose_name_plural = _("postal areas")

    def __str__(self) -> str:
        return f"{self.postal_code[:3]} {self.postal_code[3:]}"


class HelpAbout(models.TextChoices):
    MYSELF = "myself", _("myself")
    MY_CHILD = "my_child", _("my child")
    FAMILY = "family", _("my family")


class HelpOutcome(models.TextChoices):
    """What the reception did with a request for help, recorded when it is handled."""

    ADVICE = "advice", _("advice given")
    EARLY_HELP = "early_help", _("intervention offered without an investigation")
    CASE_OPENED = "case_opened", _("report or application registered")
    REFERRED = "referred", _("referred elsewhere")
    NOT_REACHED = "not_reached", _("the sender could not be reached")


class HelpRequest(models.Model):
    """A request for help or advice sent through the e-service. It lands with the district's
    children and youth unit (its reception, mottagningen), which calls back; it is not a case
    until the unit opens one (an application or a report)."""

    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="help_request"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    about = models.CharField(_("the help is for"), max_length=10, choices=HelpAbout.choices)
    # One of the interventions offered without a needs assessment, when the sender chose one.
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervention"),
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    description = models.TextField(_("what the help is about"))
    # Handled once (`services.help_request_handle`): when, by whom and with what outcome. The
    # check constraint keeps the three together: a handled request always says all three.
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=HelpOutcome.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["submission__received_at", "pk"]
        indexes = [models.Index(fields=["unit", "handled_at"], name="help_unit_handled_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(handled_at__isnull=True, handled_by__isnull=True, outcome="")
                    | (
                        models.Q(handled_at__isnull=False, handled_by__isnull=False)
                        & ~models.Q(outcome="")
                    )
                ),
                name="help_handled_all_or_nothing",
            )
        ]
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")

    def __str__(self) -> str:
        return str(self.submission_id)


class Attachment(models.Model):
    """A file sent with a concern report (a photo, a letter), checked by its content
    (`eservices.attachments`). Kept in the database, outside any web root, never served to the
    public; staff who may see the case read it through an access-checked, audited view."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="attachments")
    content_type = models.CharField(_("file type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["submission", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.content_type}"
