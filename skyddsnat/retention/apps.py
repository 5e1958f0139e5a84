from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "skyddsnat.retention"
    label = "retention"
