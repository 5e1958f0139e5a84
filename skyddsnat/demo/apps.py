from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "skyddsnat.demo"
    label = "demo"
