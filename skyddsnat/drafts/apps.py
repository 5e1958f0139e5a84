from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "skyddsnat.drafts"
    label = "drafts"
