from django.apps import AppConfig


class WelfareCrimeConfig(AppConfig):
    name = "skyddsnat.welfarecrime"
    label = "welfarecrime"
