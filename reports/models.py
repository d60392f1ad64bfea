"""
Report jobs: one row per document someone asked for (a plan PDF, the toolkit PDF, the ZIP of every
approved plan, the national compliance report), with the status people see, the file in private
storage and the fingerprint of the data it was made from. Rendering and the job's life are in reports.services.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models

from accounts.models import Force


def reports_storage():
    """The private storage for report files (STORAGES["reports"]): a folder, or S3 when configured."""
    return storages["reports"]


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        PLAN_PDF = "plan_pdf", "Force action plan (PDF)"
        TOOLKIT_PDF = "toolkit_pdf", "The toolkit (PDF)"
        APPROVED_PLANS_ZIP = "approved_plans_zip", "Every approved plan (ZIP)"
        NATIONAL_COMPLIANCE_PDF = "national_compliance_pdf", "National compliance report (PDF)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # The public handle in URLs: job numbers are not guessable, and say nothing about volume.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True, help_text="Validated by reports.params for the kind.")
    title = models.CharField(max_length=300, help_text="What the job makes, as people read it.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="report_jobs",
        help_text="Empty for the public toolkit PDF asked for by someone not signed in.",
    )
    force = models.ForeignKey(
        Force, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The requester's force when asked: the scope of what the job may include.",
    )
    # A ZIP job's per-plan PDFs are jobs of their own, so two workers make them side by side.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="parts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    error_message = models.CharField(max_length=300, blank=True, help_text="Shown to the requester.")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the broker last took the job's message; empty while it could not."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=reports_storage, max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True, help_text="The name the download is given.")
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the source data; an unchanged source reuses the file."
    )
    celery_task_id = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "fingerprint", "status"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["requested_by", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(name="report_job_progress_0_100", condition=models.Q(progress__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}

    @property
    def is_public(self) -> bool:
        """The toolkit is public guidance, so its PDF is readable by anyone who has the link."""
        return self.kind == self.Kind.TOOLKIT_PDF
