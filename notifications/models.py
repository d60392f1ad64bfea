"""In-app notifications, the email outbox and the workers' heartbeat."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutboxEmail(models.Model):
    """
    One email to one address, written in the same transaction as the step that caused it.

    A row is delivered by the `notifications.email_deliver` task; `key` makes enqueuing the same
    email twice (a repeated step, a retried request) write one row, so at most one email is sent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=250, unique=True)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # When a worker claimed the row to send it; a claim older than the task's hard time limit is a
    # worker that died mid-send, and the flush hands the row out again.
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task: the readiness check's proof of life."""

    hostname = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class Notification(models.Model):
    """
    An event in a user's "needs your attention" list, read and dismissed (to-dos are not stored:
    each app derives them from its own data). `key` makes events and reminders idempotent; `url`
    is where the notification leads, a page of this site.
    """

    class Kind(models.TextChoices):
        SIGNOFF_REQUESTED = "signoff_requested", "Sign-off requested"
        SUBMITTED = "submitted", "Plan submitted"
        RETURNED = "returned", "Plan returned"
        APPROVED = "approved", "Plan approved"
        DUE_REMINDER = "due_reminder", "Plan due soon"
        OVERDUE = "overdue", "Plan overdue"
        UPDATE_DUE = "update_due", "Progress update due"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message
