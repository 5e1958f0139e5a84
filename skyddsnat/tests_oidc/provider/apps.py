from django.apps import AppConfig


class ProviderConfig(AppConfig):
    name = "skyddsnat.tests_oidc.provider"
    label = "provider"
    default_auto_field = "django.db.models.BigAutoField"
