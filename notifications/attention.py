"""
The "Needs your attention" page's to-do items, gathered from every app by discovery.

This app knows no app above it. Each app that creates work for people has `<app>/todo.py` with
`items_for(user) -> list[TodoItem]`, derived from the state of its own data (a plan awaiting
sign-off is on its chief officer's list however it got there), so an item disappears only when the
work is done. Events ("your plan was approved") are notifications (notifications.models), read
and dismissed.
"""

from dataclasses import dataclass

from common.discovery import app_modules


@dataclass(frozen=True)
class TodoItem:
    """One piece of work waiting for a user: what to do, how many, and where to do it."""

    text: str
    url: str
    count: int = 1
    hint: str = ""


def todo_items(user) -> list[TodoItem]:
    """Every app's to-do items for the user, in INSTALLED_APPS order (none when signed out)."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[TodoItem] = []
    for _config, module in app_modules("todo", "items_for"):
        items.extend(module.items_for(user))
    return items
