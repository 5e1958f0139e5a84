from importlib import import_module

from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "skyddsnat.letters"
    label = "letters"

    def ready(self) -> None:
        # The "Brev" card on the case page (the spine asks its registry; it never imports us).
        import_module("skyddsnat.letters.registrations")
