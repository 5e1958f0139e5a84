from django.apps import AppConfig


class EservicesConfig(AppConfig):
    name = "skyddsnat.eservices"
    label = "eservices"
