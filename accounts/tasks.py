"""Celery tasks for accounts: sending email."""

from celery import shared_task
from django.core.mail import send_mail


@shared_task(
    name="accounts.email_send",
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def email_send(*, subject: str, body: str, to: list[str]) -> None:
    """Send one plain-text email. Retries on connection errors (SMTP down) with backoff."""
    send_mail(subject=subject, message=body, from_email=None, recipient_list=to)


