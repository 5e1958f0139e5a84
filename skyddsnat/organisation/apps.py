from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "skyddsnat.organisation"
    label = "organisation"
    verbose_name = "Organisation"
