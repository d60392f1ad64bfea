"""
Reads for reports: the jobs a person may see, and the snapshots documents are made from.

A snapshot is the plain data (strings, numbers, lists) a document prints, read only through the
owning apps' selectors (action_plans.selectors, toolkit.selectors). The same snapshot feeds the
template and the fingerprint, so a document is reused exactly when what it would print is
unchanged, and a changed plan never gets a stale file.
"""

import hashlib
import json

from django.db.models import Count, Max, Q, QuerySet
from django.utils.text import slugify

from accounts.models import User
from action_plans import selectors as plan_selectors
from action_plans.models import ActionPlan
from common.charts import palette
from common.charts.bars import Bar, Series, stacked_bar_chart
from toolkit import selectors as toolkit_selectors

from .models import ReportJob

# Bump when a template or the snapshot's shape changes, so files made by older code are not reused.
DOCUMENT_VERSION = "1"

RAG_ORDER = (("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("", "Not rated"))


# Jobs ---------------------------------------------------------------------------------------------

def report_job_list_for_user(*, user: User) -> QuerySet[ReportJob]:
    """The user's own jobs, newest first (a ZIP's per-plan parts are not listed on their own)."""
    return ReportJob.objects.filter(requested_by=user, parent__isnull=True).order_by("-created_at", "-pk")


def report_job_get_for_user(*, user: User, uuid) -> ReportJob:
    """
    One job the user may read: their own, or a toolkit PDF (public guidance) of anyone's.

    Raises ReportJob.DoesNotExist otherwise, so another person's job is a 404, never a 403.
    """
    visible = Q(kind=ReportJob.Kind.TOOLKIT_PDF)
    if user.is_authenticated:
        visible |= Q(requested_by=user)
    return ReportJob.objects.filter(visible).select_related("force").get(uuid=uuid)


def report_job_reusable(*, kind: str, fingerprint: str, params: dict) -> ReportJob | None:
    """The newest ready job of `kind` made from the same data, whose file is still stored."""
    candidates = ReportJob.objects.filter(
        kind=kind, fingerprint=fingerprint, status=ReportJob.Status.READY, params=params,
    ).exclude(file="").order_by("-finished_at", "-pk")
    for job in candidates[:3]:
        if job.file.storage.exists(job.file.name):
            return job
    return None


def fingerprint_of(snapshot: dict) -> str:
    """SHA-256 of a snapshot's canonical JSON, with the document version folded in."""
    canonical = json.dumps({"v": DOCUMENT_VERSION, "data": snapshot}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


# Plans --------------------------------------------------------------------------------------------

def _date(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def plan_filename(plan_data: dict) -> str:
    """west-yorkshire-police-vawg-plan-revision-2.pdf"""
    return f"{plan_data['force_slug']}-vawg-plan-revision-{plan_data['revision']}.pdf"


def _action_row(action) -> dict:
    tools = sorted(action.tools.all(), key=lambda t: t.name.lower())
    return {
        "id": action.pk,
        "reference": action.reference,
        "title": action.title,
        "description": action.description,
        "owner_team": action.owner_team,
        "lead_officer": action.lead_officer,
        "partners": action.partners,
        "start_on": _date(action.start_on),
        "target_on": _date(action.target_on),
        "status": action.get_status_display(),
        "rag": action.rag,
        "rag_label": action.get_rag_display(),
        "progress": action.progress,
        "priority": action.get_priority_display(),
        "success_measure": action.success_measure,
        "framework_actions": [fa.code for fa in action.framework_actions.all()],
        "tools": [tool.name for tool in tools],
        "outcome_id": action.outcome_id,
        "pillar_id": action.pillar_id,
    }


def plan_snapshot(*, user: User, plan_id: int) -> dict:
    """
    Everything a plan PDF prints, as plain data, for a plan `user` may read.

    Raises ActionPlan.DoesNotExist when the user may not read the plan: a job is checked again
    when it is made, so a plan that became hidden since the request is never printed.
    """
    plan = plan_selectors.plan_get_for_user(user=user, pk=plan_id)
    coverage = plan_selectors.plan_coverage(plan=plan)
    actions = list(
        plan_selectors.plan_actions(plan=plan).prefetch_related("tools", "updates__author")
    )
    by_id = {action.pk: action for action in actions}
    framework = plan.round.framework
    pillars = []
    for pc in coverage.pillars:
        pillar_actions = [by_id[a.pk] for a in pc.actions if a.pk in by_id]
        rag_counts = {key: 0 for key, _ in RAG_ORDER}
        for action in pillar_actions:
            rag_counts[action.rag if action.rag in rag_counts else ""] += 1
        outcomes = []
        for oc in pc.outcomes:
            rows = [_action_row(a) for a in pillar_actions if a.outcome_id == oc.outcome.pk]
            outcomes.append({"code": oc.outcome.code, "title": oc.outcome.title, "actions": rows,
                             "expected": len(oc.rows), "gaps": len(oc.gaps)})
        known = {oc.outcome.pk for oc in pc.outcomes}
        loose = [_action_row(a) for a in pillar_actions if a.outcome_id not in known]
        if loose:
            outcomes.append({"code": "", "title": "No outcome given", "actions": loose, "expected": 0, "gaps": 0})
        pillars.append({
            "id": pc.pillar.pk,
            "code": pc.pillar.code,
            "title": pc.pillar.title,
            "anchor": f"pillar-{slugify(pc.pillar.code) or pc.pillar.pk}",
            "expected": pc.expected,
            "addressed": pc.addressed,
            "gaps": len(pc.gaps),
            "action_count": len(pillar_actions),
            "rag": [{"key": key or "not_rated", "label": label, "count": rag_counts[key]} for key, label in RAG_ORDER],
            "outcomes": outcomes,
        })
    updates = []
    for action in sorted(actions, key=lambda a: a.reference):
        for update in sorted(action.updates.all(), key=lambda u: (u.on, u.created_at)):
            updates.append({
                "reference": action.reference,
                "on": _date(update.on),
                "author": update.author.full_name,
                "narrative": update.narrative,
                "rag": update.get_rag_display(),
                "progress": update.progress,
            })
    transitions = [
        {"label": step.label, "at": _date(step.at), "actor": step.actor.full_name, "comment": step.comment}
        for step in plan_selectors.plan_transitions(plan=plan)
    ]
    plan_data = {
        "id": plan.pk,
        "force": plan.force.name,
        "force_slug": slugify(plan.force.name),
        "round": plan.round.title,
        "due_on": _date(plan.round.due_on),
        "framework": framework.title,
        "framework_version": framework.version,
        "framework_is_reconstruction": framework.is_reconstruction,
        "revision": plan.revision,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "lead_chief_officer": plan.lead_chief_officer,
        "foreword": plan.foreword,
        "submitted_on": _date(plan.submitted_at),
        "approved_on": _date(plan.approved_at),
        "approved_by": plan.approved_by.full_name if plan.approved_by_id else "",
        "updated_on": _date(plan.updated_at),
    }
    signoff = None
    if plan.signed_off_on:
        signoff = {
            "name": plan.signed_off_name,
            "rank": plan.signed_off_rank,
            "on": _date(plan.signed_off_on),
            "statement": plan.signoff_statement,
        }
    return {
        "plan": plan_data,
        "signoff": signoff,
        "pillars": pillars,
        "totals": {"actions": len(actions), "expected": coverage.expected, "addressed": coverage.addressed,
                   "gaps": len(coverage.gaps)},
        "updates": updates,
        "transitions": transitions,
    }


def pillar_chart_svg(*, pillars: list[dict], id_prefix: str = "pillar-chart", width: float = 360) -> str:
    """The summary-by-pillar chart: each pillar's actions split by RAG status, every count printed."""
    series = [Series(label, palette.RAG[key or "not_rated"]) for key, label in RAG_ORDER]
    bars = [Bar(f"{p['code']} {p['title']}", tuple(r["count"] for r in p["rag"])) for p in pillars]
    sentences = [
        f"{p['code']} {p['title']}: {p['action_count']} actions, "
        + ", ".join(f"{r['label'].lower()} {r['count']}" for r in p["rag"])
        + f"; {p['addressed']} of {p['expected']} framework actions addressed."
        for p in pillars
    ]
    return stacked_bar_chart(
        bars=bars, series=series, title="Actions by pillar and RAG status",
        description=" ".join(sentences) or "The plan has no pillars.", id_prefix=id_prefix, unit="actions",
        width=width,
    )


def pillar_summary_for_page(*, coverage) -> list[dict]:
    """The pillar rows the chart needs, from action_plans.selectors.plan_coverage (for the plan page)."""
    rows = []
    for pc in coverage.pillars:
        counts = {key: 0 for key, _ in RAG_ORDER}
        for action in pc.actions:
            counts[action.rag if action.rag in counts else ""] += 1
        rows.append({
            "code": pc.pillar.code, "title": pc.pillar.title, "action_count": len(pc.actions),
            "expected": pc.expected, "addressed": pc.addressed,
            "rag": [{"key": key or "not_rated", "label": label, "count": counts[key]} for key, label in RAG_ORDER],
        })
    return rows


def approved_plan_list(*, user: User) -> list[ActionPlan]:
    """Every approved plan (the current revision of each) the user may read, by force."""
    return list(
        plan_selectors.plan_list_for_user(user=user)
        .filter(status=ActionPlan.Status.APPROVED)
        .order_by("force__name", "round__due_on", "pk")
    )


def approved_plans_fingerprint(*, user: User) -> str:
    """
    A fingerprint of every approved plan's data without loading it all.

    Each plan contributes its id, last save, action count and latest action save, latest progress
    update and tool links; each part PDF is fingerprinted in full when it is made, so a change the
    aggregate missed still gives a fresh part, and a ZIP whose parts changed gets a new file.
    """
    rows = list(
        plan_selectors.plan_list_for_user(user=user)
        .filter(status=ActionPlan.Status.APPROVED)
        .order_by("pk")
        .annotate(
            last_action=Max("actions__updated_at"),
            last_update=Max("actions__updates__pk"),
            tool_links=Count("actions__tools", distinct=True),
        )
        .values_list("pk", "updated_at", "action_count", "last_action", "last_update", "tool_links")
    )
    return fingerprint_of({"plans": rows, "toolkit": _toolkit_stamp()})


# Toolkit ------------------------------------------------------------------------------------------

def _toolkit_stamp() -> list:
    return [
        qs.aggregate(n=Count("pk"), last=Max("updated_at"))
        for qs in (toolkit_selectors.behaviour_list(), toolkit_selectors.offence_list(),
                   toolkit_selectors.tactic_list())
    ]


def toolkit_snapshot() -> dict:
    """Everything the toolkit PDF prints: behaviours by category with their offences and tools, then each list."""
    behaviours = {
        b.pk: b for b in toolkit_selectors.behaviour_list().prefetch_related(
            "offence_links__offence", "tactic_links__tactic"
        )
    }
    categories = []
    for label, items in toolkit_selectors.behaviour_list_by_category():
        entries = []
        for item in items:
            b = behaviours[item.pk]
            entries.append({
                "name": b.name, "summary": b.summary, "examples": b.example_list, "note": b.toolkit_note,
                "needs_check": b.needs_check,
                "offences": [{"citation": link.offence.citation, "name": link.offence.name, "note": link.note}
                             for link in b.offence_links.all()],
                "tools": [{"name": link.tactic.name, "note": link.note} for link in b.tactic_links.all()],
            })
        categories.append({"label": label, "anchor": f"category-{slugify(label)}", "behaviours": entries})
    offences = [
        {"citation": o.citation, "name": o.name, "mode": o.get_mode_of_trial_display(), "penalty": o.max_penalty,
         "status": o.get_status_display(), "summary": o.summary, "needs_check": o.needs_check}
        for o in toolkit_selectors.offence_list()
    ]
    tools = [
        {"name": t.name, "kind": t.get_kind_display(), "legislation": t.legislation, "section": t.section,
         "summary": t.summary, "who_applies": t.who_applies, "test": t.test, "duration": t.duration,
         "breach": t.breach, "needs_check": t.needs_check}
        for t in toolkit_selectors.tactic_list()
    ]
    return {"categories": categories, "offences": offences, "tools": tools,
            "behaviour_count": sum(len(c["behaviours"]) for c in categories)}


# Bulk exports for national roles (the API's CSV exports, issue 13) -----------------------------

APPROVED_ACTIONS_HEADER = [
    "force", "force_name", "round", "plan_id", "revision", "approved_at", "reference", "title", "pillar", "outcome",
    "framework_actions", "status", "rag", "progress", "priority", "owner_team", "start_on", "target_on",
    "last_progress_on",
]
APPROVED_VALUES_HEADER = [
    "force", "force_name", "period", "measure", "breakdown", "value", "note", "flag", "approved_at",
]


def _iso(value) -> str:
    return value.isoformat() if value else ""


def approved_action_rows(*, user: User):
    """One row per action of every approved plan the user may read (header first), streamed in chunks."""
    from action_plans.models import LocalAction

    yield APPROVED_ACTIONS_HEADER
    # Plain tuples, not model instances: an export of every approved plan is tens of thousands of rows.
    actions = LocalAction.objects.filter(
        plan__in=plan_selectors.plan_list_for_user(user=user).filter(status=ActionPlan.Status.APPROVED).values("pk")
    )
    codes: dict[int, list[str]] = {}
    links = LocalAction.framework_actions.through.objects.filter(localaction__in=actions.values("pk"))
    for action_id, code in links.order_by("frameworkaction__code").values_list("localaction_id",
                                                                                "frameworkaction__code"):
        codes.setdefault(action_id, []).append(code)
    rows = actions.order_by("plan__force__name", "plan_id", "reference").values_list(
        "pk", "plan__force__code", "plan__force__name", "plan__round__title", "plan_id", "plan__revision",
        "plan__approved_at", "reference", "title", "pillar__code", "outcome__code", "status", "rag", "progress",
        "priority", "owner_team", "start_on", "target_on", "last_progress_on",
    )
    for pk, *row in rows.iterator(chunk_size=2000):
        (force, force_name, round_title, plan_id, revision, approved_at, reference, title, pillar, outcome, status,
         rag, progress, priority, owner, start_on, target_on, last_progress_on) = row
        yield [
            force, force_name, round_title, plan_id, revision, _iso(approved_at), reference, title, pillar,
            outcome or "", " ".join(codes.get(pk, ())), status, rag, progress, priority, owner, _iso(start_on),
            _iso(target_on), _iso(last_progress_on),
        ]


def approved_value_rows():
    """One row per figure of every approved return (header first). Approved figures are public to every role."""
    from performance.models import Return, ReturnValue

    yield APPROVED_VALUES_HEADER
    values = (
        ReturnValue.objects.filter(return_obj__status=Return.Status.APPROVED)
        .order_by("return_obj__period__starts_on", "return_obj__force__name", "measure__position", "measure__code",
                  "breakdown")
        .values_list("return_obj__force__code", "return_obj__force__name", "return_obj__period__slug",
                     "measure__code", "breakdown", "value", "note", "flag", "return_obj__reviewed_at")
    )
    for force, force_name, period, measure, breakdown, value, note, flag, reviewed_at in values.iterator(
            chunk_size=5000):
        yield [force, force_name, period, measure, breakdown, "" if value is None else str(value), note, flag,
               _iso(reviewed_at)]
