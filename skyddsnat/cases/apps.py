from importlib import import_module

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "skyddsnat.cases"
    label = "cases"

    def ready(self) -> None:
        # The spine registers its own draftable form like any flow (imported once the models
        # are ready).
        import_module("skyddsnat.cases.registrations")
