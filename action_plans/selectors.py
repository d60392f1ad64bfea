"""
Every read of action plans a page, report or the API needs, with its joins, so each page runs a
fixed number of queries whatever the number of actions.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.cycles import Cycle, cycle_for
from frameworks.models import FrameworkAction, Outcome, Pillar
from toolkit.models import Tactic

from .models import (
    ActionPlan,
    CoverageExemption,
    LocalAction,
    PlanningRound,
    PlanTransition,
    ProgressUpdate,
    ReviewComment,
)
from .rules import plan_visibility

# The sort keys the plan's action list offers: key → (label, order_by).
# Actions with no target date sort last on every database.
ACTION_SORTS: dict[str, tuple[str, tuple]] = {
    "reference": ("Reference", ("reference",)),
    "target": ("Target date", (F("target_on").asc(nulls_last=True), "reference")),
    "rag": ("RAG status", ("rag", "reference")),
    "progress": ("Progress", ("progress", "reference")),
    "updated": ("Last updated", ("-updated_at", "reference")),
}


def _visible_plans(user: User) -> QuerySet[ActionPlan]:
    """The plans the user may see: the one definition in action_plans.rules.plan_visibility."""
    return ActionPlan.objects.filter(plan_visibility(user).q())


def plan_list_for_user(*, user: User) -> QuerySet[ActionPlan]:
    """Plans the user may read, newest round first, own force first, with action counts."""
    return (
        _visible_plans(user)
        .select_related("force", "round__framework")
        .annotate(action_count=Count("actions"))
        .order_by("-round__due_on", "round_id", "force__name", "-revision")
    )


def round_list() -> QuerySet[PlanningRound]:
    """Every planning round, newest first, with its framework."""
    return PlanningRound.objects.select_related("framework").annotate(plan_count=Count("plans"))


def plan_get_for_user(*, user: User, pk: int) -> ActionPlan:
    """
    One plan the user may read, with its force, round and framework.

    Raises ActionPlan.DoesNotExist when there is none or the user may not know it exists.
    """
    return _visible_plans(user).select_related("force", "round__framework", "supersedes").get(pk=pk)


def plan_revisions(*, user: User, plan: ActionPlan) -> QuerySet[ActionPlan]:
    """The revisions of the force's plan in the same round that the user may see, newest first."""
    return _visible_plans(user).filter(force_id=plan.force_id, round_id=plan.round_id).order_by("-revision")


@dataclass
class CoverageRow:
    framework_action: FrameworkAction
    covered_by: list[LocalAction] = field(default_factory=list)
    exemption: CoverageExemption | None = None

    @property
    def is_gap(self) -> bool:
        return not self.covered_by and self.exemption is None


@dataclass
class OutcomeCoverage:
    outcome: Outcome
    rows: list[CoverageRow]

    @property
    def gaps(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.is_gap]


@dataclass
class PillarCoverage:
    pillar: Pillar
    outcomes: list[OutcomeCoverage]
    actions: list[LocalAction]

    @property
    def rows(self) -> list[CoverageRow]:
        return [r for o in self.outcomes for r in o.rows]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def addressed(self) -> int:
        return sum(1 for r in self.rows if not r.is_gap)

    @property
    def gaps(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.is_gap]

    @property
    def is_complete(self) -> bool:
        return not self.gaps

    @property
    def hint(self) -> str:
        count = len(self.actions)
        return (f"{count} action{'' if count == 1 else 's'} · "
                f"{self.addressed} of {self.expected} framework actions addressed")

    @property
    def gap_label(self) -> str:
        return f"{len(self.gaps)} not covered"


@dataclass
class Coverage:
    pillars: list[PillarCoverage]

    @property
    def gaps(self) -> list[CoverageRow]:
        return [r for p in self.pillars for r in p.gaps]

    @property
    def expected(self) -> int:
        return sum(p.expected for p in self.pillars)

    @property
    def addressed(self) -> int:
        return sum(p.addressed for p in self.pillars)

    @property
    def action_count(self) -> int:
        return sum(len(p.actions) for p in self.pillars)

    @property
    def summary(self) -> str:
        return f"{self.addressed} of {self.expected}"


def plan_coverage(*, plan: ActionPlan) -> Coverage:
    """
    How the plan covers the framework actions expected of forces, by pillar and outcome.

    Each framework action is covered by local actions, marked not applicable, or a gap. Five
    queries whatever the size of the plan.
    """
    framework_id = plan.round.framework_id
    expected = FrameworkAction.objects.filter(audience=FrameworkAction.Audience.FORCES).order_by("position", "code")
    pillars = list(
        Pillar.objects.filter(framework_id=framework_id)
        .order_by("position", "code")
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.order_by("position", "code").prefetch_related(
                    Prefetch("actions", queryset=expected)
                ),
            )
        )
    )
    actions = list(plan.actions.order_by("reference").prefetch_related(
        Prefetch("framework_actions", queryset=FrameworkAction.objects.only("pk", "code"))
    ))
    exemptions = {e.framework_action_id: e for e in plan.exemptions.all()}
    covering: dict[int, list[LocalAction]] = {}
    for action in actions:
        for fa in action.framework_actions.all():
            covering.setdefault(fa.pk, []).append(action)
    result = []
    for pillar in pillars:
        outcomes = [
            OutcomeCoverage(
                outcome=outcome,
                rows=[
                    CoverageRow(
                        framework_action=fa, covered_by=covering.get(fa.pk, []), exemption=exemptions.get(fa.pk)
                    )
                    for fa in outcome.actions.all()
                ],
            )
            for outcome in pillar.outcomes.all()
        ]
        result.append(
            PillarCoverage(pillar=pillar, outcomes=outcomes, actions=[a for a in actions if a.pillar_id == pillar.pk])
        )
    return Coverage(pillars=result)


@dataclass(frozen=True)
class ActionFilters:
    """The plan page's filters, as parsed from the query string (unknown values are ignored)."""

    pillar: int | None = None
    outcome: int | None = None
    rag: str | None = None
    owner: str | None = None
    overdue: bool = False
    sort: str = "reference"


def overdue_q(today: datetime.date) -> Q:
    """Overdue, the one definition: the target date has passed and the action is not complete."""
    return Q(target_on__lt=today) & ~Q(status=LocalAction.Status.COMPLETE)


def in_outcome_q(outcome_id: int) -> Q:
    """
    An action belongs to a framework outcome, the one definition (the plan's outcome filter and the
    compliance heatmap): it names the outcome, or it addresses a framework action of the outcome.
    """
    through = LocalAction.framework_actions.through
    # The outcome's framework actions as an uncorrelated subquery: the database reads them once,
    # not once per action.
    in_outcome = FrameworkAction.objects.filter(outcome_id=outcome_id).values("pk")
    return Q(outcome_id=outcome_id) | Q(Exists(
        through.objects.filter(localaction_id=OuterRef("pk"), frameworkaction_id__in=in_outcome)
    ))


def plan_actions(*, plan: ActionPlan, filters: ActionFilters | None = None,
                 today: datetime.date | None = None) -> QuerySet[LocalAction]:
    """
    The plan's actions, filtered and sorted, with pillar, outcome and framework actions preloaded.

    Overdue means the target date has passed and the action is not complete. Three queries.
    """
    filters = filters or ActionFilters()
    today = today or timezone.localdate()
    actions = plan.actions.select_related("pillar", "outcome").prefetch_related(
        Prefetch("framework_actions", queryset=FrameworkAction.objects.only("pk", "code").order_by("code"))
    ).annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
    if filters.pillar is not None:
        actions = actions.filter(pillar_id=filters.pillar)
    if filters.outcome is not None:
        actions = actions.filter(in_outcome_q(filters.outcome))
    if filters.rag is not None:
        actions = actions.filter(rag=filters.rag)
    if filters.owner:
        actions = actions.filter(owner_team=filters.owner)
    if filters.overdue:
        actions = actions.filter(overdue_q(today))
    order = ACTION_SORTS.get(filters.sort, ACTION_SORTS["reference"])[1]
    return actions.order_by(*order)


# A plan's status as people read it, and what comes next -----------------------------------------

# Statuses in which the force still owes the national team a submitted plan.
OWED_STATUSES = frozenset({ActionPlan.Status.DRAFT, ActionPlan.Status.AWAITING_SIGNOFF, ActionPlan.Status.RETURNED})

_STATUS_COLOURS = {
    ActionPlan.Status.DRAFT: "light-blue",
    ActionPlan.Status.AWAITING_SIGNOFF: "purple",
    ActionPlan.Status.SUBMITTED: "blue",
    ActionPlan.Status.RETURNED: "orange",
    ActionPlan.Status.APPROVED: "green",
    ActionPlan.Status.SUPERSEDED: "grey",
}


@dataclass(frozen=True)
class PlanStatus:
    """What templates/action_plans/includes/plan_status.html shows wherever a plan's status appears."""

    label: str
    colour: str
    overdue_days: int = 0
    submitted_late: bool = False

    @property
    def overdue_label(self) -> str:
        return f"Overdue by {self.overdue_days} day{'' if self.overdue_days == 1 else 's'}" if self.overdue_days else ""


def plan_is_signed_off(plan: ActionPlan) -> bool:
    """Signed off by the chief officer and not yet submitted (the record is kept on the plan)."""
    return plan.status == ActionPlan.Status.AWAITING_SIGNOFF and plan.signed_off_on is not None


def plan_status(*, plan: ActionPlan, today: datetime.date | None = None) -> PlanStatus:
    """
    The plan's status tag: "Signed off" once the chief officer has signed it off, and how many
    days it is overdue while still owed (draft, awaiting sign-off or returned after the due date).
    """
    today = today or timezone.localdate()
    if plan_is_signed_off(plan):
        label, colour = "Signed off", "turquoise"
    else:
        label, colour = plan.get_status_display(), _STATUS_COLOURS.get(plan.status, "grey")
    overdue = (today - plan.round.due_on).days if plan.status in OWED_STATUSES else 0
    return PlanStatus(label=label, colour=colour, overdue_days=max(overdue, 0), submitted_late=plan.is_late)


def plans_with_status(plans, *, today: datetime.date | None = None) -> list[ActionPlan]:
    """The plans as a list, each with `shown_status` (a PlanStatus) for the list pages."""
    today = today or timezone.localdate()
    plans = list(plans)
    for plan in plans:
        plan.shown_status = plan_status(plan=plan, today=today)
    return plans


@dataclass(frozen=True)
class PlanButton:
    label: str
    url: str
    primary: bool = True


@dataclass(frozen=True)
class PlanNextStep:
    """What happens next to the plan, said to this user, and the buttons that do it."""

    text: str
    buttons: list[PlanButton] = field(default_factory=list)


def plan_next_step(*, plan: ActionPlan, user: User) -> PlanNextStep:
    """The plan page's next step and buttons for this user, from the plan's state and their permissions."""
    def url(name: str) -> str:
        return reverse(f"action_plans:{name}", args=[plan.pk])

    can_change = user.has_perm("action_plans.change_plan", plan)
    can_sign_off = user.has_perm("action_plans.sign_off_plan", plan)
    can_review = user.has_perm("action_plans.review_plan", plan)
    Status = ActionPlan.Status
    if plan.status in (Status.DRAFT, Status.RETURNED):
        text = (
            "Next: answer the review comments and change the plan, "
            "then send it to the chief officer for sign-off again."
            if plan.status == Status.RETURNED
            else "Next: cover every framework action, then send the plan to the chief officer for sign-off."
        )
        buttons = [PlanButton("Add an action", url("action-create")),
                   PlanButton("Send for sign-off", url("plan-send-for-signoff"), primary=False)] if can_change else []
        return PlanNextStep(text, buttons)
    if plan.status == Status.AWAITING_SIGNOFF and not plan_is_signed_off(plan):
        buttons = [PlanButton("Sign off", url("plan-sign-off")),
                   PlanButton("Send back", url("plan-send-back"), primary=False)] if can_sign_off else []
        return PlanNextStep("Waiting for the chief officer to sign off the plan.", buttons)
    if plan_is_signed_off(plan):
        text = (f"Signed off by {plan.signed_off_name} on {plan.signed_off_on:%-d %B %Y}. "
                "Next: submit the plan for national review.")
        return PlanNextStep(text, [PlanButton("Submit plan", url("plan-submit"))] if can_change else [])
    if plan.status == Status.SUBMITTED:
        buttons = [PlanButton("Review plan", url("plan-review"))] if can_review else []
        return PlanNextStep("Waiting for the national team to review the plan.", buttons)
    if plan.status == Status.APPROVED:
        buttons = [PlanButton("Start a revision", url("plan-revise"), primary=False)] if can_change else []
        return PlanNextStep("Approved. Post a progress update on each action every quarter.", buttons)
    return PlanNextStep("A newer revision has replaced this plan.")


def framework_outcomes(*, framework_id: int) -> list[Outcome]:
    """The framework's outcomes in pillar order, for the outcome filter."""
    return list(Outcome.objects.filter(pillar__framework_id=framework_id).order_by(
        "pillar__position", "pillar__code", "position", "code"))


def plan_owner_teams(*, plan: ActionPlan) -> list[str]:
    """The distinct owner teams named in the plan, for the owner filter."""
    return list(
        plan.actions.exclude(owner_team="").order_by("owner_team").values_list("owner_team", flat=True).distinct()
    )


def action_get(*, plan: ActionPlan, pk: int) -> LocalAction:
    """One action of the plan with its updates and framework actions. Raises LocalAction.DoesNotExist."""
    return (
        plan.actions.select_related("pillar", "outcome")
        .prefetch_related(
            Prefetch("framework_actions", queryset=FrameworkAction.objects.order_by("code")),
            Prefetch("tools", queryset=Tactic.objects.order_by("name")),
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author")),
        )
        .get(pk=pk)
    )


def _history_value(model_field, value) -> str:
    """A recorded value as people read it: choice labels, and pillars and outcomes by code and title."""
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else f"(removed {value})"
    return str(value)


def action_history(*, action: LocalAction) -> list[dict]:
    """
    The action's recorded changes, newest first: for each save, who, when and which fields changed.

    Each entry is {"when", "who", "kind", "changes": [(field label, old, new), ...]}.
    """
    records = list(action.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for record, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = record.diff_against(older, excluded_fields=["updated_at", "created_at", "lock_version"])
            for change in delta.changes:
                model_field = LocalAction._meta.get_field(change.field)
                changes.append((
                    model_field.verbose_name.capitalize(),
                    _history_value(model_field, change.old),
                    _history_value(model_field, change.new),
                ))
        entries.append({
            "when": record.history_date,
            "who": record.history_user,
            "kind": record.get_history_type_display(),
            "changes": changes,
        })
    return entries


def transition_label(step: PlanTransition) -> str:
    """A heading for one workflow step: "Draft to awaiting sign-off", "Signed off", "Created as draft"."""
    if not step.from_status:
        return f"Created as {step.get_to_status_display().lower()}"
    if step.from_status == step.to_status:
        return "Signed off" if step.comment.startswith("Signed off") else "Plan changed"
    return f"{step.get_from_status_display()} to {step.get_to_status_display().lower()}"


def plan_transitions(*, plan: ActionPlan) -> list[PlanTransition]:
    """The plan's workflow steps, oldest first, with who made them and a `label` for each."""
    steps = list(plan.transitions.select_related("actor").order_by("at", "pk"))
    for step in steps:
        step.label = transition_label(step)
    return steps


def plan_comments(*, plan: ActionPlan) -> QuerySet[ReviewComment]:
    """The reviewers' comments on the plan and its actions, oldest first."""
    return plan.review_comments.select_related("action", "author", "responded_by").order_by("created_at", "pk")


def current_cycle(today: datetime.date | None = None) -> Cycle:
    """The reporting cycle progress updates are due in: the current calendar quarter."""
    return cycle_for(today or timezone.localdate())


def _force_work(user: User, actions: QuerySet[LocalAction]) -> QuerySet[LocalAction]:
    """The actions whose updates the user answers for or oversees: their force's, or every force's."""
    return actions.filter(plan_visibility(user).own_work_q(prefix="plan__"))


def actions_needing_update(*, user: User, today: datetime.date | None = None) -> QuerySet[LocalAction]:
    """
    Actions of approved plans the user may see that have had no update in the current cycle.

    Force users see their own force's; the national team sees every force's. Completed actions
    need no update.
    """
    cycle = current_cycle(today)
    actions = LocalAction.objects.filter(plan__status=ActionPlan.Status.APPROVED).exclude(
        status=LocalAction.Status.COMPLETE
    ).filter(Q(last_progress_on__isnull=True) | Q(last_progress_on__lt=cycle.start))
    return _force_work(user, actions).select_related("plan__force", "pillar").order_by(
        "plan__force__name", "reference")


@dataclass(frozen=True)
class OverduePlan:
    """A plan with overdue actions that the needs-update list does not show, and why."""

    plan: ActionPlan
    overdue: int
    reason: str


def overdue_actions_not_listed(*, user: User, today: datetime.date | None = None) -> list[OverduePlan]:
    """
    Plans (current revisions: not superseded) with actions past their target date that
    `actions_needing_update` leaves out, so its empty state can say why: progress is posted on
    approved plans only, or the action had its update this cycle and is still not complete.
    """
    today = today or timezone.localdate()
    cycle = current_cycle(today)
    rows = (
        _force_work(user, LocalAction.objects.filter(overdue_q(today)))
        .exclude(plan__status=ActionPlan.Status.SUPERSEDED)
        .exclude(Q(plan__status=ActionPlan.Status.APPROVED)
                 & (Q(last_progress_on__isnull=True) | Q(last_progress_on__lt=cycle.start)))
        .values("plan_id").annotate(n=Count("pk")).order_by()
    )
    counts = {row["plan_id"]: row["n"] for row in rows}
    plans = ActionPlan.objects.filter(pk__in=counts).select_related("force", "round").order_by("force__name")
    result = []
    for plan in plans:
        if plan.status == ActionPlan.Status.APPROVED:
            reason = "updated this quarter but not yet complete"
        else:
            reason = (f"the plan is {plan.get_status_display().lower()}: "
                      "progress updates are posted once it is approved")
        result.append(OverduePlan(plan=plan, overdue=counts[plan.pk], reason=reason))
    return result
