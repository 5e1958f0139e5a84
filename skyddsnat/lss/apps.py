from django.apps import AppConfig


class LssConfig(AppConfig):
    name = "skyddsnat.lss"
    label = "lss"
