from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "skyddsnat.children"
    label = "children"
