from importlib import import_module

from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "skyddsnat.investigations"
    label = "investigations"

    def ready(self) -> None:
        # The flow registers its case-page part, its timeline, the sections' drafts and the
        # decision check of kommunicering with the spine (which never imports a flow).
        import_module("skyddsnat.investigations.registrations")
