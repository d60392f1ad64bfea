"""
Telling people about plans: in-app notifications ("Needs your attention") and emails.

Every notification has a unique `key`, so running the same event or reminder twice adds nothing
and sends no second email. Keys always end with the recipient's id (the key is unique across
all users):

- workflow events: `<event>:<plan id>:<number of the plan's transitions>:<user id>`. The number of
  transitions identifies the step, so repeating the call for one step is harmless, while a plan
  returned a second time notifies again.
- due reminders: `due:<round id>:<force id>:<band>:<user id>`, for bands 30, 7 and 1 days before the
  round's due date. A force gets the reminder of the smallest band its days left fall into, once;
  so a missed daily run catches up the next day without sending every earlier band.
- overdue notices: `overdue:<round id>:<force id>:<ISO year>-W<ISO week>:<user id>`: once a week
  while a force in an open round has submitted nothing past the due date. Daily would nag; the
  first notice comes the day after the due date, then one each Monday's run.
- progress updates due: `update_due:<plan id>:<cycle key>:<user id>`: once per reporting cycle (a
  calendar quarter, `common.cycles`) to the planners of an approved plan that has actions not
  finished and not updated in the cycle, sent in the cycle's last 30 days.

Each user chooses on their account page which emails they get (workflow events, reminders:
`EMAIL_PREFERENCE`); the in-app notification is written either way.

Emails go through the outbox (`notifications.services.email_enqueue`), one per recipient, written
in the same transaction as the notification and keyed `notification:<notification key>`: a step
saved while Redis is down still gets its emails once Redis is back, and never twice. An email that
cannot be built (an odd round title, say) is logged and skipped; it never fails the saved step.
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse

from accounts.models import Role, User
from common.cycles import cycle_for
from notifications.models import Notification
from notifications.services import email_enqueue

from .models import ActionPlan, LocalAction, PlanningRound

logger = logging.getLogger(__name__)

EVENTS = {
    "signoff_requested": Notification.Kind.SIGNOFF_REQUESTED,
    "submitted": Notification.Kind.SUBMITTED,
    "returned": Notification.Kind.RETURNED,
    "approved": Notification.Kind.APPROVED,
}
# Which of the user's email preferences (accounts.User) lets each kind of notification email them.
EMAIL_PREFERENCE = {
    **dict.fromkeys(EVENTS.values(), "email_workflow"),
    Notification.Kind.DUE_REMINDER: "email_reminders",
    Notification.Kind.OVERDUE: "email_reminders",
    Notification.Kind.UPDATE_DUE: "email_reminders",
}
DUE_BANDS = (1, 7, 30)
UPDATE_DUE_DAYS = 30
_FORCE_TEAM = (Role.FORCE_PLANNER, Role.CHIEF_OFFICER)


def plan_path(plan: ActionPlan) -> str:
    """Where a notification about a plan leads: the plan's page."""
    return reverse("action_plans:plan-detail", args=[plan.pk])


def _force_users(force_id: int, roles: Iterable[str]) -> list[User]:
    return list(User.objects.filter(force_id=force_id, role__in=list(roles), is_active=True).order_by("pk"))


def _recipients(event: str, plan: ActionPlan) -> list[User]:
    if event == "signoff_requested":
        return _force_users(plan.force_id, [Role.CHIEF_OFFICER])
    if event == "submitted":
        return list(User.objects.filter(role=Role.NATIONAL_COORDINATOR, is_active=True).order_by("pk"))
    return _force_users(plan.force_id, _FORCE_TEAM)


def _message(event: str, plan: ActionPlan) -> str:
    force, round_ = plan.force.name, plan.round.title
    return {
        "signoff_requested": f"{force}'s plan for {round_} is ready for your sign-off",
        "submitted": f"{force} has submitted its plan for {round_}",
        "returned": f"Your plan for {round_} was returned: answer the review comments and submit it again",
        "approved": f"Your plan for {round_} has been approved",
    }[event]


def _notify(*, user: User, kind: str, key: str, message: str, url: str) -> bool:
    """
    Create one notification unless its key exists, and queue its email unless the user has opted
    out of that kind of email; True when the notification was new.

    A savepoint keeps a concurrent duplicate (the unique key) from breaking the caller's transaction.
    """
    if Notification.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, kind=kind, key=key, message=message[:300], url=url)
    except IntegrityError:
        return False
    if not getattr(user, EMAIL_PREFERENCE.get(kind, ""), True):
        return True
    try:
        with transaction.atomic():
            body = f"{message}.\n\nOpen VAWG Portal to see it: {settings.SITE_URL}{url}\n"
            email_enqueue(key=f"notification:{key}", to=user.email, subject=message, body=body)
    except Exception:
        # The notification is saved; a lost email must not undo the step that caused it.
        logger.exception("Could not queue the email for notification %s", key)
    return True


@transaction.atomic
def plan_event(*, event: str, plan: ActionPlan) -> None:
    """
    Tell the right people that a plan moved: notifications plus one email each.

    Events: `signoff_requested` (the force's chief officers), `submitted` (national coordinators),
    `returned` and `approved` (the force's planners and chief officers). Idempotent per workflow
    step. Raises ValueError for an unknown event.
    """
    if event not in EVENTS:
        raise ValueError(f"Unknown plan event {event!r}")
    plan = ActionPlan.objects.select_related("force", "round").get(pk=plan.pk)
    step = plan.transitions.count()
    message = _message(event, plan)
    for user in _recipients(event, plan):
        _notify(
            user=user, kind=EVENTS[event], key=f"{event}:{plan.pk}:{step}:{user.pk}",
            message=message, url=plan_path(plan),
        )


# Scheduled reminders ------------------------------------------------------------------------------

_DONE = [ActionPlan.Status.SUBMITTED, ActionPlan.Status.APPROVED, ActionPlan.Status.SUPERSEDED]


def _due_band(days_left: int) -> int | None:
    """The smallest reminder band (1, 7 or 30 days) that `days_left` falls into; None if too early."""
    for band in DUE_BANDS:
        if days_left <= band:
            return band
    return None


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _due_message(round_: PlanningRound, days_left: int) -> str:
    due = _long_date(round_.due_on)
    if days_left == 0:
        return f"Your plan for {round_.title} is due today ({due})"
    if days_left == 1:
        return f"Your plan for {round_.title} is due tomorrow ({due})"
    return f"Your plan for {round_.title} is due in {days_left} days ({due})"


def _round_reminders(round_: PlanningRound, *, today: datetime.date, team: dict[int, list[User]]) -> int:
    days_left = (round_.due_on - today).days
    if days_left >= 0:
        band = _due_band(days_left)
        if band is None:
            return 0
        kind, prefix, scope = Notification.Kind.DUE_REMINDER, "due", str(band)
        message = _due_message(round_, days_left)
    else:
        year, week, _ = today.isocalendar()
        kind, prefix, scope = Notification.Kind.OVERDUE, "overdue", f"{year}-W{week:02d}"
        message = f"Your plan for {round_.title} was due on {_long_date(round_.due_on)}: submit it as soon as you can"

    latest = {
        row["force_id"]: row["latest"]
        for row in round_.plans.values("force_id").annotate(latest=Max("pk"))
    }
    done = set(round_.plans.filter(status__in=_DONE).values_list("force_id", flat=True))
    plans = ActionPlan.objects.in_bulk(latest.values())
    created = 0
    for force in round_.forces.all():
        if force.pk in done:
            continue
        plan = plans.get(latest.get(force.pk))
        for user in team.get(force.pk, []):
            created += _notify(
                user=user, kind=kind, message=message, url=plan_path(plan) if plan else "",
                key=f"{prefix}:{round_.pk}:{force.pk}:{scope}:{user.pk}",
            )
    return created


def _update_due_reminders(*, today: datetime.date) -> int:
    cycle = cycle_for(today)
    if cycle.days_left(today) >= UPDATE_DUE_DAYS:
        return 0
    stale = Q(last_progress_on__isnull=True) | Q(last_progress_on__lt=cycle.start)
    plans = ActionPlan.objects.filter(status=ActionPlan.Status.APPROVED).select_related("round")
    counts: dict[int, int] = {}
    for plan_id in (
        LocalAction.objects.filter(plan__in=plans)
        .exclude(status=LocalAction.Status.COMPLETE)
        .filter(stale)
        .values_list("plan_id", flat=True)
    ):
        counts[plan_id] = counts.get(plan_id, 0) + 1
    created = 0
    for plan in plans.filter(pk__in=counts):
        message = (
            f"{counts[plan.pk]} action{'s' if counts[plan.pk] != 1 else ''} in your plan for {plan.round.title} "
            f"need a progress update for {cycle.label}"
        )
        for user in _force_users(plan.force_id, [Role.FORCE_PLANNER]):
            created += _notify(
                user=user, kind=Notification.Kind.UPDATE_DUE, message=message, url=plan_path(plan),
                key=f"update_due:{plan.pk}:{cycle.key}:{user.pk}",
            )
    return created


def reminders_send(*, today: datetime.date) -> int:
    """
    Send the day's reminders and return how many notifications were created.

    For open rounds: forces that have not submitted get reminders 30, 7 and 1 days before the due
    date and a weekly overdue notice after it (planners and chief officers). For approved plans:
    "progress update due" in the last 30 days of each quarter (planners). Idempotent: safe to run
    again on the same day, or on consecutive days.
    """
    created = 0
    for round_ in PlanningRound.objects.filter(status=PlanningRound.Status.OPEN).prefetch_related("forces"):
        force_ids = [force.pk for force in round_.forces.all()]
        team: dict[int, list[User]] = {}
        for user in User.objects.filter(force_id__in=force_ids, role__in=_FORCE_TEAM, is_active=True).order_by("pk"):
            team.setdefault(user.force_id, []).append(user)
        with transaction.atomic():
            created += _round_reminders(round_, today=today, team=team)
    with transaction.atomic():
        created += _update_due_reminders(today=today)
    return created
