"""The check of an attachment sent with a public form (issue 11 point 4), in one small function:
the type is read from the content (filetype 1.2.0, the file's magic numbers), never from its name
or the type the browser claims; only PDF, JPEG and PNG; at most
`SKYDDSNAT_ESERVICE_ATTACHMENT_BYTES`. A refused file stores nothing and says why in Swedish."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# The types a report may carry, with the file name ending staff download it under.
ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def checked_content(upload: UploadedFile) -> tuple[bytes, str]:
    """(content, type) of an acceptable attachment; ValidationError on "attachment" otherwise."""
    limit = settings.SKYDDSNAT_ESERVICE_ATTACHMENT_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {
                "attachment": _("The file is too large: at most %(mb)d MB.")
                % {"mb": limit // (1024 * 1024)}
            }
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            {
                "attachment": _("The file is too large: at most %(mb)d MB.")
                % {"mb": limit // (1024 * 1024)}
            }
        )
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            {"attachment": _("The file must be a PDF, JPEG or PNG (checked by its content).")}
        )
    return content, kind.mime
