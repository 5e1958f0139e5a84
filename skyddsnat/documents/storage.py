"""Where documents' files lie: a local directory outside the web root
(`SKYDDSNAT_DOCUMENTS_DIR`; nothing serves it, only `documents.views.download` reads it after
the access check). Files are named by a random id, never by what the sender called them."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


def store() -> FileSystemStorage:
    # Read from the setting on each call, so a test (or an operator) may point it elsewhere.
    location = Path(settings.SKYDDSNAT_DOCUMENTS_DIR)
    return FileSystemStorage(
        location=location,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def new_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def save(name: str, data: bytes) -> str:
    return store().save(name, ContentFile(data))


def delete(name: str) -> None:
    store().delete(name)


def open_file(name: str):  # type: ignore[no-untyped-def]
    return store().open(name, "rb")
