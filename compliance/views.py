"""
The national compliance pages: overview (with CSV and .xlsx exports), heatmap, each force's page
and good practice. Every figure comes from compliance.selectors.
"""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Force
from action_plans.selectors import plan_comments, plan_coverage
from frameworks.models import FrameworkAction

from . import exports, selectors
from .charts import rag_segments
from .freshness import EXPLANATION, freshness
from .report import heatmap_rows


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _crumbs(*extra) -> list[tuple[str, str | None]]:
    return [("Home", reverse("home")), ("Compliance", reverse("compliance:overview")), *extra]


def _sort_links(request, filters: selectors.OverviewFilters) -> dict[str, dict]:
    """For each sortable column: the URL that sorts by it (keeping the filters) and its aria-sort."""
    links = {}
    for key in selectors.OVERVIEW_SORTS:
        params = request.GET.copy()
        current = filters.sort == key
        params["sort"] = f"-{key}" if current and not filters.descending else key
        aria = ("descending" if filters.descending else "ascending") if current else "none"
        links[key] = {"href": "?" + params.urlencode(), "aria": aria}
    return links


def _overview_data(request):
    today = timezone.localdate()
    planning_round = selectors.round_current()
    period = selectors.current_period(today)
    filters = selectors.overview_filters(request.GET)
    rows = selectors.overview_rows(planning_round=planning_round, filters=filters, today=today, period=period)
    return today, planning_round, period, filters, rows


@login_required
@require_GET
def overview(request):
    _require(request, "compliance.view_overview")
    today, planning_round, period, filters, rows = _overview_data(request)
    rows = list(rows)
    for row in rows:
        _decorate(row, period, today)
    query = request.GET.urlencode()
    return render(request, "compliance/overview.html", {
        "page_title": "National compliance",
        "round": planning_round,
        "period": period,
        "headline": selectors.overview_headline(planning_round=planning_round, today=today),
        "rows": rows,
        "filters": filters,
        "freshness_explanation": EXPLANATION,
        "statuses": selectors.PLAN_STATUSES,
        "status_colours": selectors.PLAN_STATUS_COLOURS,
        "regions": selectors.regions(),
        "peer_groups": selectors.peer_group_forces(),
        "rags": selectors.RAGS,
        "sorts": _sort_links(request, filters),
        "export_query": f"?{query}" if query else "",
        "breadcrumbs": [("Home", reverse("home")), ("Compliance", None)],
    })


def _decorate(row, period, today) -> None:
    """Labels and bar geometry for one annotated force row (presentation only, no counting)."""
    row.status_label = selectors.PLAN_STATUS_LABELS.get(row.plan_status, row.plan_status)
    row.status_colour = selectors.PLAN_STATUS_COLOURS.get(row.plan_status, "grey")
    row.return_label = selectors.RETURN_STATUS_LABELS.get(row.return_status, "") if period else "No period"
    row.return_timeliness = selectors.return_timeliness(
        period=period, status=row.return_status, submitted_at=row.return_submitted_at, today=today
    )
    row.segments = rag_segments(red=row.rag_red, amber=row.rag_amber, green=row.rag_green, not_rated=row.rag_none)
    row.freshness = freshness(plan_status=row.plan_status, needing_update=row.needing_update,
                              updated_this_cycle=row.updated_this_cycle, return_timeliness=row.return_timeliness)


def _export(request, extension: str, content_type: str, render_table) -> HttpResponse:
    _require(request, "compliance.view_overview")
    today, _, period, _, rows = _overview_data(request)
    content = render_table(exports.overview_table(rows=rows, period=period, today=today))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="compliance-{today.isoformat()}.{extension}"'
    return response


@login_required
@require_GET
def overview_export_csv(request):
    return _export(request, "csv", "text/csv; charset=utf-8", exports.to_csv)


@login_required
@require_GET
def overview_export_xlsx(request):
    return _export(
        request, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.to_xlsx
    )


@login_required
@require_GET
def heatmap(request):
    """Forces × pillars, or forces × outcomes with ?by=outcome (a link on the page; no JavaScript)."""
    _require(request, "compliance.view_overview")
    planning_round = selectors.round_current()
    by_outcome = request.GET.get("by") == "outcome"
    if by_outcome:
        columns = selectors.outcomes_for(planning_round)
        table = heatmap_rows(planning_round=planning_round, outcomes=columns)
    else:
        columns = selectors.pillars_for(planning_round)
        table = heatmap_rows(planning_round=planning_round, pillars=columns)
    return render(request, "compliance/heatmap.html", {
        "page_title": "Compliance heatmap by outcome" if by_outcome else "Compliance heatmap",
        "round": planning_round, "columns": columns, "table": table, "by_outcome": by_outcome,
        "breadcrumbs": _crumbs(("Heatmap", None)),
    })


@login_required
@require_GET
def timeline(request):
    """Plan submissions in order, each against the round's due date."""
    _require(request, "compliance.view_overview")
    planning_round = selectors.round_current()
    rows = selectors.force_overview(planning_round=planning_round, plan_only=True)
    submitted = list(rows.filter(plan_submitted_at__isnull=False).order_by("plan_submitted_at", "name"))
    waiting = list(rows.filter(plan_submitted_at__isnull=True).order_by("name"))
    for row in submitted:
        row.days_from_due = (timezone.localdate(row.plan_submitted_at) - planning_round.due_on).days
        row.days_apart = abs(row.days_from_due)
    return render(request, "compliance/timeline.html", {
        "page_title": "Plan submissions timeline", "round": planning_round,
        "before": [r for r in submitted if r.days_from_due <= 0],
        "after": [r for r in submitted if r.days_from_due > 0],
        "waiting": waiting,
        "breadcrumbs": _crumbs(("Timeline", None)),
    })


@login_required
@require_GET
def force_detail(request, code: str):
    try:
        force = selectors.force_get(code=code)
    except Force.DoesNotExist as exc:
        raise Http404("No force found") from exc
    if not request.user.has_perm("compliance.view_force", force):
        raise Http404("No force found")
    today = timezone.localdate()
    planning_round = selectors.round_current()
    period = selectors.current_period(today)
    row = selectors.force_row(force=force, planning_round=planning_round, today=today, period=period)
    _decorate(row, period, today)
    plan = selectors.force_plan(plan_id=row.plan_id)
    coverage = plan_coverage(plan=plan) if plan else None
    # The plan PDF (reports:plan-pdf) for whoever may read the plan: the same rule as the plan page.
    can_read_plan = plan is not None and request.user.has_perm("action_plans.view_plan", plan)
    return render(request, "compliance/force_detail.html", {
        "page_title": f"Compliance: {force.name}",
        "force": force, "row": row, "round": planning_round, "plan": plan, "period": period,
        "can_read_plan": can_read_plan,
        "status_label": row.status_label,
        "status_colour": row.status_colour,
        "freshness_explanation": EXPLANATION,
        "gaps": coverage.gaps if coverage else [],
        "overdue": selectors.overdue_actions(plan=plan, today=today) if plan else [],
        "returns": selectors.force_returns(force=force),
        "comments": plan_comments(plan=plan) if plan else [],
        "breadcrumbs": _crumbs(
            (force.name, None)) if request.user.has_perm("compliance.view_overview") else None,
    })


@login_required
@require_GET
def good_practice(request):
    _require(request, "compliance.view_good_practice")
    planning_round = selectors.round_current()
    choices = list(selectors.framework_actions_for(planning_round))
    chosen = None
    raw = request.GET.get("action", "")
    if re.fullmatch(r"[0-9]{1,18}", raw):
        chosen = next((fa for fa in choices if fa.pk == int(raw)), None)
        if chosen is None:
            chosen = FrameworkAction.objects.filter(pk=raw, audience=FrameworkAction.Audience.FORCES).first()
    query = request.GET.get("q", "")[:200]
    actions = selectors.good_practice_actions(framework_action=chosen, query=query) if chosen else []
    return render(request, "compliance/good_practice.html", {
        "page_title": "Good practice", "choices": choices, "chosen": chosen, "query": query, "actions": actions,
        "breadcrumbs": None,
    })
