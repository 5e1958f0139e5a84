from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "skyddsnat.followup"
    label = "followup"
