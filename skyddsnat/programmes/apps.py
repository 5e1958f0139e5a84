from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "skyddsnat.programmes"
    label = "programmes"
