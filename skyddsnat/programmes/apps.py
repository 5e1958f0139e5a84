from importlib import import_module

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "skyddsnat.programmes"
    label = "programmes"

    def ready(self) -> None:
        # The flow registers with the spine (which never imports it) once the models are ready.
        import_module("skyddsnat.programmes.registrations")
