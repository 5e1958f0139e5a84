from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "skyddsnat.jobs"
    label = "jobs"
