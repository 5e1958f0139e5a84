from importlib import import_module

from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "skyddsnat.children"
    label = "children"

    def ready(self) -> None:
        # The flow registers what it adds with the spine and with drafts (neither imports the
        # flow); imported here, once the models are ready, as Django's admin autodiscovers.
        import_module("skyddsnat.children.registrations")
