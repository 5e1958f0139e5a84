from importlib import import_module

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "skyddsnat.documents"
    label = "documents"

    def ready(self) -> None:
        # The "Dokument" card on the case page, through the spine's registry.
        import_module("skyddsnat.documents.registrations")
