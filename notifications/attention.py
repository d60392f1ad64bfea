"""
The "Needs your attention" page's reads: to-do items and the notification inbox, gathered by discovery.

This app knows no app above it. Each app that creates work for people has `<app>/todo.py` with
`items_for(user) -> list[TodoItem]`, derived from the state of its own data (a plan awaiting
sign-off is on its chief officer's list however it got there), so an item disappears only when the
work is done. Events ("your plan was approved") are notifications: read and dismissed. The app that
stores them provides `<app>/inbox.py` with `unread_for(user)`, `unread_count(user)`,
`get_for_user(user, pk)` (None when not theirs), `mark_read(notification)` and `mark_all_read(user)`.
"""

from dataclasses import dataclass
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

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


def inbox() -> ModuleType | None:
    """
    The module that stores notifications (`<app>/inbox.py`), or None when no app does.

    One app stores them, so a notification's id names it alone in /attention/<id>/.
    """
    found = [module for _config, module in app_modules("inbox", "unread_for")]
    if len(found) > 1:
        raise ImproperlyConfigured("More than one app provides inbox.py: notification ids would clash")
    return found[0] if found else None


def unread_count(user) -> int:
    box = inbox()
    if box is None or not getattr(user, "is_authenticated", False):
        return 0
    return box.unread_count(user)
