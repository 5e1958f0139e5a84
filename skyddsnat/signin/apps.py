from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "skyddsnat.signin"
    label = "signin"
    verbose_name = "Inloggning"
