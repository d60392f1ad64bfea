"""
The home page's action plan panels (accounts.panels gathers them by discovery).

- Force users: their force's current plan: status (overdue by N days when late), due date,
  coverage gaps, actions by RAG, actions not updated this cycle, and the plan's next step as one
  primary button (the plan page's own next step, `selectors.plan_next_step`). A chief officer
  also sees what awaits their sign-off.
- The national team: the review queue, oldest submission first.

A fixed number of queries whatever the size of the plan.
"""

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.panels import HomePanel

from .models import ActionPlan
from .selectors import (
    PlanButton,
    current_cycle,
    plan_current_for_force,
    plan_is_signed_off,
    plan_next_step,
    plan_status,
    plans_awaiting_review,
    plans_gap_counts,
)

REVIEW_QUEUE_SHOWN = 10


def _primary_button(plan: ActionPlan, user: User) -> tuple[str, PlanButton]:
    """The next step's text and its one primary button (else the way to the plan itself)."""
    step = plan_next_step(plan=plan, user=user)
    button = next((b for b in step.buttons if b.primary), None)
    if button is None:
        button = PlanButton("Open your plan", reverse("action_plans:plan-detail", args=[plan.pk]))
    return step.text, button


def _force_panel(user: User) -> HomePanel:
    plan = plan_current_for_force(force_id=user.force_id)
    if plan is None:
        return HomePanel("action_plans/home/force_plan.html", {"plan": None, "force": user.force})
    today = timezone.localdate()
    gaps = None
    if plan.status in (ActionPlan.Status.DRAFT, ActionPlan.Status.RETURNED):
        gaps = plans_gap_counts([plan])[plan.pk]
    text, button = _primary_button(plan, user)
    rags = [
        ("Red", plan.rag_red, "red"), ("Amber", plan.rag_amber, "yellow"),
        ("Green", plan.rag_green, "green"), ("Not rated", plan.rag_none, "grey"),
    ]
    return HomePanel("action_plans/home/force_plan.html", {
        "plan": plan,
        "force": plan.force,
        "status": plan_status(plan=plan, today=today),
        "gaps": gaps,
        "rags": rags,
        "cycle": current_cycle(today),
        "tracks_progress": plan.status == ActionPlan.Status.APPROVED,
        "next_text": text,
        "button": button,
        "awaits_signoff": (
            user.has_perm("action_plans.sign_off_plan", plan)
            and plan.status == ActionPlan.Status.AWAITING_SIGNOFF and not plan_is_signed_off(plan)
        ),
        "is_chief": user.role == "chief_officer",
    })


def _review_panel(user: User) -> HomePanel:
    queue = plans_awaiting_review()
    shown = list(queue[:REVIEW_QUEUE_SHOWN])
    total = queue.count()
    today = timezone.localdate()
    can_review = user.has_perm("action_plans.review_plan", shown[0]) if shown else False
    for plan in shown:
        plan.waiting_days = (today - timezone.localtime(plan.submitted_at).date()).days if plan.submitted_at else 0
        name = "action_plans:plan-review" if can_review else "action_plans:plan-detail"
        plan.open_url = reverse(name, args=[plan.pk])
    return HomePanel("action_plans/home/review_queue.html", {
        "queue": shown, "total": total, "can_review": can_review,
    })


def panels_for(user: User) -> list[HomePanel]:
    if user.is_force_user and user.force_id:
        return [_force_panel(user)]
    if user.is_national or user.is_superuser:
        return [_review_panel(user)]
    return []
