"""What an uploaded file is, read from its content: the one type check of files taken in
(documents on a case; the public e-services' attachments are to share it).

The type comes from the bytes (`filetype`: magic numbers, and the OOXML/ODF containers' own
markers), never from the file's name or the browser's `Content-Type`, which the sender chooses. A
file whose declared type disagrees with its content is refused too: a `.pdf` that is a ZIP, a
"image/png" that is an executable. Only the formats a case file holds are taken in.
"""

from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Accepted formats by the MIME type filetype reports: the extension a download is given.
ACCEPTED: dict[str, str] = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
}

# Declared types that mean "the sender did not say" and so cannot disagree.
UNDECLARED = frozenset({"", "application/octet-stream", "binary/octet-stream"})

# Other names browsers and scanners use for the same formats.
ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/tif": "image/tiff"}

NOT_ACCEPTED = _("The file must be a PDF, PNG, JPEG, TIFF, DOCX, XLSX or ODT document.")
MISMATCH = _("The file's content is not what its type says. Nothing was saved.")


@dataclass(frozen=True)
class FileKind:
    mime: str
    extension: str


def check_upload(head: bytes, *, declared_type: str | None = None) -> FileKind:
    """The kind of a file from its first bytes (at least the first 8 KiB; the OOXML markers lie
    near the start of the ZIP). ValidationError when the content is not an accepted format or
    disagrees with `declared_type` (the browser's or the API client's Content-Type)."""
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED:
        raise ValidationError(NOT_ACCEPTED, code="file_type")
    declared = (declared_type or "").split(";", 1)[0].strip().lower()
    declared = ALIASES.get(declared, declared)
    if declared not in UNDECLARED and declared != kind.mime:
        raise ValidationError(MISMATCH, code="file_type_mismatch")
    return FileKind(mime=kind.mime, extension=ACCEPTED[kind.mime])
