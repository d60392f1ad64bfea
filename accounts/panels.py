"""
The home page's panels, gathered by discovery: accounts imports no app above it.

Each app that has something to show a signed-in user on the page after sign-in provides
`<app>/home.py` with `panels_for(user) -> list[HomePanel]`; the home page renders the panels in
INSTALLED_APPS order (the order data flows), each with its own template.
"""

from dataclasses import dataclass, field

from common.discovery import app_modules


@dataclass(frozen=True)
class HomePanel:
    """One section of the home page: the template that renders it and that template's context."""

    template: str
    context: dict = field(default_factory=dict)


def home_panels(user) -> list[HomePanel]:
    """Every app's panels for the signed-in user, in INSTALLED_APPS order."""
    if not getattr(user, "is_authenticated", False):
        return []
    panels: list[HomePanel] = []
    for _config, module in app_modules("home", "panels_for"):
        panels.extend(module.panels_for(user))
    return panels
