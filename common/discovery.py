"""Find per-app modules by name, in INSTALLED_APPS order, without importing any app by name."""

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(submodule: str, function: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """Yield (app config, module) for each installed app with `<app>.<submodule>.<function>`."""
    for config in apps.get_app_configs():
        name = f"{config.name}.{submodule}"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, function, None)):
            yield config, module
