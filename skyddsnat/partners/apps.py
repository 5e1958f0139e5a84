from importlib import import_module

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "skyddsnat.partners"
    label = "partners"

    def ready(self) -> None:
        # The person page shows the person's consents (the spine never imports this app).
        import_module("skyddsnat.partners.registrations")
