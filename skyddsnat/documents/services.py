"""A document taken in on a case: the type checked from the content (`lib.uploads`), the size
limited (`SKYDDSNAT_DOCUMENT_MAX_BYTES`), the file written to the documents store and the row
recorded in one transaction. An upload that fails stores nothing: a failure after the file is
written removes the file again, and the row rolls back with the transaction."""

import datetime as dt
import hashlib
import unicodedata
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.models import Case
from skyddsnat.cases.services import (
    case_lock,
    require_case_access,
    require_text,
    validate_not_future,
)
from skyddsnat.documents import storage
from skyddsnat.documents.models import Document, DocumentKind
from skyddsnat.lib.uploads import check_upload
from skyddsnat.organisation.models import User

FILENAME_MAX = 120
# Characters a file name may not hold on the systems a download is saved to, and the quote and
# separator of the header that carries it.
RESERVED = frozenset('<>:"/\\|?*;')


def safe_filename(name: str, extension: str) -> str:
    """A name for the download: the sender's name without its path, without control, format
    or path characters, cut to a sane length, ending in the extension the content has."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = base.rsplit(".", 1)[0] if "." in base else base
    kept = "".join(ch for ch in base if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    kept = "".join(ch for ch in kept if ch not in RESERVED).strip(" .")[:FILENAME_MAX]
    kept = kept or "dokument"
    return f"{kept}.{extension}"


def _read(upload: IO[bytes], limit: int) -> bytes:
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            {
                "file": _("The file can be at most %(mb)s MB.")
                % {"mb": f"{limit / (1024 * 1024):.0f}"}
            }
        )
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    return data


def document_upload(
    *,
    user: User,
    case: Case,
    upload: IO[bytes],
    filename: str,
    declared_type: str | None,
    kind: str,
    title: str,
    received_on: dt.date,
) -> Document:
    require_case_access(user, case)
    if not policy.works_with_case_records(user):
        raise PermissionDenied
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose a kind of document.")})
    title = require_text("title", title, one_line=True)
    validate_not_future("received_on", received_on)
    data = _read(upload, settings.SKYDDSNAT_DOCUMENT_MAX_BYTES)
    try:
        found = check_upload(data[:65536], declared_type=declared_type)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    name = storage.save(storage.new_name(found.extension), data)
    try:
        with transaction.atomic():
            case = case_lock(case)
            document = Document.objects.create(
                case=case,
                kind=kind,
                title=title,
                received_on=received_on,
                filename=safe_filename(filename, found.extension),
                content_type=found.mime,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_name=name,
                uploaded_by=user,
            )
            audit_log(
                user=user,
                action="documents.document.create",
                person_id=case.person_id,
                case_id=case.pk,
                document=document.pk,
                size=document.size,
                content_type=document.content_type,
            )
    except BaseException:
        # Nothing of a failed upload stays: the row rolled back, the file goes too.
        storage.delete(name)
        raise
    return document
