"""
The national framework for delivery: pillars, outcomes and the actions expected of forces and of
the national team. A published framework is fixed; changing it means loading a new version
(enforced in frameworks.services).
"""

from django.db import models
from simple_history.models import HistoricalRecords


class Framework(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    slug = models.SlugField(max_length=80, help_text="Identifies the framework across versions.")
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    plan_due_on = models.DateField(
        null=True, blank=True, help_text="When forces' local action plans are due."
    )
    summary = models.TextField(blank=True)
    provenance = models.TextField(
        blank=True,
        help_text="Where the content comes from, e.g. reconstructed from public sources.",
    )
    is_reconstruction = models.BooleanField(
        default=False, help_text="Shown on every page: the text is not the official wording."
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        help_text="The framework this one replaces, whose pillars and actions it maps from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "slug", "version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version_unique"),
            models.CheckConstraint(
                name="framework_published_has_date",
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def status_colour(self) -> str:
        return {"draft": "grey", "published": "green", "retired": "orange"}[self.status]


class Pillar(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    is_overarching = models.BooleanField(
        default=False, help_text="A commitment that runs across the other pillars."
    )
    position = models.PositiveSmallIntegerField(default=0)
    maps_from = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="maps_to",
        help_text="Pillars of the previous framework whose work moves here.",
    )

    class Meta:
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="pillar_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Outcome(models.Model):
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["pillar", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pillar", "code"], name="outcome_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class FrameworkAction(models.Model):
    class Audience(models.TextChoices):
        FORCES = "forces", "Forces"
        NATIONAL = "national", "National team"

    class Requirement(models.TextChoices):
        REQUIRED = "required", "Required"
        RECOMMENDED = "recommended", "Recommended"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="actions")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(max_length=20)
    text = models.TextField()
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.FORCES)
    requirement = models.CharField(
        max_length=20, choices=Requirement.choices, default=Requirement.REQUIRED
    )
    guidance = models.TextField(blank=True)
    source_note = models.TextField(blank=True, help_text="Where this action is reported.")
    position = models.PositiveSmallIntegerField(default=0)
    maps_from = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="maps_to",
        help_text="Actions of the previous framework that this action continues.",
    )

    class Meta:
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="framework_action_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def is_for_forces(self) -> bool:
        return self.audience == self.Audience.FORCES

    @property
    def audience_colour(self) -> str:
        return {"forces": "blue", "national": "purple"}[self.audience]

    @property
    def requirement_colour(self) -> str:
        return {"required": "turquoise", "recommended": "grey"}[self.requirement]
