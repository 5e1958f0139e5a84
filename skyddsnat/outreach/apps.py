from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "skyddsnat.outreach"
    label = "outreach"
