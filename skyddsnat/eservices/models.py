"""The public e-services (issue 11): what a citizen or a reporting professional submitted, with
the receipt's reference, whatever form or endpoint it came through.

A `Submission` is the receipt's record: the reference the sender keeps, the idempotency key that
makes a repeated send store nothing new, and the case-flow record it became (a children's report,
an LSS application, a request for help). A signed-in citizen (`citizen_subject`, the subject of
the OpenID Connect identity) follows the status of their own submissions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import Case


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

    class Meta:
        ordering = ["-received_at", "pk"]
        verbose_name = _("e-service submission")
        verbose_name_plural = _("e-service submissions")

    def __str__(self) -> str:
        return self.reference
