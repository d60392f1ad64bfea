"""
Action plan work waiting for a user, derived from the state of the plans (not from notifications):
an item stays on the "Needs your attention" list until the work is done.

- Chief officer: sign off the force's plan while it awaits sign-off and is not yet signed off.
- Planner or chief officer: submit a signed-off plan; answer a returned plan's open review
  comments; cover a draft or returned plan's gaps; update an approved plan's actions not updated
  this cycle.
- National coordinator: review the submitted plans.

A fixed number of queries whatever the number of plans and actions.
"""

import rules
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.attention import TodoItem

from .models import ActionPlan
from .selectors import current_cycle, plan_is_signed_off, plans_awaiting_review, plans_gap_counts, plans_with_work

Status = ActionPlan.Status
_OPEN_WORK = [Status.DRAFT, Status.AWAITING_SIGNOFF, Status.RETURNED, Status.APPROVED]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _url(name: str, plan: ActionPlan) -> str:
    return reverse(f"action_plans:{name}", args=[plan.pk])


def _force_items(user: User) -> list[TodoItem]:
    today = timezone.localdate()
    plans = list(plans_with_work(
        ActionPlan.objects.filter(force_id=user.force_id, status__in=_OPEN_WORK), today=today
    ).order_by("-round__due_on", "-revision"))
    editable = [plan for plan in plans if plan.status in (Status.DRAFT, Status.RETURNED)]
    gaps = plans_gap_counts(editable) if editable and user.has_perm("action_plans.change_plan", editable[0]) else {}
    cycle = current_cycle(today)
    items = []
    for plan in plans:
        name = f"the plan for {plan.round.title}"
        can_change = user.has_perm("action_plans.change_plan", plan)
        due = f"Due {plan.round.due_on:%-d %B %Y}"
        if plan.status == Status.AWAITING_SIGNOFF and not plan_is_signed_off(plan):
            if user.has_perm("action_plans.sign_off_plan", plan):
                items.append(TodoItem(f"Sign off {name}", _url("plan-sign-off", plan), hint=due))
        elif plan_is_signed_off(plan) and can_change:
            items.append(TodoItem(f"Submit {name} for national review", _url("plan-submit", plan), hint=due))
        if not can_change:
            continue
        if plan.status == Status.RETURNED and plan.open_comments:
            items.append(TodoItem(
                f"Answer {_plural(plan.open_comments, 'review comment')} on {name}",
                _url("plan-detail", plan) + "#review-comments", count=plan.open_comments,
            ))
        if gaps.get(plan.pk):
            items.append(TodoItem(
                f"Fix {_plural(gaps[plan.pk], 'gap')} in {name}", _url("plan-detail", plan) + "#coverage",
                count=gaps[plan.pk], hint="Framework actions with no local action that are not marked not applicable",
            ))
        if plan.status == Status.APPROVED and plan.stale_count:
            items.append(TodoItem(
                f"Update {_plural(plan.stale_count, 'action')} in {name}", reverse("action_plans:needs-update"),
                count=plan.stale_count, hint=f"Not updated in {cycle.label}",
            ))
    return items


def items_for(user: User) -> list[TodoItem]:
    items = []
    if user.is_force_user and user.force_id:
        items.extend(_force_items(user))
    # Asked of the rules set: user.has_perm would fall through to the model backend's queries.
    if rules.has_perm("action_plans.review_plan", user):
        queue = plans_awaiting_review()
        count = queue.count()
        if count:
            url = (reverse("action_plans:plan-review", args=[queue.values_list("pk", flat=True)[0]]) if count == 1
                   else reverse("home") + "#review-queue")
            items.append(TodoItem(f"Review {_plural(count, 'submitted plan')}", url, count=count,
                                  hint="Oldest submission first"))
    return items
