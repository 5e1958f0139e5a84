from importlib import import_module

from django.apps import AppConfig


class EservicesConfig(AppConfig):
    name = "skyddsnat.eservices"
    label = "eservices"

    def ready(self) -> None:
        # What the e-services add to the spine's case page (cases.registry), as the flows do.
        import_module("skyddsnat.eservices.registrations")
