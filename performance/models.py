"""
The performance framework: measures (versioned in measure sets), reporting periods, each force's
return for a period and its values, lock exceptions and most-similar peer groups.

Single-row invariants live here (constraints, small properties). Rules that span rows (locking,
validation, outlier flags, the workflow) live in performance.services and performance.validation.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.models import Force


class MeasureSet(models.Model):
    """
    A version of the measures that forces return. Once any return holds a value for one of its
    measures, the set is fixed: corrections are loaded as a new version (performance.services).
    """

    slug = models.SlugField(max_length=80)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    framework = models.ForeignKey(
        "frameworks.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measure_sets",
        help_text="The national framework whose pillars and outcomes the measures report on.",
    )
    provenance = models.TextField(blank=True)
    is_reconstruction = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="measure_set_slug_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Measure(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENTAGE = "percentage", "Percentage"
        RATE = "rate_per_1000", "Rate per 1,000 population"
        DAYS = "days", "Days"
        RATIO = "ratio", "Ratio"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither higher nor lower is better"

    class Frequency(models.TextChoices):
        HALF_YEARLY = "half_yearly", "Half-yearly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    measure_set = models.ForeignKey(MeasureSet, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    definition = models.TextField()
    pillar_code = models.CharField(max_length=20, help_text="The framework pillar, e.g. P1.")
    pillar_title = models.CharField(max_length=200)
    outcome = models.ForeignKey(
        "frameworks.Outcome", null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.NEITHER)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.HALF_YEARLY)
    data_source = models.CharField(max_length=200, blank=True)
    numerator_definition = models.TextField(blank=True)
    denominator_definition = models.TextField(blank=True)
    # A percentage or rate names the count measures it is built from, so that entry can check the
    # numerator is not above the denominator and the funnel plot knows each force's denominator.
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="as_numerator_of"
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="as_denominator_of"
    )
    breakdown_label = models.CharField(max_length=80, blank=True, help_text="e.g. Victim ethnicity")
    breakdown_categories = models.JSONField(default=list, blank=True, help_text="Codes, e.g. black, asian.")
    baseline = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    is_reconstruction = models.BooleanField(default=True)
    source_note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["measure_set", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["measure_set", "code"], name="measure_code_unique"),
            models.CheckConstraint(
                name="measure_numerator_with_denominator",
                condition=models.Q(numerator__isnull=True, denominator__isnull=True)
                | models.Q(numerator__isnull=False, denominator__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def has_breakdown(self) -> bool:
        return bool(self.breakdown_categories)

    @property
    def is_rate_or_percentage(self) -> bool:
        return self.unit in (self.Unit.PERCENTAGE, self.Unit.RATE)

    @property
    def is_whole_number(self) -> bool:
        return self.unit == self.Unit.COUNT

    @property
    def input_suffix(self) -> str:
        """Shown after the entry box."""
        return {"percentage": "%", "rate_per_1000": "per 1,000", "days": "days"}.get(self.unit, "")

    @property
    def unit_suffix(self) -> str:
        return {"percentage": "%", "rate_per_1000": " per 1,000", "days": " days"}.get(self.unit, "")


class ReportingPeriod(models.Model):
    """
    A period forces report on, such as `2022-23 H1`. Entry opens on `opens_on`; the return is due
    on `due_on` and locks `lock_after_days` days later, unless the force holds a lock exception.
    """

    label = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    measure_set = models.ForeignKey(MeasureSet, on_delete=models.PROTECT, related_name="periods")
    starts_on = models.DateField()
    ends_on = models.DateField()
    opens_on = models.DateField()
    due_on = models.DateField()
    lock_after_days = models.PositiveSmallIntegerField(default=28)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                name="period_ends_after_start", condition=models.Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(name="period_due_after_open", condition=models.Q(due_on__gte=models.F("opens_on"))),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def locks_on(self) -> datetime.date:
        """The first day on which the period is locked (no exception)."""
        return self.due_on + datetime.timedelta(days=self.lock_after_days + 1)


class LockException(models.Model):
    """The national team lets one force keep changing a locked period until `ends_on` (inclusive)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="lock_exceptions")
    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="lock_exceptions")
    reason = models.TextField()
    ends_on = models.DateField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "force"]
        constraints = [models.UniqueConstraint(fields=["period", "force"], name="lock_exception_unique")]

    def __str__(self) -> str:
        return f"{self.force} {self.period} until {self.ends_on}"


class Return(models.Model):
    """One force's return for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned to force"
        APPROVED = "approved", "Approved"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="returns")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "force"]
        constraints = [models.UniqueConstraint(fields=["force", "period"], name="return_force_period_unique")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.force} {self.period}"

    @property
    def status_colour(self) -> str:
        return {"draft": "grey", "submitted": "blue", "returned": "orange", "approved": "green"}[self.status]


class ReturnValue(models.Model):
    """
    One figure of a return: a measure's total (breakdown "") or one breakdown category. A blank
    value needs a note giving the reason; a flagged value needs a note explaining it (to submit).
    """

    class Flag(models.TextChoices):
        NONE = "", "None"
        OUTLIER = "outlier", "Unusual against the force's history"
        CHANGE = "change", "Large change on the last period"

    return_obj = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="values", db_column="return_id")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="values")
    breakdown = models.CharField(max_length=40, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    note = models.TextField(blank=True)
    flag = models.CharField(max_length=10, choices=Flag.choices, blank=True, default=Flag.NONE)
    flag_detail = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["return_obj", "measure", "breakdown"]
        constraints = [
            models.UniqueConstraint(fields=["return_obj", "measure", "breakdown"], name="return_value_unique"),
            models.CheckConstraint(name="return_value_not_negative", condition=models.Q(value__gte=0)),
        ]
        indexes = [models.Index(fields=["measure", "breakdown"])]

    def __str__(self) -> str:
        return f"{self.return_obj} {self.measure.code} {self.breakdown or 'total'}: {self.value}"

    @property
    def value_display(self) -> str:
        return display_value(self.value)


class PeerLink(models.Model):
    """
    One peer in a force's most-similar group. Groups are not symmetric and hold up to seven peers;
    a force with none loaded is compared with its region (performance.selectors.peer_forces).
    """

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="peer_links")
    peer = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["force", "peer"]
        constraints = [
            models.UniqueConstraint(fields=["force", "peer"], name="peer_link_unique"),
            models.CheckConstraint(name="peer_link_not_self", condition=~models.Q(force=models.F("peer"))),
        ]

    def __str__(self) -> str:
        return f"{self.force} → {self.peer}"


class ImportJob(models.Model):
    """
    A large CSV import run by a Celery worker, so the upload page answers at once and shows progress.

    The file is kept on the row (at most a few megabytes) until the job has run. The import itself
    is all or nothing, as on the page: `summary` says what was written, `errors` lists every row's
    problems (the first 500) when nothing was.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Checking and importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    rows = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    summary = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    task_id = models.CharField(max_length=60, blank=True, help_text="For operations only.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


def format_value(value: Decimal | None) -> str:
    """A figure as people (and the CSV file) write it: no trailing zeros, no exponent; blank for none."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def display_value(value: Decimal | None) -> str:
    """A figure for pages: as format_value, with thousands separators (1,234.5); blank for none."""
    text = format_value(value)
    if not text:
        return text
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    return f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else "")
