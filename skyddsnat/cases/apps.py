from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "skyddsnat.cases"
    label = "cases"
