"""
The national compliance report's content: the overview's headline and forces table, the heatmap
and the late forces, read from the SAME selectors as the pages (compliance.selectors) and turned
into plain data (a snapshot) that reports.services fingerprints and renders as a tagged PDF.

Only presentation happens here (labels, percentages of already-aggregated counts); every count
is a SQL aggregate in compliance.selectors.
"""

import datetime

from django.utils import timezone

from . import selectors


def band(coverage: int | None) -> str:
    """A colour band for a coverage cell; the value is always printed too."""
    if coverage is None:
        return "none"
    if coverage >= 100:
        return "full"
    if coverage >= 50:
        return "part"
    return "low"


def heatmap_rows(*, planning_round, pillars=(), outcomes=()) -> list[dict]:
    """
    The heatmap's rows: each force with one cell per pillar, or per outcome when `outcomes` are
    given (coverage %, red or amber %, the number of actions), from selectors.force_heatmap (a
    fixed number of grouped queries, whatever the forces and columns).

    Each cell's `column` is the pillar or outcome and `filter` the plan page's query parameter
    that shows the force's actions in it ("pillar" or "outcome").
    """
    by_outcome = bool(outcomes)
    columns, prefix, param = (outcomes, "o", "outcome") if by_outcome else (pillars, "p", "pillar")
    rows = selectors.force_heatmap(planning_round=planning_round, pillars=None if by_outcome else pillars,
                                   outcomes=outcomes if by_outcome else None)
    table = []
    for row in rows:
        cells = []
        for column in columns:
            expected = getattr(row, f"{prefix}{column.pk}_expected")
            addressed = getattr(row, f"{prefix}{column.pk}_addressed")
            actions = getattr(row, f"{prefix}{column.pk}_actions")
            red_amber = getattr(row, f"{prefix}{column.pk}_red_amber")
            coverage = round(100 * addressed / expected) if expected else None
            risk = round(100 * red_amber / actions) if actions else None
            cells.append({"column": column, "filter": param, "coverage": coverage, "risk": risk,
                          "actions": actions, "band": band(coverage)})
        table.append({"force": row, "cells": cells})
    return table


def _date(value) -> str:
    return f"{value:%-d %b %Y}" if value else ""


def _pct(value) -> int | None:
    return None if value is None else int(value)


def national_snapshot(*, today: datetime.date | None = None) -> dict:
    """
    Everything the national compliance PDF prints, as JSON-able data (fingerprinted by reports).

    Keys: round (title, due_on) or None, headline (as compliance.selectors.overview_headline),
    forces (the overview's rows in force order, no filters), pillars, heatmap, late (forces that
    submitted after the due date, or have not submitted and the due date has passed).
    """
    today = today or timezone.localdate()
    planning_round = selectors.round_current()
    period = selectors.current_period(today)
    headline = selectors.overview_headline(planning_round=planning_round, today=today)
    # With no filters the rows come in force order.
    rows = selectors.overview_rows(planning_round=planning_round, filters=selectors.overview_filters({}),
                                   today=today, period=period)
    past_due = planning_round is not None and today > planning_round.due_on
    forces, late = [], []
    for row in rows:
        status_label = selectors.PLAN_STATUS_LABELS.get(row.plan_status, row.plan_status)
        timeliness = selectors.return_timeliness(period=period, status=row.return_status,
                                                 submitted_at=row.return_submitted_at, today=today)
        forces.append({
            "name": row.name, "code": row.code, "region": row.region, "status": status_label,
            "submitted": _date(timezone.localdate(row.plan_submitted_at) if row.plan_submitted_at else None),
            "is_late": bool(row.plan_is_late), "revision": row.plan_revision,
            "coverage": _pct(row.coverage_pct), "red": row.rag_red, "amber": row.rag_amber,
            "green": row.rag_green, "not_rated": row.rag_none, "updated": _pct(row.updated_pct),
            "return_status": (selectors.RETURN_STATUS_LABELS.get(row.return_status, "") if period
                              else "No period"),
            "return_timeliness": timeliness, "open_comments": row.open_comments,
        })
        if row.plan_is_late:
            late.append({"name": row.name, "region": row.region, "status": status_label,
                         "reason": f"Submitted after the due date, on {forces[-1]['submitted']}"})
        elif past_due and row.plan_status not in ("submitted", "approved"):
            late.append({"name": row.name, "region": row.region, "status": status_label,
                         "reason": "Not submitted and the due date has passed"})
    pillars = selectors.pillars_for(planning_round)
    heatmap = [
        {"force": line["force"].name, "has_plan": line["force"].plan_id is not None,
         "cells": [{"pillar": c["column"].code, "coverage": c["coverage"], "risk": c["risk"],
                    "actions": c["actions"], "band": c["band"]} for c in line["cells"]]}
        for line in heatmap_rows(planning_round=planning_round, pillars=pillars)
    ]
    return {
        "round": ({"title": planning_round.title, "due_on": _date(planning_round.due_on)}
                  if planning_round else None),
        "period": period.label if period else None,
        "headline": headline,
        "forces": forces,
        "pillars": [{"code": p.code, "title": p.title} for p in pillars],
        "heatmap": heatmap,
        "late": late,
    }
