"""
Every read of action plans a page, report or the API needs, with its joins, so each page runs a
fixed number of queries whatever the number of actions.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import Force, User
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
    # The plan's local actions that address no framework action: flagged on the plan page.
    unlinked: list[LocalAction] = field(default_factory=list)

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
    unlinked = [a for a in actions if not a.framework_actions.all()]
    return Coverage(pillars=result, unlinked=unlinked)


def coverage_gaps(plan: ActionPlan) -> list[FrameworkAction]:
    """Framework actions expected of forces that no local action addresses and none is exempt."""
    covered = set(
        LocalAction.framework_actions.through.objects.filter(localaction__plan=plan).values_list(
            "frameworkaction_id", flat=True
        )
    )
    exempt = set(plan.exemptions.values_list("framework_action_id", flat=True))
    expected = FrameworkAction.objects.filter(
        framework_id=plan.round.framework_id, audience=FrameworkAction.Audience.FORCES
    ).order_by("outcome__pillar__position", "outcome__position", "position", "code")
    return [fa for fa in expected if fa.pk not in covered and fa.pk not in exempt]


# What stops a plan going on: the one definition. The services refuse with the first message; the
# plan page and its check page list them all, and make "Send for sign-off" the primary button only
# when the list is empty.


def plan_gap_blockers(*, gaps: list[FrameworkAction], doing: str) -> list[str]:
    """The coverage gaps as the message that refuses `doing` ("submit the plan"), or no message."""
    if not gaps:
        return []
    codes = ", ".join(fa.code for fa in gaps)
    return [
        f"You cannot {doing} while framework actions are not covered: {codes}. "
        "Add a local action for each, or mark it not applicable with a reason."
    ]


def plan_send_blockers(*, plan: ActionPlan, gaps: list[FrameworkAction] | None = None) -> list[str]:
    """
    Why the plan cannot be sent for sign-off now, as messages; empty when it can be.

    Coverage gaps, actions copied from the previous plan that still need review, and unanswered
    review comments. `gaps` may be passed when the page has them already (plan_coverage). The
    plan's status is not checked here: the next step offers sending only from draft or returned.
    """
    blockers = plan_gap_blockers(gaps=coverage_gaps(plan) if gaps is None else gaps,
                                 doing="send the plan for sign-off")
    flagged = list(plan.actions.filter(needs_review=True).order_by("reference").values_list("reference", flat=True))
    if flagged:
        blockers.append("Review the actions copied from your previous plan that did not map to this framework: "
                        + ", ".join(flagged) + ".")
    unanswered = plan.review_comments.filter(response="").count()
    if unanswered:
        blockers.append(f"Answer every review comment before sending the plan on ({unanswered} unanswered).")
    return blockers


@dataclass(frozen=True)
class ActionFilters:
    """The plan page's filters, as parsed from the query string (unknown values are ignored)."""

    pillar: int | None = None
    outcome: int | None = None
    rag: str | None = None
    owner: str | None = None
    overdue: bool = False
    sort: str = "reference"


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Overdue, the one definition: the target date has passed and the action is not complete."""
    return Q(**{f"{prefix}target_on__lt": today}) & ~Q(**{f"{prefix}status": LocalAction.Status.COMPLETE})


# An action belongs to a framework outcome, the one definition (the plan's outcome filter and the
# compliance heatmap): it names the outcome, or it addresses a framework action of the outcome.
# Each lookup is one way of belonging, read from a LocalAction; in_outcome_q and
# in_outcome_joined_q are the two shapes of the same rule.
OUTCOME_LOOKUPS = ("outcome_id", "framework_actions__outcome_id")


def in_outcome_q(outcome_id: int) -> Q:
    """
    A filter for the actions in a framework outcome (OUTCOME_LOOKUPS), one row per action: the
    plan's outcome filter.
    """
    names, addresses = OUTCOME_LOOKUPS
    relation, on_framework_action = addresses.split("__", 1)
    through = LocalAction._meta.get_field(relation).remote_field.through
    # The outcome's framework actions as an uncorrelated subquery: the database reads them once,
    # not once per action; EXISTS keeps one row per action.
    in_outcome = FrameworkAction.objects.filter(**{on_framework_action: outcome_id}).values("pk")
    return Q(**{names: outcome_id}) | Q(Exists(
        through.objects.filter(localaction_id=OuterRef("pk"), frameworkaction_id__in=in_outcome)
    ))


def in_outcome_joined_q(outcome_id: int) -> Q:
    """
    The same rule (OUTCOME_LOOKUPS) as a condition on the join of actions and their framework
    actions, for grouped counts (the compliance heatmap): count with
    Count("pk", distinct=True, filter=in_outcome_joined_q(...)), since an action that addresses
    several framework actions sits on several rows of the join.
    """
    condition = Q()
    for lookup in OUTCOME_LOOKUPS:
        condition |= Q(**{lookup: outcome_id})
    return condition


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
    """
    What happens next to the plan, said to this user, and the buttons that do it.

    `blockers` says what stops the next step (sending for sign-off) from succeeding now; while
    there are any, that step's button is not the primary one.
    """

    text: str
    buttons: list[PlanButton] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)


def plan_next_step(*, plan: ActionPlan, user: User, coverage: Coverage | None = None) -> PlanNextStep:
    """
    The plan page's next step and buttons for this user, from the plan's state and their permissions.

    `coverage` (plan_coverage), when the page has it, saves working out the gaps again.
    """
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
        if not can_change:
            return PlanNextStep(text)
        gaps = [row.framework_action for row in coverage.gaps] if coverage is not None else coverage_gaps(plan)
        blockers = plan_send_blockers(plan=plan, gaps=gaps)
        send = PlanButton("Send for sign-off", url("plan-send-for-signoff"), primary=not blockers)
        # While framework actions are uncovered, adding an action is the way on.
        add = PlanButton("Add an action", url("action-create"), primary=bool(gaps))
        return PlanNextStep(text, [add, send] if blockers else [send, add], blockers)
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
        buttons = []
        if user.has_perm("action_plans.post_progress", plan):
            buttons.append(PlanButton("Record this quarter's progress", url("progress-grid")))
        if can_change:
            buttons.append(PlanButton("Start a revision", url("plan-revise"), primary=False))
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


def plan_progress_rows(*, plan: ActionPlan) -> list[LocalAction]:
    """
    The plan's actions for the quarterly progress grid, by reference, each with its last update's
    date and comment (`last_update_on`, `last_comment`). One query whatever the number of actions.
    """
    last = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-on", "-created_at", "-pk")
    return list(
        plan.actions.annotate(
            last_update_on=Subquery(last.values("on")[:1]),
            last_comment=Subquery(last.values("narrative")[:1]),
        ).order_by("reference")
    )


_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<number>[0-9]+)$")


def action_reference_next(*, plan: ActionPlan, pillar: Pillar | None = None) -> str:
    """
    A free reference to suggest for the plan's next action: the pillar's code, a hyphen and the
    next number after the highest one in use with that prefix, in two digits at least (P2-04).
    Without a pillar, the framework's first pillar. One or two queries.
    """
    if pillar is None:
        pillar = Pillar.objects.filter(framework_id=plan.round.framework_id).order_by("position", "code").first()
    prefix = f"{pillar.code}-" if pillar is not None else "A-"
    taken = set(plan.actions.filter(reference__startswith=prefix).values_list("reference", flat=True))
    numbers = [int(m["number"]) for ref in taken if (m := _NUMBERED.match(ref)) and m["prefix"] == prefix]
    number = max(numbers, default=0) + 1
    while f"{prefix}{number:02d}" in taken:  # a reference like P2-7 alongside P2-07
        number += 1
    return f"{prefix}{number:02d}"


def action_reference_is_suggested(*, plan: ActionPlan, reference: str) -> bool:
    """
    Whether a reference on the add form is blank or still a suggestion (the next free one of the
    pillar its prefix names), so the form may replace it when the pillar changes; anything else
    the planner typed is theirs. Two or three queries.
    """
    reference = (reference or "").strip()
    if not reference:
        return True
    match = _NUMBERED.match(reference)
    if match is None or not match["prefix"].endswith("-"):
        return False
    pillar = Pillar.objects.filter(framework_id=plan.round.framework_id, code=match["prefix"][:-1]).first()
    return pillar is not None and action_reference_next(plan=plan, pillar=pillar) == reference


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


# Summaries for the home page and the to-do list -------------------------------------------------

def stale_q(cycle: Cycle, prefix: str = "") -> Q:
    """Not updated this cycle, the one definition: not complete and no update since the cycle began."""
    return ~Q(**{f"{prefix}status": LocalAction.Status.COMPLETE}) & (
        Q(**{f"{prefix}last_progress_on__isnull": True}) | Q(**{f"{prefix}last_progress_on__lt": cycle.start})
    )


def plans_with_work(plans: QuerySet[ActionPlan], *, today: datetime.date | None = None) -> QuerySet[ActionPlan]:
    """
    The plans with what is left to do on each, counted in the same query: `action_total`, actions
    by RAG (`rag_red`, `rag_amber`, `rag_green`, `rag_none`), `stale_count` (not updated this
    cycle), `overdue_count` and `open_comments` (review comments not yet answered).
    """
    today = today or timezone.localdate()
    cycle = current_cycle(today)
    open_comments = (
        ReviewComment.objects.filter(plan_id=OuterRef("pk"), response="")
        .order_by().values("plan_id").annotate(n=Count("pk")).values("n")
    )
    Rag = LocalAction.Rag
    return plans.select_related("force", "round__framework").annotate(
        action_total=Count("actions"),
        rag_red=Count("actions", filter=Q(actions__rag=Rag.RED)),
        rag_amber=Count("actions", filter=Q(actions__rag=Rag.AMBER)),
        rag_green=Count("actions", filter=Q(actions__rag=Rag.GREEN)),
        rag_none=Count("actions", filter=Q(actions__rag=Rag.NONE)),
        stale_count=Count("actions", filter=stale_q(cycle, prefix="actions__")),
        overdue_count=Count("actions", filter=overdue_q(today, prefix="actions__")),
        open_comments=Coalesce(Subquery(open_comments, output_field=IntegerField()), 0),
    )


def plans_gap_counts(plans: list[ActionPlan]) -> dict[int, int]:
    """
    How many framework actions each plan leaves uncovered (no local action, not marked not
    applicable): the same rule as the coverage page, for many plans in three queries.
    """
    if not plans:
        return {}
    ids = [plan.pk for plan in plans]
    expected: dict[int, set[int]] = {}
    for framework_id, fa_id in FrameworkAction.objects.filter(
        framework_id__in={plan.round.framework_id for plan in plans}, audience=FrameworkAction.Audience.FORCES
    ).values_list("framework_id", "pk"):
        expected.setdefault(framework_id, set()).add(fa_id)
    done: dict[int, set[int]] = {}
    for plan_id, fa_id in LocalAction.framework_actions.through.objects.filter(
        localaction__plan_id__in=ids
    ).values_list("localaction__plan_id", "frameworkaction_id"):
        done.setdefault(plan_id, set()).add(fa_id)
    for plan_id, fa_id in CoverageExemption.objects.filter(plan_id__in=ids).values_list(
        "plan_id", "framework_action_id"
    ):
        done.setdefault(plan_id, set()).add(fa_id)
    return {
        plan.pk: len(expected.get(plan.round.framework_id, set()) - done.get(plan.pk, set())) for plan in plans
    }


def plan_current_for_force(*, force_id: int) -> ActionPlan | None:
    """
    The force's plan people work on now: the newest revision in the round due last, with its
    work counted (`plans_with_work`). None when no round has included the force yet.
    """
    plans = ActionPlan.objects.filter(force_id=force_id).exclude(status=ActionPlan.Status.SUPERSEDED)
    return plans_with_work(plans).order_by("-round__due_on", "-round_id", "-revision").first()


def plans_awaiting_review() -> QuerySet[ActionPlan]:
    """Submitted plans, oldest submission first: the national team's review queue."""
    return (
        ActionPlan.objects.filter(status=ActionPlan.Status.SUBMITTED)
        .select_related("force", "round")
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")
    )


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
    actions = LocalAction.objects.filter(plan__status=ActionPlan.Status.APPROVED).filter(stale_q(cycle))
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


# Review: comments that link to actions, the approval, and what changed since a plan was returned --

def _reference_pattern(references) -> re.Pattern | None:
    """A pattern matching any of the references as a whole word (not inside "P2-041" or "XP2-04")."""
    if not references:
        return None
    alternatives = "|".join(re.escape(ref) for ref in sorted(references, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")


def text_with_action_links(text: str, links: dict[str, str]) -> list[tuple[str, str | None]]:
    """
    Split text into (part, url) pairs: url is the action's page where the part is one of its
    references ("P2-04"), None elsewhere. The template escapes every part; nothing is marked safe.
    """
    pattern = _reference_pattern(links)
    if pattern is None or not text:
        return [(text, None)] if text else []
    parts: list[tuple[str, str | None]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append((text[position:match.start()], None))
        parts.append((match.group(0), links[match.group(0)]))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], None))
    return parts


def plan_action_links(*, plan: ActionPlan) -> dict[str, str]:
    """Each action's reference → its page, for linking references in comments. One query."""
    return {
        reference: reverse("action_plans:action-detail", args=[plan.pk, pk])
        for pk, reference in plan.actions.values_list("pk", "reference")
    }


def plan_comments_linked(*, plan: ActionPlan) -> list[ReviewComment]:
    """
    The plan's review comments (as `plan_comments`), each with `body_parts` and `response_parts`:
    the text split so that action references link to the action. Two queries.
    """
    links = plan_action_links(plan=plan)
    comments = list(plan_comments(plan=plan))
    for comment in comments:
        comment.body_parts = text_with_action_links(comment.body, links)
        comment.response_parts = text_with_action_links(comment.response, links)
    return comments


def plan_approval(*, plan: ActionPlan) -> PlanTransition | None:
    """
    The step that approved the plan, with the reviewer and `comment_parts` (the approval comment,
    references linked), or None while the plan has not been approved.
    """
    step = (plan.transitions.filter(to_status=ActionPlan.Status.APPROVED)
            .select_related("actor").order_by("-at", "-pk").first())
    if step is not None:
        step.comment_parts = text_with_action_links(step.comment, plan_action_links(plan=plan)) if step.comment else []
    return step


def plan_last_return(*, plan: ActionPlan) -> PlanTransition | None:
    """The latest step that returned the plan to the force, or None if it was never returned."""
    return (plan.transitions.filter(to_status=ActionPlan.Status.RETURNED)
            .select_related("actor").order_by("-at", "-pk").first())


# The fields a reviewer compares, in the order the action form shows them.
COMPARED_ACTION_FIELDS = (
    "reference", "title", "description", "pillar", "outcome", "owner_team", "lead_officer", "partners",
    "start_on", "target_on", "status", "rag", "progress", "success_measure", "priority",
)
COMPARED_PLAN_FIELDS = ("lead_chief_officer", "foreword")


@dataclass
class ActionChange:
    """
    One action of the plan compared with the plan as returned: its fields (label, then, now), and
    the framework actions and tools linked or unlinked since (their codes and names, sorted).
    """

    reference: str
    title: str
    action: LocalAction | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    framework_actions_added: list[str] = field(default_factory=list)
    framework_actions_removed: list[str] = field(default_factory=list)
    tools_added: list[str] = field(default_factory=list)
    tools_removed: list[str] = field(default_factory=list)

    @property
    def links_changed(self) -> bool:
        return bool(self.framework_actions_added or self.framework_actions_removed
                    or self.tools_added or self.tools_removed)


@dataclass
class PlanChanges:
    """
    How the plan differs from the revision the national team returned. `links_compared` is False
    when the return predates the record of links (framework actions, tools, not-applicable marks).
    """

    returned: PlanTransition
    added: list[ActionChange]
    removed: list[ActionChange]
    changed: list[ActionChange]
    plan_changes: list[tuple[str, str, str]]
    links_compared: bool = True
    not_applicable_added: list[str] = field(default_factory=list)
    not_applicable_removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.plan_changes
                    or self.not_applicable_added or self.not_applicable_removed)


def plan_links(*, plan: ActionPlan) -> dict:
    """
    The plan's many-to-many facts, in the JSON form a return keeps (PlanTransition.links_as_returned):
    {"actions": {action pk: {"framework_actions": {pk: code}, "tools": {pk: name}}},
     "not_applicable": {framework action pk: code}}, every pk a string. An action with no links is
    absent. Three queries whatever the size of the plan.
    """
    actions: dict[str, dict[str, dict[str, str]]] = {}

    def of(action_id: int) -> dict[str, dict[str, str]]:
        return actions.setdefault(str(action_id), {"framework_actions": {}, "tools": {}})

    for action_id, pk, code in LocalAction.framework_actions.through.objects.filter(
            localaction__plan_id=plan.pk).values_list("localaction_id", "frameworkaction_id", "frameworkaction__code"):
        of(action_id)["framework_actions"][str(pk)] = code
    for action_id, pk, name in LocalAction.tools.through.objects.filter(
            localaction__plan_id=plan.pk).values_list("localaction_id", "tactic_id", "tactic__name"):
        of(action_id)["tools"][str(pk)] = name
    not_applicable = {str(pk): code for pk, code in CoverageExemption.objects.filter(plan_id=plan.pk).values_list(
        "framework_action_id", "framework_action__code")}
    return {"actions": actions, "not_applicable": not_applicable}


def _sorted_labels(labels) -> list[str]:
    """Codes such as 1.2.10 after 1.2.9; names A to Z."""
    return sorted(labels, key=lambda label: [(0, int(p), "") if p.isdigit() else (1, 0, p.casefold())
                                             for p in re.split(r"(\d+)", label)])


def _link_changes(then: dict[str, str], now: dict[str, str]) -> tuple[list[str], list[str]]:
    """(added, removed) labels between two {pk: label} sets."""
    return (_sorted_labels(label for pk, label in now.items() if pk not in then),
            _sorted_labels(label for pk, label in then.items() if pk not in now))


def _shown_value(model_field, value, names: dict) -> str:
    """A field's value as people read it: choice labels, pillars and outcomes by code and title, dates."""
    if model_field.choices and value is not None:
        return str(dict(model_field.flatchoices).get(value, value))
    if value in (None, ""):
        return ""
    if model_field.is_relation:
        return names.get((model_field.name, value), f"(removed {value})")
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _field_label(model, name: str) -> str:
    """A field's name as a label: "RAG status", "Target on" (only the first letter raised)."""
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def plan_changes_since_returned(*, plan: ActionPlan) -> PlanChanges | None:
    """
    Compare the plan now with the plan as it was when it was last returned, field by field.

    The plan as returned is rebuilt from the action and plan history (django-simple-history): for
    each action, its last record up to the moment of return, unless that record is a deletion.
    Framework links, tools and not-applicable marks are many-to-many rows without history: they are
    compared with the copy the return kept (PlanTransition.links_as_returned), when it has one.
    Returns None if the plan was never returned. Nine queries whatever the size of the plan.
    """
    returned = plan_last_return(plan=plan)
    if returned is None:
        return None
    then: dict[int, object] = {}
    for record in (LocalAction.history.filter(plan_id=plan.pk, history_date__lte=returned.at)
                   .order_by("history_date", "history_id")):
        then[record.id] = record
    then = {pk: record for pk, record in then.items() if record.history_type != "-"}
    now = {action.pk: action for action in plan.actions.order_by("reference")}
    pillar_ids = {r.pillar_id for r in [*then.values(), *now.values()] if r.pillar_id}
    outcome_ids = {r.outcome_id for r in [*then.values(), *now.values()] if r.outcome_id}
    names = {("pillar", p.pk): f"{p.code} {p.title}" for p in Pillar.objects.filter(pk__in=pillar_ids)}
    names |= {("outcome", o.pk): f"{o.code} {o.title}" for o in Outcome.objects.filter(pk__in=outcome_ids)}
    links_then = returned.links_as_returned
    links_now = plan_links(plan=plan) if links_then is not None else None
    no_links = {"framework_actions": {}, "tools": {}}

    def value(row, name: str) -> str:
        model_field = LocalAction._meta.get_field(name)
        return _shown_value(model_field, getattr(row, model_field.attname), names)

    changed = []
    for pk, action in now.items():
        if pk not in then:
            continue
        rows = [(_field_label(LocalAction, name), value(then[pk], name), value(action, name))
                for name in COMPARED_ACTION_FIELDS]
        change = ActionChange(action.reference, action.title, action, [row for row in rows if row[1] != row[2]])
        if links_then is not None:
            old = links_then["actions"].get(str(pk), no_links)
            new = links_now["actions"].get(str(pk), no_links)
            change.framework_actions_added, change.framework_actions_removed = _link_changes(
                old["framework_actions"], new["framework_actions"])
            change.tools_added, change.tools_removed = _link_changes(old["tools"], new["tools"])
        if change.changes or change.links_changed:
            changed.append(change)
    added = [ActionChange(a.reference, a.title, a) for pk, a in now.items() if pk not in then]
    removed = sorted((ActionChange(r.reference, r.title) for pk, r in then.items() if pk not in now),
                     key=lambda change: change.reference)
    plan_then = (ActionPlan.history.filter(id=plan.pk, history_date__lte=returned.at)
                 .order_by("-history_date", "-history_id").first())
    plan_changes = []
    if plan_then is not None:
        for name in COMPARED_PLAN_FIELDS:
            old, new = getattr(plan_then, name), getattr(plan, name)
            if old != new:
                plan_changes.append((_field_label(ActionPlan, name), old, new))
    changes = PlanChanges(returned=returned, added=added, removed=removed, changed=changed,
                          plan_changes=plan_changes, links_compared=links_then is not None)
    if links_then is not None:
        changes.not_applicable_added, changes.not_applicable_removed = _link_changes(
            links_then["not_applicable"], links_now["not_applicable"])
    return changes


def plan_actions_for_review(*, plan: ActionPlan, comments: list[ReviewComment] | None = None) -> list[LocalAction]:
    """
    The plan's actions by pillar, then reference, each with `framework_codes` ("1.1.1, 1.1.2"),
    `is_overdue` and `earlier_comments` (those of `comments` on the action, oldest first), for the
    review page. Three queries.
    """
    actions = sorted(plan_actions(plan=plan), key=lambda a: (a.pillar.position, a.pillar.code, a.reference))
    by_action: dict[int, list[ReviewComment]] = {}
    for comment in comments or []:
        if comment.action_id is not None:
            by_action.setdefault(comment.action_id, []).append(comment)
    for action in actions:
        action.framework_codes = ", ".join(fa.code for fa in action.framework_actions.all())
        action.earlier_comments = by_action.get(action.pk, [])
    return actions


# The plans list: current revisions with earlier ones folded under them, filtered and sorted -----

# The order a plan's status sorts in: the workflow's order.
_STATUS_ORDER = {status: n for n, status in enumerate(ActionPlan.Status.values)}

# The sort keys the plans list offers: key → label. Every sort keeps the user's own force first.
PLAN_SORTS: dict[str, str] = {
    "force": "Force (A to Z)",
    "due": "Due date (soonest first)",
    "status": "Status",
    "updated": "Last updated (newest first)",
}


@dataclass(frozen=True)
class PlanListFilters:
    """The plans list's filters, as parsed from the query string (unknown values are ignored)."""

    status: str | None = None
    region: str | None = None
    late: bool = False
    sort: str = "force"


@dataclass
class PlanGroup:
    """A force's plan in one round: its newest revision the user may see, and the earlier ones."""

    current: ActionPlan
    earlier: list[ActionPlan]
    is_own: bool

    @property
    def is_late(self) -> bool:
        status = self.current.shown_status
        return bool(status.overdue_days or status.submitted_late)


def _plan_sort_key(sort: str):
    if sort == "due":
        return lambda g: (g.current.round.due_on, g.current.force.name)
    if sort == "status":
        return lambda g: (_STATUS_ORDER.get(g.current.status, 99), g.current.force.name)
    if sort == "updated":
        return lambda g: -g.current.updated_at.timestamp()
    return lambda g: (g.current.force.name, -g.current.round.due_on.toordinal())


def plan_groups_for_user(*, user: User, filters: PlanListFilters | None = None,
                         today: datetime.date | None = None) -> list[PlanGroup]:
    """
    The plans the user may see, one group per force and round: the newest revision they may see,
    with earlier revisions folded under it (newest first). The user's own force comes first, then
    the rest in the chosen order. Status and lateness filter on the current revision.

    One query whatever the number of plans.
    """
    filters = filters or PlanListFilters()
    plans = plan_list_for_user(user=user)
    if filters.region:
        plans = plans.filter(force__region=filters.region)
    groups: dict[tuple[int, int], PlanGroup] = {}
    own_force_id = plan_visibility(user).own_force_id
    for plan in plans_with_status(plans, today=today):
        key = (plan.force_id, plan.round_id)
        if key not in groups:
            # plan_list_for_user orders each force's revisions newest first.
            groups[key] = PlanGroup(current=plan, earlier=[], is_own=plan.force_id == own_force_id)
        else:
            groups[key].earlier.append(plan)
    result = list(groups.values())
    if filters.status:
        result = [g for g in result if g.current.status == filters.status]
    if filters.late:
        result = [g for g in result if g.is_late]
    result.sort(key=_plan_sort_key(filters.sort))
    result.sort(key=lambda g: not g.is_own)
    return result


def force_regions() -> list[str]:
    """The regions forces belong to, for the plans list's filter."""
    return list(Force.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct())
