"""
An email backend that writes to the outbox instead of sending.

For code that may not import notifications (accounts, by ARCHITECTURE.md): it sends through
Django's mail API with `get_connection(settings.OUTBOX_EMAIL_BACKEND)`, and the email is written
to the outbox in the current transaction and delivered after commit like every other.
"""

import uuid

from django.core.mail.backends.base import BaseEmailBackend

from .services import email_enqueue


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            # Django's messages have no idempotency key of their own: each call is a new email.
            key = message.extra_headers.get("X-Outbox-Key") or f"mail:{uuid.uuid4()}"
            for index, to in enumerate(message.recipients()):
                if email_enqueue(key=f"{key}:{index}", to=to, subject=message.subject, body=message.body):
                    count += 1
        return count
