"""Celery tasks for action plans: thin doors onto the services in action_plans.notifications."""

from celery import shared_task
from django.utils import timezone

from .notifications import reminders_send as reminders_send_service


@shared_task(name="action_plans.reminders_send")
def reminders_send() -> int:
    """Send today's plan reminders (run daily by beat); returns how many notifications were created."""
    return reminders_send_service(today=timezone.localdate())
