"""Documents taken in on a case (issue 14 point 2): incoming letters, scans, statements.

The file lies in the documents store (`documents.storage`, outside the web root), under a random
name; the row keeps what the download needs: the type found from the content, the size, the
SHA-256 and a safe name for the download."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skyddsnat.cases.models import Case


class DocumentKind(models.TextChoices):
    INCOMING_LETTER = "incoming_letter", _("incoming letter")
    SCAN = "scan", _("scanned document")
    STATEMENT = "statement", _("statement")
    OTHER = "other", _("other document")


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    received_on = models.DateField(_("received on"))
    filename = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=100, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
