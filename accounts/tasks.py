"""Celery tasks for accounts: thin doors that call one service."""

from celery import shared_task

from . import services


@shared_task(name="accounts.idempotency_keys_expire", ignore_result=True, time_limit=300, soft_time_limit=270)
def idempotency_keys_expire() -> int:
    return services.idempotency_keys_expire()
