"""
Performance return work waiting for a user, derived from the returns' state: each item stays on
the "Needs your attention" list until the work is done.

- Planner or chief officer: correct a return the national team returned; submit the return of
  each period whose entry is open and that the force has not submitted yet.
- National coordinator: review the submitted returns.

A fixed number of queries whatever the number of periods and returns.
"""

import rules
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.attention import TodoItem

from .models import ReportingPeriod, Return


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


def _force_items(user: User) -> list[TodoItem]:
    force = user.force
    if not user.has_perm("performance.change_return", force):
        return []
    today = timezone.localdate()
    returns = {ret.period_id: ret for ret in Return.objects.filter(force=force).select_related("period")}
    items = []
    for ret in returns.values():
        if ret.status == Return.Status.RETURNED:
            items.append(TodoItem(
                f"Correct the performance return for {ret.period.label}",
                reverse("performance:return", args=[force.code, ret.period.slug]),
                hint="The national team returned it: change it and submit it again",
            ))
    # Periods whose entry is open and not yet locked: the return is owed until it is submitted.
    for period in ReportingPeriod.objects.filter(opens_on__lte=today).order_by("due_on"):
        ret = returns.get(period.pk)
        if today >= period.locks_on or (ret is not None and ret.status != Return.Status.DRAFT):
            continue
        late = (today - period.due_on).days
        items.append(TodoItem(
            f"Submit the performance return for {period.label}",
            reverse("performance:return", args=[force.code, period.slug]),
            hint=(f"Overdue by {late} day{'' if late == 1 else 's'} (due {_day(period.due_on)})" if late > 0
                  else f"Due {_day(period.due_on)}"),
        ))
    return items


def items_for(user: User) -> list[TodoItem]:
    items = []
    if user.is_force_user and user.force_id:
        items.extend(_force_items(user))
    # Asked of the rules set: user.has_perm would fall through to the model backend's queries.
    if rules.has_perm("performance.review_return", user):
        count = Return.objects.filter(status=Return.Status.SUBMITTED).count()
        if count:
            items.append(TodoItem(
                f"Review {count} submitted performance return{'' if count == 1 else 's'}",
                reverse("performance:completeness"), count=count,
            ))
    return items
