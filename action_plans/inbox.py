"""
The notification inbox the "Needs your attention" page reads (notifications.attention.inbox).

The Notification model still lives here because each row points at its plan (and goes with it);
the page, its views and templates belong to `notifications`, which finds this module by name.
"""

from .models import Notification
from .notifications import (
    notification_list_unread,
    notification_mark_read,
    notification_unread_count,
    notifications_mark_all_read,
)


def unread_for(user):
    """The user's unread notifications, newest first."""
    return notification_list_unread(user=user)


def unread_count(user) -> int:
    return notification_unread_count(user=user)


def get_for_user(user, pk: int) -> Notification | None:
    """One of the user's own notifications, or None (someone else's, or gone)."""
    return Notification.objects.filter(pk=pk, user=user).first()


def mark_read(notification: Notification) -> Notification:
    return notification_mark_read(notification=notification)


def mark_all_read(user) -> int:
    return notifications_mark_all_read(user=user)
