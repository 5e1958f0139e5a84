from importlib import import_module

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "skyddsnat.care"
    label = "care"

    def ready(self) -> None:
        # The flow registers its part of the case page with the spine (which never imports it).
        import_module("skyddsnat.care.registrations")
