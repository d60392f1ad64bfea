"""Reads of a user's in-app notifications, for the "Needs your attention" page and its header count."""

from django.db.models import QuerySet

from .models import Notification


def notification_list_unread(*, user) -> QuerySet[Notification]:
    """The user's unread notifications, newest first."""
    return Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at", "-pk")


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_get_for_user(*, user, pk: int) -> Notification | None:
    """One of the user's own notifications, or None (someone else's, or gone)."""
    return Notification.objects.filter(pk=pk, user=user).first()
