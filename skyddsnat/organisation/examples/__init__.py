"""Example data a municipality may load into an empty database (`manage.py load_example <name>`).

An example is a module `<app>/examples/<name>.py` in any installed app, with a function
`load(*, log)` that creates what is missing and leaves what exists alone, and returns the number of
rows it created. The command runs the apps' modules in INSTALLED_APPS order (the organisation
before follow-up), so a lower app never imports a higher one. National law (deadline rules, the
intervention catalogues, the delegation order's defaults) stays in the migrations: every
municipality needs it. What is one municipality's own (its districts, units and budget) lives here.
"""

import importlib
import importlib.util
from collections.abc import Callable
from types import ModuleType

from django.apps import apps

Log = Callable[[str], None]


def example_modules(name: str) -> list[ModuleType]:
    """The installed apps' modules of the example `name`, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.examples.{name}"
        try:
            found = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:  # the app has no examples package
            found = None
        if found is not None:
            modules.append(importlib.import_module(module_name))
    return modules


def example_names() -> list[str]:
    """Every example any installed app offers."""
    import pkgutil

    names: set[str] = set()
    for config in apps.get_app_configs():
        try:
            package = importlib.import_module(f"{config.name}.examples")
        except ModuleNotFoundError:
            continue
        names.update(info.name for info in pkgutil.iter_modules(package.__path__))
    return sorted(names)


def tally(created: int, total: int, noun: str) -> str:
    """What a load did with `total` rows of a kind, in Swedish: "15 stadsdelar lades in",
    "15 stadsdelar fanns redan" or "15 stadsdelar (3 nya)"."""
    if created == total:
        return f"{total} {noun} lades in"
    if created == 0:
        return f"{total} {noun} fanns redan"
    return f"{total} {noun} ({created} nya)"
