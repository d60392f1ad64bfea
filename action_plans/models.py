"""
Force action plans against a national framework: rounds, plans and their revisions, local actions,
coverage exemptions, progress updates, the workflow's transitions and review comments (in-app
notifications belong to `notifications`). Workflow rules live in action_plans.services; models
keep single-row invariants.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.models import Force
from frameworks.models import Framework, FrameworkAction, Outcome, Pillar
from toolkit.models import Tactic


class PlanningRound(models.Model):
    """A national call for plans against one published framework, with a due date and forces in scope."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    forces = models.ManyToManyField(Force, related_name="planning_rounds")
    previous_round = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_rounds"
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "title"]

    def __str__(self) -> str:
        return self.title


class ActionPlan(models.Model):
    """One revision of one force's plan in one round. Revision 1 is the first plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGNOFF = "awaiting_signoff", "Awaiting sign-off"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="action_plans")
    round = models.ForeignKey(PlanningRound, on_delete=models.PROTECT, related_name="plans")
    revision = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        help_text="The approved revision this revision will replace when it is approved.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    lead_chief_officer = models.CharField(max_length=150, blank=True)
    foreword = models.TextField(blank=True)

    # Sign-off record, written by the force's chief officer.
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_name = models.CharField(max_length=150, blank=True)
    signed_off_rank = models.CharField(max_length=100, blank=True)
    signed_off_on = models.DateField(null=True, blank=True)
    signoff_statement = models.TextField(blank=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["force__name", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["force", "round", "revision"], name="plan_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.force} – {self.round} (revision {self.revision})"

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}

    @property
    def framework_id(self) -> int:
        return self.round.framework_id


class LocalAction(models.Model):
    """A force's own action, addressing one or more framework actions."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        ON_HOLD = "on_hold", "On hold"

    class Rag(models.TextChoices):
        NONE = "", "Not rated"
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=20, help_text="For example P2-04.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    framework_actions = models.ManyToManyField(FrameworkAction, blank=True, related_name="local_actions")
    tools = models.ManyToManyField(
        Tactic, blank=True, related_name="local_actions",
        help_text="Protective tools from the toolkit that the action uses (orders, notices, schemes).",
    )
    owner_team = models.CharField(max_length=150, blank=True)
    lead_officer = models.CharField(max_length=150, blank=True)
    partners = models.TextField(blank=True)
    start_on = models.DateField(null=True, blank=True)
    target_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices, blank=True, default="")
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    success_measure = models.TextField(blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    needs_review = models.BooleanField(
        default=False, help_text="Copied from a previous plan and not mapped to the new framework."
    )
    review_note = models.TextField(blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # Optimistic concurrency: a save is refused if the row changed since the editor loaded it.
    lock_version = models.PositiveIntegerField(default=1)
    last_progress_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="local_action_reference_unique"),
            models.CheckConstraint(name="local_action_progress_0_100", condition=models.Q(progress__lte=100)),
            models.CheckConstraint(
                name="local_action_dates_in_order",
                condition=models.Q(start_on__isnull=True)
                | models.Q(target_on__isnull=True)
                | models.Q(target_on__gte=models.F("start_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class CoverageExemption(models.Model):
    """A framework action the force marks as not applicable, with its reason."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="exemptions")
    framework_action = models.ForeignKey(FrameworkAction, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "framework_action"], name="exemption_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework_action.code} not applicable"


class ProgressUpdate(models.Model):
    action = models.ForeignKey(LocalAction, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField()
    rag = models.CharField(max_length=10, choices=LocalAction.Rag.choices, blank=True, default="")
    progress = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-created_at"]

    def __str__(self) -> str:
        return f"Update on {self.on:%d %b %Y}"


class PlanTransition(models.Model):
    """One step of a plan's workflow: who moved it, when, from and to which status, and why."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ActionPlan.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ActionPlan.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    # On a return: the plan's framework action links and tools (per action) and its not-applicable
    # marks at that moment, as selectors.plan_links gives them. They are many-to-many rows with no
    # history of their own, so the changes since the return are compared with this. Null on other
    # steps and on returns recorded before it was kept.
    links_as_returned = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class ReviewComment(models.Model):
    """A reviewer's comment on a plan (action is null) or on one action; the force must answer it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="review_comments")
    action = models.ForeignKey(
        LocalAction, null=True, blank=True, on_delete=models.CASCADE, related_name="review_comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_answered(self) -> bool:
        return bool(self.response)

