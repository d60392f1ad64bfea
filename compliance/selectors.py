"""
Reads for the national compliance pages: every force's plan, delivery and returns at a glance.

Every figure is a SQL aggregate. The overview is one queryset of forces, each annotated with
correlated subqueries on its latest plan in the current round (status, dates, coverage, actions by
RAG, updates this cycle, open comments) and its return for the current reporting period, so the
page runs the same number of queries for 3 forces or 46, and sorting and filtering happen in SQL;
only the coverage percentage is divided out afterwards (with_coverage), from the two counts. The
heatmap is grouped aggregates over every plan at once (force_heatmap).

The rules come from the apps that own them, not re-derived here:
- coverage: a framework action expected of forces (audience "forces") is addressed when a local
  action of the plan addresses it or the plan marks it not applicable (as
  action_plans.selectors.plan_coverage counts it);
- this cycle: common.cycles via action_plans.selectors.current_cycle; completed actions need no
  update (as action_plans.selectors.actions_needing_update);
- the current reporting period: performance.selectors.period_current; a return is on time when it
  was submitted by the end of the due day (as performance.selectors.completeness).
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from accounts.models import Force
from accounts.selectors import force_search
from action_plans.models import ActionPlan, CoverageExemption, LocalAction, PlanningRound, ReviewComment
from action_plans.selectors import current_cycle, framework_outcomes, in_outcome_joined_q
from frameworks.models import FrameworkAction, Outcome, Pillar
from performance.models import PeerLink, ReportingPeriod, Return
from performance.selectors import period_current

NOT_STARTED = "not_started"

# Plan statuses as the overview reads them, in workflow order; "not started" means no plan yet.
PLAN_STATUSES: list[tuple[str, str]] = [
    (NOT_STARTED, "Not started"),
    (ActionPlan.Status.DRAFT.value, "Draft"),
    (ActionPlan.Status.RETURNED.value, "Returned"),
    (ActionPlan.Status.AWAITING_SIGNOFF.value, "Awaiting sign-off"),
    (ActionPlan.Status.SUBMITTED.value, "Submitted"),
    (ActionPlan.Status.APPROVED.value, "Approved"),
]
PLAN_STATUS_LABELS = dict(PLAN_STATUSES)
PLAN_STATUS_COLOURS = {
    NOT_STARTED: "grey", "draft": "light-blue", "returned": "orange", "awaiting_signoff": "purple",
    "submitted": "blue", "approved": "green", "superseded": "grey",
}
RAGS = ("red", "amber", "green")
RISKY = (LocalAction.Rag.RED, LocalAction.Rag.AMBER)
RETURN_STATUS_LABELS = {NOT_STARTED: "Not started", **dict(Return.Status.choices)}

# Sort keys the overview offers: key → (label, SQL expression ascending).
OVERVIEW_SORTS: dict[str, tuple[str, object]] = {
    "force": ("Force", F("name")),
    "region": ("Region", F("region")),
    "status": ("Plan status", F("plan_status")),
    "submitted": ("Submitted", F("plan_submitted_at")),
    # Every force in a round has the same number of expected framework actions, so coverage sorts
    # as the count addressed does (and the overview need not count them twice for the percentage).
    "coverage": ("Coverage", F("addressed")),
    "red": ("Red actions", F("rag_red")),
    "updated": ("Updated this cycle", F("updated_pct")),
    "comments": ("Open comments", F("open_comments")),
}


class _Count(Func):
    """COUNT(*) of a subquery's rows without a GROUP BY, so it can sit in a correlated subquery."""

    function = "COUNT"
    template = "%(function)s(*)"
    output_field = IntegerField()

    def __init__(self):
        super().__init__()


def _count(queryset: QuerySet) -> Coalesce:
    """The number of rows of `queryset` (which may use OuterRef) as an integer expression."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(n=_Count()).values("n")[:1], output_field=IntegerField()), 0
    )


def _pct(part: str, whole) -> Func:
    """100 × part / whole, rounded down to a whole number; null when whole is 0."""
    whole_expr = whole if not isinstance(whole, str) else F(whole)
    return Func(
        Cast(F(part), FloatField()) * 100.0,
        Func(whole_expr, Value(0), function="NULLIF"),
        function="",
        template="(%(expressions)s)",
        arg_joiner=" / ",
        output_field=FloatField(),
    )


def round_current() -> PlanningRound | None:
    """The open planning round with the latest due date (the one forces are working on), else None."""
    return (
        PlanningRound.objects.select_related("framework")
        .filter(status=PlanningRound.Status.OPEN)
        .order_by("-due_on", "-pk")
        .first()
    )


def _expected_actions(framework_id: int) -> QuerySet[FrameworkAction]:
    return FrameworkAction.objects.filter(framework_id=framework_id, audience=FrameworkAction.Audience.FORCES)


def _addressed(framework_id: int, plan_ref, pillar_id: int | None = None, outcome_id: int | None = None) -> Coalesce:
    """How many expected framework actions the plan `plan_ref` addresses or marks not applicable."""
    through = LocalAction.framework_actions.through
    expected = _expected_actions(framework_id)
    if pillar_id is not None:
        expected = expected.filter(outcome__pillar_id=pillar_id)
    if outcome_id is not None:
        expected = expected.filter(outcome_id=outcome_id)
    addressed = expected.filter(
        Exists(through.objects.filter(frameworkaction_id=OuterRef("pk"), localaction__plan_id=plan_ref))
        | Exists(CoverageExemption.objects.filter(framework_action_id=OuterRef("pk"), plan_id=plan_ref))
    )
    return _count(addressed)


@dataclass(frozen=True)
class OverviewFilters:
    """The overview's filters and sort, parsed from the query string (unknown values are ignored)."""

    force: str = ""
    region: str = ""
    peer: str = ""
    status: str = ""
    rag: str = ""
    sort: str = "force"
    descending: bool = False

    @property
    def sort_param(self) -> str:
        return ("-" if self.descending else "") + self.sort


def overview_filters(params) -> OverviewFilters:
    """Read filters from a QueryDict; anything not offered is dropped rather than refused."""
    status = params.get("status", "")
    rag = params.get("rag", "")
    sort = params.get("sort", "force")
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    return OverviewFilters(
        force=" ".join(params.get("force", "").split())[:100],
        region=params.get("region", "")[:60],
        peer=params.get("peer", "")[:60],
        status=status if status in PLAN_STATUS_LABELS else "",
        rag=rag if rag in RAGS else "",
        sort=sort if sort in OVERVIEW_SORTS else "force",
        descending=descending and sort in OVERVIEW_SORTS,
    )


def forces_in_scope(planning_round: PlanningRound | None) -> QuerySet[Force]:
    """The forces the round calls on (every force when there is no open round)."""
    if planning_round is None:
        return Force.objects.all()
    return Force.objects.filter(planning_rounds=planning_round)


def force_overview(*, planning_round: PlanningRound | None, today: datetime.date | None = None,
                   period: ReportingPeriod | None = None, plan_only: bool = False) -> QuerySet[Force]:
    """
    Every force in the round, annotated with its plan, delivery and return figures. One query.

    Annotations: plan_id, plan_status ("not_started" when there is no plan), plan_revision,
    plan_submitted_at, plan_is_late, addressed, expected, action_count, rag_red, rag_amber,
    rag_green, rag_none, needing_update, updated_this_cycle, updated_pct, open_comments,
    return_status, return_submitted_at. The coverage percentage comes from with_coverage, after
    the query: a percentage annotation would run the addressed count a second time per force.

    The plan is the force's latest revision in the round; its actions are that revision's. With
    `plan_only`, only the plan_* annotations (for counts by status, which need nothing else).
    """
    today = today or timezone.localdate()
    forces = forces_in_scope(planning_round)
    if planning_round is None:
        forces = forces.annotate(
            plan_id=Value(None, output_field=IntegerField()),
            plan_status=Value(NOT_STARTED),
            plan_revision=Value(None, output_field=IntegerField()),
            plan_submitted_at=Value(None, output_field=DateTimeField()),
            plan_is_late=Value(False),
            expected=Value(0),
            addressed=Value(0),
        )
    else:
        latest = ActionPlan.objects.filter(force_id=OuterRef("pk"), round_id=planning_round.pk).order_by("-revision")
        forces = forces.annotate(
            plan_id=Subquery(latest.values("pk")[:1]),
            plan_status=Coalesce(Subquery(latest.values("status")[:1]), Value(NOT_STARTED)),
            plan_revision=Subquery(latest.values("revision")[:1]),
            plan_submitted_at=Subquery(latest.values("submitted_at")[:1]),
            plan_is_late=Coalesce(Subquery(latest.values("is_late")[:1]), Value(False)),
            expected=_count(_expected_actions(planning_round.framework_id)),
        )
        if plan_only:
            return forces
        forces = forces.annotate(addressed=_addressed(planning_round.framework_id, OuterRef(OuterRef("plan_id"))))
    actions = LocalAction.objects.filter(plan_id=OuterRef("plan_id"))
    cycle_start = current_cycle(today).start
    needing = actions.exclude(status=LocalAction.Status.COMPLETE)
    forces = forces.annotate(
        action_count=_count(actions),
        rag_red=_count(actions.filter(rag=LocalAction.Rag.RED)),
        rag_amber=_count(actions.filter(rag=LocalAction.Rag.AMBER)),
        rag_green=_count(actions.filter(rag=LocalAction.Rag.GREEN)),
        rag_none=_count(actions.filter(rag=LocalAction.Rag.NONE)),
        needing_update=_count(needing),
        updated_this_cycle=_count(needing.filter(last_progress_on__gte=cycle_start)),
        open_comments=_count(ReviewComment.objects.filter(plan_id=OuterRef("plan_id"), response="")),
    ).annotate(updated_pct=_pct("updated_this_cycle", "needing_update"))
    if period is not None:
        ret = Return.objects.filter(force_id=OuterRef("pk"), period_id=period.pk)
        forces = forces.annotate(
            return_status=Coalesce(Subquery(ret.values("status")[:1]), Value(NOT_STARTED)),
            return_submitted_at=Subquery(ret.values("submitted_at")[:1]),
        )
    else:
        forces = forces.annotate(return_status=Value(""), return_submitted_at=Value(None, output_field=DateTimeField()))
    return forces


def force_heatmap(*, planning_round: PlanningRound | None, pillars: list[Pillar] | None = None,
                  outcomes: list[Outcome] | None = None) -> list[Force]:
    """
    Every force in the round, in force order, with its plan and, per pillar, p<id>_expected,
    p<id>_addressed, p<id>_actions and p<id>_red_amber; per outcome the same as o<id>_...

    Queries: the forces with their plan (force_overview, plan_only), then for each of pillars and
    outcomes four grouped aggregates over every plan at once (expected framework actions per
    column; framework actions the plans' actions address; exemptions not already addressed; the
    plans' actions and how many are red or amber), so the number of queries depends on neither
    the forces nor the columns. Only what the heatmap prints is computed.

    An action belongs to an outcome as action_plans.selectors says (OUTCOME_LOOKUPS): it names the
    outcome or addresses one of its framework actions, so it may count in more than one outcome.
    """
    forces = list(force_overview(planning_round=planning_round, plan_only=True).order_by("name"))
    if planning_round is None:
        return forces
    plan_ids = [force.plan_id for force in forces if force.plan_id is not None]
    for prefix, columns, figures in (("p", pillars, _pillar_figures), ("o", outcomes, _outcome_figures)):
        if not columns:
            continue
        expected, by_plan = figures(planning_round.framework_id, plan_ids, [column.pk for column in columns])
        for force in forces:
            for column in columns:
                setattr(force, f"{prefix}{column.pk}_expected", expected.get(column.pk, 0))
                for name, values in by_plan.items():
                    setattr(force, f"{prefix}{column.pk}_{name}", values.get((force.plan_id, column.pk), 0))
    return forces


Figures = tuple[dict[int, int], dict[str, dict[tuple[int, int], int]]]


def _coverage_figures(framework_id: int, plan_ids: list[int], key: str) -> Figures:
    """
    Expected framework actions per column, and addressed per (plan, column), where `key` is the
    framework action's lookup for the column ("outcome_id" or "outcome__pillar_id").

    Addressed as _addressed counts it: the framework actions the plan's actions address, plus
    the exemptions for framework actions none of them addresses (so each counts once).
    """
    through = LocalAction.framework_actions.through
    expected_actions = _expected_actions(framework_id)
    expected = dict(expected_actions.order_by().values_list(key).annotate(n=Count("pk")))
    by_actions = (
        through.objects.filter(localaction__plan_id__in=plan_ids, frameworkaction__in=expected_actions)
        .order_by().values_list("localaction__plan_id", f"frameworkaction__{key}")
        .annotate(n=Count("frameworkaction_id", distinct=True))
    )
    by_exemptions = (
        CoverageExemption.objects.filter(plan_id__in=plan_ids, framework_action__in=expected_actions)
        .exclude(Exists(through.objects.filter(localaction__plan_id=OuterRef("plan_id"),
                                               frameworkaction_id=OuterRef("framework_action_id"))))
        .order_by().values_list("plan_id", f"framework_action__{key}").annotate(n=Count("pk"))
    )
    addressed: dict[tuple, int] = {}
    for plan_id, column, n in [*by_actions, *by_exemptions]:
        addressed[plan_id, column] = addressed.get((plan_id, column), 0) + n
    return expected, {"addressed": addressed}


def _pillar_figures(framework_id: int, plan_ids: list[int], pillar_ids: list[int]) -> Figures:
    """The heatmap's figures per (plan, pillar): an action is in the pillar it names."""
    expected, figures = _coverage_figures(framework_id, plan_ids, "outcome__pillar_id")
    rows = (
        LocalAction.objects.filter(plan_id__in=plan_ids).order_by().values_list("plan_id", "pillar_id")
        .annotate(n=Count("pk"), risky=Count("pk", filter=Q(rag__in=RISKY)))
    )
    figures["actions"] = {(plan_id, pillar_id): n for plan_id, pillar_id, n, _ in rows}
    figures["red_amber"] = {(plan_id, pillar_id): risky for plan_id, pillar_id, _, risky in rows}
    return expected, figures


def _outcome_figures(framework_id: int, plan_ids: list[int], outcome_ids: list[int]) -> Figures:
    """
    The heatmap's figures per (plan, outcome). An action may belong to several outcomes, so its
    counts are one row per plan over the join of actions and their framework actions, each outcome
    counting distinct actions that meet in_outcome_joined_q.
    """
    expected, figures = _coverage_figures(framework_id, plan_ids, "outcome_id")
    counts = {}
    for o in outcome_ids:
        belongs = in_outcome_joined_q(o)
        counts[f"o{o}_actions"] = Count("pk", distinct=True, filter=belongs)
        counts[f"o{o}_red_amber"] = Count("pk", distinct=True, filter=belongs & Q(rag__in=RISKY))
    rows = LocalAction.objects.filter(plan_id__in=plan_ids).order_by().values("plan_id").annotate(**counts)
    figures["actions"], figures["red_amber"] = {}, {}
    for row in rows:
        for o in outcome_ids:
            figures["actions"][row["plan_id"], o] = row[f"o{o}_actions"]
            figures["red_amber"][row["plan_id"], o] = row[f"o{o}_red_amber"]
    return expected, figures


def with_coverage(rows) -> list[Force]:
    """
    The rows of force_overview as a list, each with coverage_pct: 100 × addressed / expected,
    None when nothing is expected (worked out from the two counts the query already made).
    """
    rows = list(rows)
    for row in rows:
        row.coverage_pct = 100.0 * row.addressed / row.expected if row.expected else None
    return rows


def force_row(*, force: Force, planning_round: PlanningRound | None, today: datetime.date | None = None,
              period: ReportingPeriod | None = None) -> Force:
    """One force's overview row with coverage_pct; a force outside the round has no plan in it."""
    row = force_overview(planning_round=planning_round, today=today, period=period).filter(pk=force.pk).first()
    if row is None:
        row = force_overview(planning_round=None, today=today, period=period).get(pk=force.pk)
    return with_coverage([row])[0]


def overview_rows(*, planning_round: PlanningRound | None, filters: OverviewFilters,
                  today: datetime.date | None = None, period: ReportingPeriod | None = None) -> list[Force]:
    """The overview's table: `force_overview` filtered and sorted in SQL (one query), with_coverage."""
    rows = force_overview(planning_round=planning_round, today=today, period=period)
    if filters.force:
        # By name, code or an alias ("GMP", "the Met"): accounts.selectors.force_search.
        rows = force_search(rows, filters.force)
    if filters.region:
        rows = rows.filter(region=filters.region)
    if filters.peer:
        # The force and its most-similar group (performance.models.PeerLink).
        rows = rows.filter(Q(code=filters.peer) | Q(pk__in=PeerLink.objects.filter(force__code=filters.peer)
                                                    .values("peer_id")))
    if filters.status:
        rows = rows.filter(plan_status=filters.status)
    if filters.rag:
        rows = rows.filter(**{f"rag_{filters.rag}__gt": 0})
    expression = OVERVIEW_SORTS[filters.sort][1]
    order = expression.desc(nulls_last=True) if filters.descending else expression.asc(nulls_last=True)
    return with_coverage(rows.order_by(order, "name"))


def overview_headline(*, planning_round: PlanningRound | None, today: datetime.date | None = None) -> dict:
    """
    The headline figures for the whole round (filters do not apply). One query.

    Keys: forces, one per status in PLAN_STATUSES, late (submitted after the due date), overdue
    (not yet submitted and the due date has passed), days_to_due (negative once passed, None
    without a round).
    """
    today = today or timezone.localdate()
    rows = force_overview(planning_round=planning_round, today=today, plan_only=True)
    submitted = [ActionPlan.Status.SUBMITTED, ActionPlan.Status.APPROVED]
    past_due = planning_round is not None and today > planning_round.due_on
    counts = {status: Count("pk", filter=Q(plan_status=status)) for status, _ in PLAN_STATUSES}
    if past_due:
        counts["overdue"] = Count("pk", filter=~Q(plan_status__in=submitted))
    figures = rows.aggregate(forces=Count("pk"), late=Count("pk", filter=Q(plan_is_late=True)), **counts)
    figures.setdefault("overdue", 0)
    figures["days_to_due"] = (planning_round.due_on - today).days if planning_round else None
    figures["days_past_due"] = -figures["days_to_due"] if figures["days_to_due"] is not None else None
    return figures


def regions() -> list[str]:
    """The regions forces belong to, for the region filter."""
    return list(Force.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct())


def peer_group_forces() -> list[tuple[str, str]]:
    """(code, name) of the forces that have a most-similar group loaded, for the peer group filter."""
    return list(
        Force.objects.filter(peer_links__isnull=False).distinct().order_by("name").values_list("code", "name")
    )


def pillars_for(planning_round: PlanningRound | None) -> list[Pillar]:
    """The pillars of the round's framework, in order."""
    if planning_round is None:
        return []
    return list(Pillar.objects.filter(framework_id=planning_round.framework_id).order_by("position", "code"))


def outcomes_for(planning_round: PlanningRound | None) -> list[Outcome]:
    """The outcomes of the round's framework, in pillar order, with their pillar."""
    if planning_round is None:
        return []
    return framework_outcomes(framework_id=planning_round.framework_id)


def return_timeliness(*, period: ReportingPeriod | None, status: str, submitted_at, today: datetime.date) -> str:
    """
    "On time", "Late", "Overdue" or "" for one force's return, from its annotated status and date.

    On time means submitted by the end of the due day (performance.selectors.completeness); overdue
    means not submitted and the due date has passed.
    """
    if period is None:
        return ""
    if submitted_at is not None:
        due = datetime.datetime.combine(period.due_on, datetime.time.max, tzinfo=timezone.get_current_timezone())
        return "On time" if submitted_at <= due else "Late"
    if status in (Return.Status.SUBMITTED, Return.Status.APPROVED):
        return ""
    return "Overdue" if today > period.due_on else ""


def current_period(today: datetime.date | None = None) -> ReportingPeriod | None:
    """The reporting period forces are working on (performance.selectors.period_current)."""
    return period_current(today=today)


def force_get(*, code: str) -> Force:
    """Raises Force.DoesNotExist."""
    return Force.objects.get(code=code)


def force_plan(*, plan_id: int | None) -> ActionPlan | None:
    """The force's latest plan in the round, with what the plan pages need, or None."""
    if plan_id is None:
        return None
    return ActionPlan.objects.select_related("force", "round__framework").get(pk=plan_id)


def overdue_actions(*, plan: ActionPlan, today: datetime.date | None = None) -> QuerySet[LocalAction]:
    """The plan's actions whose target date has passed and that are not complete, oldest target first."""
    today = today or timezone.localdate()
    return (
        plan.actions.filter(target_on__lt=today).exclude(status=LocalAction.Status.COMPLETE)
        .select_related("pillar").order_by("target_on", "reference")
    )


def force_returns(*, force: Force, limit: int = 4) -> QuerySet[Return]:
    """The force's latest returns, newest period first, with how many figures each flags."""
    return (
        Return.objects.filter(force=force).select_related("period")
        .annotate(flags=Count("values", filter=~Q(values__flag="")))
        .order_by("-period__starts_on")[:limit]
    )


def good_practice_actions(*, framework_action: FrameworkAction, query: str = "") -> QuerySet[LocalAction]:
    """
    Every force's local actions in APPROVED plans that address the framework action. Drafts,
    submitted, returned and superseded plans never appear.

    `query` searches the title, description and success measure: full-text on PostgreSQL,
    case-insensitive containment elsewhere.
    """
    actions = LocalAction.objects.filter(
        plan__status=ActionPlan.Status.APPROVED, framework_actions=framework_action
    ).select_related("plan__force", "pillar")
    query = query.strip()[:200]
    if query:
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = SearchVector("title", "description", "success_measure", config="english")
            actions = actions.annotate(search=vector).filter(search=SearchQuery(query, config="english",
                                                                                search_type="websearch"))
        else:
            actions = actions.filter(
                Q(title__icontains=query) | Q(description__icontains=query) | Q(success_measure__icontains=query)
            )
    return actions.order_by("plan__force__name", "reference")


def framework_actions_for(planning_round: PlanningRound | None) -> QuerySet[FrameworkAction]:
    """The framework actions expected of forces in the round's framework (the good-practice picker)."""
    if planning_round is None:
        return FrameworkAction.objects.none()
    return _expected_actions(planning_round.framework_id).order_by("position", "code")
