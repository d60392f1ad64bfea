"""
Every write to action plans: rounds, plans and their workflow, local actions, coverage exemptions,
review comments and progress updates.

Each service is keyword-only, atomic, validates with full_clean() before saving, and records
every change of a plan's status as a PlanTransition. Services say no with DomainError; the pages
show its message in the GOV.UK error summary. Notifications go out after commit through
`_notify`, which the notifications module implements.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Force, User
from common.errors import DomainError
from frameworks.models import Framework, FrameworkAction, Outcome, Pillar
from toolkit.models import Tactic

from . import notifications, selectors
from .models import (
    ActionPlan,
    CoverageExemption,
    LocalAction,
    PlanningRound,
    PlanTransition,
    ProgressUpdate,
    ReviewComment,
)

Status = ActionPlan.Status

# The fields of a LocalAction that the add and edit forms write (framework_actions is M2M).
ACTION_FIELDS = (
    "reference", "title", "description", "pillar", "outcome", "owner_team", "lead_officer", "partners",
    "start_on", "target_on", "status", "rag", "progress", "success_measure", "priority",
)


class StaleEditError(DomainError):
    """
    The action changed since the editor opened it; nothing was saved.

    `current` is the saved action as it is now, so the page can show both versions.
    """

    def __init__(self, *, current: LocalAction):
        super().__init__(
            f"{current.reference} was changed by someone else since you opened it. "
            "Compare the versions below, then save again to keep yours."
        )
        self.current = current


def _notify(event: str, plan: ActionPlan) -> None:
    """
    Tell the people concerned about a workflow event, in the step's own transaction.

    The notifications and their outbox emails commit with the step or not at all; the emails are
    handed to Celery only after commit, so neither Redis nor the mail server can fail the step.
    """
    notifications.plan_event(event=event, plan=plan)


def _transition(*, plan: ActionPlan, to_status: str, actor: User, comment: str = "",
                from_status: str | None = None, links_as_returned: dict | None = None) -> PlanTransition:
    """Move the plan to `to_status`, save it, and record the step."""
    previous = plan.status if from_status is None else from_status
    plan.status = to_status
    plan.full_clean()
    plan.save()
    step = PlanTransition(plan=plan, from_status=previous, to_status=to_status, actor=actor, comment=comment,
                          links_as_returned=links_as_returned)
    step.full_clean()
    step.save()
    return step


def _require_status(plan: ActionPlan, allowed: Iterable[str], doing: str) -> None:
    if plan.status not in set(allowed):
        raise DomainError(f"You cannot {doing} a plan that is {plan.get_status_display().lower()}.")


def _require_editable(plan: ActionPlan) -> None:
    if not plan.is_editable:
        raise DomainError(
            f"This plan is {plan.get_status_display().lower()} and cannot be changed. "
            "Start a revision to change an approved plan."
            if plan.status == Status.APPROVED
            else f"This plan is {plan.get_status_display().lower()} and cannot be changed."
        )


# Lock order, everywhere (spreadsheets.plan_actions_import too): the plan's row first, then its
# actions in primary-key order. An edit that locked the action before the plan, running beside an
# import that locks the plan and then writes the actions, deadlocked on PostgreSQL (issue 7).
# `of=("self",)` keeps a joined select_related from locking the joined rows as a side effect.


def _lock(plan: ActionPlan) -> ActionPlan:
    """Reload the plan with a row lock so two workflow steps cannot cross."""
    return ActionPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)


def _lock_action(action: LocalAction, *related: str) -> LocalAction:
    """Lock the action's plan and then the action (the lock order above); return the action reloaded."""
    _lock(ActionPlan(pk=action.plan_id))
    return LocalAction.objects.select_for_update(of=("self",)).select_related(*related).get(pk=action.pk)


# Rounds ---------------------------------------------------------------------------------------


@transaction.atomic
def round_open(*, framework: Framework, title: str, due_on: datetime.date, forces: Sequence[Force],
               opened_by: User, previous_round: PlanningRound | None = None) -> PlanningRound:
    """
    Open a planning round for a published framework and create one draft plan per force in scope.

    Raises DomainError if the framework is not published or no force is in scope.
    """
    if framework.status != Framework.Status.PUBLISHED:
        raise DomainError("Choose a published framework: plans can only be made against a published one.")
    if not forces:
        raise DomainError("Select at least one force")
    planning_round = PlanningRound(
        framework=framework, title=title, due_on=due_on, opened_by=opened_by, previous_round=previous_round
    )
    planning_round.full_clean()
    planning_round.save()
    planning_round.forces.set(forces)
    for force in forces:
        plan = ActionPlan.objects.create(force=force, round=planning_round)
        PlanTransition.objects.create(plan=plan, from_status="", to_status=Status.DRAFT, actor=opened_by,
                                      comment=f"Round opened: {title}")
    return planning_round


def previous_plan_for(plan: ActionPlan) -> ActionPlan | None:
    """The force's approved plan in the round before this plan's round, if there is one."""
    if plan.round.previous_round_id is None:
        return None
    return (
        ActionPlan.objects.filter(force_id=plan.force_id, round_id=plan.round.previous_round_id,
                                  status=Status.APPROVED)
        .order_by("-revision")
        .first()
    )


@transaction.atomic
def plan_start_from_previous(*, plan: ActionPlan, actor: User) -> int:
    """
    Copy the force's approved plan of the previous round into this empty draft.

    Statuses reset to not started. Pillars and framework actions map to the new framework through
    `maps_from`; an action whose pillar or framework actions do not all map is flagged
    `needs_review` with a note naming what did not map. Returns the number of actions copied.
    """
    plan = _lock(plan)
    _require_editable(plan)
    if plan.actions.exists():
        raise DomainError("This plan already has actions. Start from the previous plan only when it is empty.")
    previous = previous_plan_for(plan)
    if previous is None:
        raise DomainError("Your force has no approved plan in the previous round to start from.")
    framework_id = plan.round.framework_id
    pillar_map: dict[int, Pillar] = {}
    for pillar in Pillar.objects.filter(framework_id=framework_id).prefetch_related("maps_from").order_by("position"):
        for old in pillar.maps_from.all():
            pillar_map.setdefault(old.pk, pillar)
    action_map: dict[int, list[FrameworkAction]] = {}
    for new_action in FrameworkAction.objects.filter(framework_id=framework_id).prefetch_related("maps_from"):
        for old in new_action.maps_from.all():
            action_map.setdefault(old.pk, []).append(new_action)
    first_pillar = Pillar.objects.filter(framework_id=framework_id).order_by("position", "code").first()
    if first_pillar is None:
        raise DomainError("The round's framework has no pillars to map actions to.")
    copied = 0
    old_actions = previous.actions.select_related("pillar").prefetch_related("framework_actions", "tools")
    for old in old_actions:
        notes = []
        pillar = pillar_map.get(old.pillar_id)
        if pillar is None:
            notes.append(f"pillar {old.pillar.code} has no match in the new framework")
        new_framework_actions: list[FrameworkAction] = []
        for fa in old.framework_actions.all():
            mapped = action_map.get(fa.pk)
            if mapped:
                new_framework_actions.extend(mapped)
            else:
                notes.append(f"framework action {fa.code} has no match")
        if pillar is None and new_framework_actions:
            pillar = Pillar.objects.get(pk=Outcome.objects.get(pk=new_framework_actions[0].outcome_id).pillar_id)
        new = LocalAction(
            plan=plan, reference=old.reference, title=old.title, description=old.description,
            pillar=pillar or first_pillar, outcome=None, owner_team=old.owner_team, lead_officer=old.lead_officer,
            partners=old.partners, success_measure=old.success_measure, priority=old.priority,
            status=LocalAction.Status.NOT_STARTED, rag=LocalAction.Rag.NONE, progress=0, copied_from=old,
            needs_review=bool(notes),
            review_note=("Not mapped: " + "; ".join(notes) + ".") if notes else "",
        )
        new.full_clean()
        new.save()
        new.framework_actions.set({fa.pk for fa in new_framework_actions})
        new.tools.set(old.tools.all())
        copied += 1
    PlanTransition.objects.create(plan=plan, from_status=plan.status, to_status=plan.status, actor=actor,
                                  comment=f"Started from the approved plan of {previous.round}: {copied} copied")
    return copied


# Local actions --------------------------------------------------------------------------------


# The rules of a local action live here, once; the add and edit pages and the spreadsheet importer
# (action_plans.spreadsheets) all call them.


def framework_action_problem(*, plan: ActionPlan, framework_action: FrameworkAction) -> str | None:
    """Why a local action of this plan cannot address `framework_action`, or None when it can."""
    if framework_action.framework_id != plan.round.framework_id:
        return f"{framework_action.code} is not an action in this plan's framework"
    if not framework_action.is_for_forces:
        return f"{framework_action.code} is an action for the national team, not for forces"
    return None


def action_review_apply(*, action: LocalAction, framework_actions: Iterable[FrameworkAction] | None) -> bool:
    """
    Saving a flagged action with framework actions is what reviewing it means: clear `needs_review`.

    Returns True when the flag was cleared. The caller saves the action.
    """
    if action.needs_review and framework_actions:
        action.needs_review = False
        return True
    return False


def _check_action_fields(plan: ActionPlan, fields: dict[str, Any], framework_actions: Iterable[FrameworkAction],
                         exclude_pk: int | None = None) -> None:
    framework_id = plan.round.framework_id
    pillar = fields.get("pillar")
    if pillar is not None and pillar.framework_id != framework_id:
        raise DomainError("Choose a pillar of this plan's framework.", field="pillar")
    outcome = fields.get("outcome")
    if outcome is not None and pillar is not None and outcome.pillar_id != pillar.pk:
        raise DomainError(f"Outcome {outcome.code} is not part of pillar {pillar.code}.", field="outcome")
    for fa in framework_actions:
        problem = framework_action_problem(plan=plan, framework_action=fa)
        if problem:
            raise DomainError(f"{problem}.", field="framework_actions")
    reference = fields.get("reference")
    if reference and plan.actions.filter(reference=reference).exclude(pk=exclude_pk).exists():
        raise DomainError(f"Another action in this plan already has the reference {reference}.", field="reference")


@transaction.atomic
def action_create(*, plan: ActionPlan, actor: User, framework_actions: Iterable[FrameworkAction] = (),
                  tools: Iterable[Tactic] = (), **fields: Any) -> LocalAction:
    """Add a local action to an editable plan. `fields` are those in ACTION_FIELDS."""
    plan = _lock(plan)
    _require_editable(plan)
    framework_actions = list(framework_actions)
    _check_action_fields(plan, fields, framework_actions)
    action = LocalAction(plan=plan, **{k: v for k, v in fields.items() if k in ACTION_FIELDS})
    action._history_user = actor
    action.full_clean()
    action.save()
    action.framework_actions.set(framework_actions)
    action.tools.set(tools)
    return action


@transaction.atomic
def action_update(*, action: LocalAction, expected_version: int, actor: User,
                  framework_actions: Iterable[FrameworkAction] | None = None,
                  tools: Iterable[Tactic] | None = None, **fields: Any) -> LocalAction:
    """
    Save changes to an action of an editable plan, refusing a stale edit.

    `expected_version` is the lock_version the editor loaded. The row is locked, and if its
    lock_version has moved on, StaleEditError carries the saved action and nothing is written.
    A successful save increments lock_version.
    """
    current = _lock_action(action, "plan__round")
    _require_editable(current.plan)
    if current.lock_version != expected_version:
        raise StaleEditError(current=current)
    fas = list(framework_actions) if framework_actions is not None else None
    _check_action_fields(current.plan, fields, fas or [], exclude_pk=current.pk)
    for name, value in fields.items():
        if name in ACTION_FIELDS:
            setattr(current, name, value)
    action_review_apply(action=current, framework_actions=fas)
    current.lock_version += 1
    current._history_user = actor
    current.full_clean()
    current.save()
    if fas is not None:
        current.framework_actions.set(fas)
    if tools is not None:
        current.tools.set(tools)
    return current


@transaction.atomic
def action_delete(*, action: LocalAction, actor: User) -> None:
    """Remove an action from an editable plan."""
    plan = _lock(action.plan)
    _require_editable(plan)
    action._history_user = actor
    action.delete()


# Coverage -------------------------------------------------------------------------------------


@transaction.atomic
def action_link_framework_action(*, action: LocalAction, framework_action: FrameworkAction,
                                 actor: User) -> LocalAction:
    """
    Let one of the plan's existing actions also address `framework_action`, closing that gap.

    The same rules as adding the framework action on the action's own page: an editable plan and a
    framework action of the plan's framework that is expected of forces. The action's other
    framework actions stay; its lock_version moves on so an editor with the old version sees the change.
    """
    current = _lock_action(action, "plan__round")
    _require_editable(current.plan)
    problem = framework_action_problem(plan=current.plan, framework_action=framework_action)
    if problem:
        raise DomainError(f"{problem}.")
    if current.framework_actions.filter(pk=framework_action.pk).exists():
        raise DomainError(f"{current.reference} already addresses {framework_action.code}.")
    current.framework_actions.add(framework_action)
    current.lock_version += 1
    current._history_user = actor
    current.save(update_fields=["lock_version", "updated_at"])
    return current


@transaction.atomic
def exemption_set(*, plan: ActionPlan, framework_action: FrameworkAction, reason: str,
                  actor: User) -> CoverageExemption:
    """Mark a framework action not applicable to this force, with the reason (replaces an earlier one)."""
    plan = _lock(plan)
    _require_editable(plan)
    if framework_action.framework_id != plan.round.framework_id or (
        framework_action.audience != FrameworkAction.Audience.FORCES
    ):
        raise DomainError(f"{framework_action.code} is not an action this plan must cover.")
    if not reason.strip():
        raise DomainError("Enter why the action does not apply to your force")
    exemption, _ = CoverageExemption.objects.get_or_create(
        plan=plan, framework_action=framework_action, defaults={"reason": reason, "created_by": actor}
    )
    exemption.reason = reason
    exemption.created_by = actor
    exemption.full_clean()
    exemption.save()
    return exemption


@transaction.atomic
def exemption_clear(*, plan: ActionPlan, framework_action: FrameworkAction, actor: User) -> None:
    """Withdraw a not-applicable mark, so the framework action counts as a gap again if uncovered."""
    plan = _lock(plan)
    _require_editable(plan)
    CoverageExemption.objects.filter(plan=plan, framework_action=framework_action).delete()


# Workflow -------------------------------------------------------------------------------------


def _refuse(blockers: list[str]) -> None:
    if blockers:
        raise DomainError(blockers[0])


@transaction.atomic
def plan_send_for_signoff(*, plan: ActionPlan, actor: User) -> ActionPlan:
    """
    Ask the force's chief officer to sign the plan off (draft or returned → awaiting sign-off).

    Refused while the plan has coverage gaps, unreviewed copied actions or unanswered comments.
    """
    plan = _lock(plan)
    _require_status(plan, {Status.DRAFT, Status.RETURNED}, "send for sign-off")
    _refuse(selectors.plan_send_blockers(plan=plan))
    _transition(plan=plan, to_status=Status.AWAITING_SIGNOFF, actor=actor)
    _notify("signoff_requested", plan)
    return plan


@transaction.atomic
def plan_sign_off(*, plan: ActionPlan, actor: User, name: str, rank: str, signed_on: datetime.date,
                  statement: str) -> ActionPlan:
    """
    Record the chief officer's sign-off (name, rank, date, statement) on a plan awaiting it.

    The plan stays awaiting sign-off with the record filled in; it can then be submitted.
    """
    plan = _lock(plan)
    _require_status(plan, {Status.AWAITING_SIGNOFF}, "sign off")
    if plan.signed_off_on is not None:
        raise DomainError("This plan has already been signed off.")
    if signed_on > timezone.localdate():
        raise DomainError("The sign-off date must be today or in the past")
    plan.signed_off_by = actor
    plan.signed_off_name = name
    plan.signed_off_rank = rank
    plan.signed_off_on = signed_on
    plan.signoff_statement = statement
    _transition(plan=plan, to_status=Status.AWAITING_SIGNOFF, actor=actor,
                comment=f"Signed off by {name}, {rank}: {statement}")
    return plan


def _clear_signoff(plan: ActionPlan) -> None:
    plan.signed_off_by = None
    plan.signed_off_name = ""
    plan.signed_off_rank = ""
    plan.signed_off_on = None
    plan.signoff_statement = ""


@transaction.atomic
def plan_send_back(*, plan: ActionPlan, actor: User, comment: str) -> ActionPlan:
    """The chief officer sends the plan back to draft with a comment instead of signing it off."""
    plan = _lock(plan)
    _require_status(plan, {Status.AWAITING_SIGNOFF}, "send back")
    if not comment.strip():
        raise DomainError("Enter what needs to change")
    _clear_signoff(plan)
    _transition(plan=plan, to_status=Status.DRAFT, actor=actor, comment=comment)
    return plan


@transaction.atomic
def plan_submit(*, plan: ActionPlan, actor: User) -> ActionPlan:
    """
    Submit a signed-off plan for national review. A submission after the round's due date is late.

    Refused when not signed off, and (again) when coverage has gaps, naming the gap codes.
    """
    plan = _lock(plan)
    _require_status(plan, {Status.AWAITING_SIGNOFF}, "submit")
    if plan.signed_off_on is None:
        raise DomainError("The chief officer must sign the plan off before it is submitted.")
    _refuse(selectors.plan_gap_blockers(gaps=selectors.coverage_gaps(plan), doing="submit the plan"))
    now = timezone.now()
    plan.submitted_at = now
    plan.is_late = timezone.localdate(now) > plan.round.due_on
    _transition(plan=plan, to_status=Status.SUBMITTED, actor=actor,
                comment="Submitted after the due date" if plan.is_late else "")
    _notify("submitted", plan)
    return plan


@transaction.atomic
def plan_return(*, plan: ActionPlan, actor: User, comment: str,
                action_comments: dict[int, str] | None = None) -> ActionPlan:
    """
    Return a submitted plan to the force with an overall comment and optional comments per action.

    Each comment becomes a ReviewComment the force must answer before sending the plan on again.
    The sign-off is cleared: the changed plan needs signing off again. The step keeps the plan's
    framework links, tools and not-applicable marks, to compare the resubmitted plan with.
    """
    plan = _lock(plan)
    _require_status(plan, {Status.SUBMITTED}, "return")
    if not comment.strip():
        raise DomainError("Enter an overall comment for the force")
    action_comments = {k: v for k, v in (action_comments or {}).items() if v.strip()}
    actions = {a.pk: a for a in plan.actions.filter(pk__in=action_comments)}
    if set(action_comments) - set(actions):
        raise DomainError("A comment names an action that is not in this plan.")
    ReviewComment.objects.create(plan=plan, author=actor, body=comment)
    for pk, body in action_comments.items():
        ReviewComment.objects.create(plan=plan, action=actions[pk], author=actor, body=body)
    _clear_signoff(plan)
    plan.submitted_at = None
    # The plan is locked and submitted (not editable), so these are its links as returned.
    _transition(plan=plan, to_status=Status.RETURNED, actor=actor, comment=comment,
                links_as_returned=selectors.plan_links(plan=plan))
    _notify("returned", plan)
    return plan


@transaction.atomic
def comment_answer(*, comment: ReviewComment, actor: User, response: str) -> ReviewComment:
    """The force answers a reviewer's comment on a returned plan."""
    plan = _lock(comment.plan)
    _require_status(plan, {Status.RETURNED}, "answer comments on")
    if not response.strip():
        raise DomainError("Enter your answer to the comment")
    comment.response = response
    comment.responded_by = actor
    comment.responded_at = timezone.now()
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def plan_approve(*, plan: ActionPlan, actor: User, comment: str = "") -> ActionPlan:
    """Approve a submitted plan. The approved revision it replaces, if any, becomes superseded."""
    plan = _lock(plan)
    _require_status(plan, {Status.SUBMITTED}, "approve")
    if plan.supersedes_id is not None:
        # Two plans: the new revision, then the one it replaces. Nothing locks them the other way
        # round (a revision is started from the approved plan without locking the new draft).
        earlier = _lock(plan.supersedes)
        _transition(plan=earlier, to_status=Status.SUPERSEDED, actor=actor,
                    comment=f"Replaced by revision {plan.revision}")
    plan.approved_at = timezone.now()
    plan.approved_by = actor
    _transition(plan=plan, to_status=Status.APPROVED, actor=actor, comment=comment)
    _notify("approved", plan)
    return plan


@transaction.atomic
def plan_start_revision(*, plan: ActionPlan, actor: User) -> ActionPlan:
    """
    Start revision n+1 of an approved plan as a draft, copying its actions and exemptions.

    The approved revision stays in force (and visible) until the new one is approved.
    """
    plan = _lock(plan)
    _require_status(plan, {Status.APPROVED}, "revise")
    if ActionPlan.objects.filter(supersedes=plan).exists():
        raise DomainError("A revision of this plan is already in progress.")
    top = ActionPlan.objects.filter(force_id=plan.force_id, round_id=plan.round_id).aggregate(n=Max("revision"))["n"]
    revision = ActionPlan(
        force_id=plan.force_id, round_id=plan.round_id, revision=top + 1, supersedes=plan,
        lead_chief_officer=plan.lead_chief_officer, foreword=plan.foreword,
    )
    revision.full_clean()
    revision.save()
    PlanTransition.objects.create(plan=revision, from_status="", to_status=Status.DRAFT, actor=actor,
                                  comment=f"Revision {revision.revision} started from revision {plan.revision}")
    old_actions = list(plan.actions.prefetch_related("framework_actions", "tools"))
    copies = bulk_create_with_history(
        [
            LocalAction(
                plan=revision, copied_from=old, **{name: getattr(old, name) for name in ACTION_FIELDS},
                last_progress_on=old.last_progress_on,
            )
            for old in old_actions
        ],
        LocalAction,
        default_user=actor,
    )
    through = LocalAction.framework_actions.through
    through.objects.bulk_create([
        through(localaction_id=new.pk, frameworkaction_id=fa.pk)
        for old, new in zip(old_actions, copies, strict=True)
        for fa in old.framework_actions.all()
    ])
    tools_through = LocalAction.tools.through
    tools_through.objects.bulk_create([
        tools_through(localaction_id=new.pk, tactic_id=tool.pk)
        for old, new in zip(old_actions, copies, strict=True)
        for tool in old.tools.all()
    ])
    CoverageExemption.objects.bulk_create([
        CoverageExemption(plan=revision, framework_action_id=e.framework_action_id, reason=e.reason, created_by=actor)
        for e in plan.exemptions.all()
    ])
    return revision


@transaction.atomic
def plan_update_details(*, plan: ActionPlan, actor: User, lead_chief_officer: str, foreword: str) -> ActionPlan:
    """Change the plan's lead chief officer and foreword while it is editable."""
    plan = _lock(plan)
    _require_editable(plan)
    plan.lead_chief_officer = lead_chief_officer
    plan.foreword = foreword
    plan._history_user = actor
    plan.full_clean()
    plan.save()
    return plan


# Delivery -------------------------------------------------------------------------------------


# The rules of a progress update live here, once: the single-action page and the quarterly grid
# both call them.


def progress_problem(plan: ActionPlan) -> str | None:
    """Why progress cannot be recorded on this plan now, or None when it can (the plan is approved)."""
    if plan.status != Status.APPROVED:
        return (
            f"Progress is posted on approved plans only. This plan is {plan.get_status_display().lower()}: "
            "record progress once the national team has approved it."
        )
    return None


def _check_progress(plan: ActionPlan, on: datetime.date) -> None:
    problem = progress_problem(plan)
    if problem:
        raise DomainError(problem)
    if on > timezone.localdate():
        raise DomainError("The date of the update must be today or in the past")


def _progress_apply(action: LocalAction, *, on: datetime.date, rag: str, progress: int) -> None:
    """
    What an update does to its action (in memory; the caller saves): the action takes the update's
    RAG and progress, is complete at 100% and in progress once started, and its last update date
    moves on. Every save changes lock_version, so an editor with the old version sees the change.
    """
    action.rag = rag
    action.progress = progress
    if progress >= 100:
        action.status = LocalAction.Status.COMPLETE
    elif action.status == LocalAction.Status.NOT_STARTED and progress > 0:
        action.status = LocalAction.Status.IN_PROGRESS
    if action.last_progress_on is None or on > action.last_progress_on:
        action.last_progress_on = on
    action.lock_version += 1


@transaction.atomic
def progress_post(*, action: LocalAction, actor: User, on: datetime.date, narrative: str, rag: str,
                  progress: int) -> ProgressUpdate:
    """
    Post a progress update on an action of an approved plan (no revision needed).

    The action's RAG and progress take the update's values, and its last update date moves on.
    """
    current = _lock_action(action, "plan")
    _check_progress(current.plan, on)
    update = ProgressUpdate(action=current, on=on, author=actor, narrative=narrative, rag=rag, progress=progress)
    update.full_clean()
    update.save()
    _progress_apply(current, on=on, rag=rag, progress=progress)
    current._history_user = actor
    current.full_clean()
    current.save()
    return update


@dataclass(frozen=True)
class ProgressEntry:
    """One row of the quarterly grid that changed: the action and its new RAG, progress and comment."""

    action_id: int
    rag: str
    progress: int
    narrative: str


# The fields of a LocalAction that a progress update changes (see _progress_apply).
_PROGRESS_FIELDS = ["rag", "progress", "status", "last_progress_on", "lock_version", "updated_at"]


@transaction.atomic
def progress_post_many(*, plan: ActionPlan, actor: User, on: datetime.date,
                       entries: Sequence[ProgressEntry]) -> list[ProgressUpdate]:
    """
    Record a quarter's progress on several actions of one plan at once: all saved, or none.

    Each entry becomes a ProgressUpdate and changes its action as progress_post does (the same
    rules: an approved plan, a date not in the future, the action's status following its
    progress). Rows are written in bulk, so the number of queries does not grow with the number of
    entries. Raises DomainError naming the problem; nothing is saved then.
    """
    plan = _lock(plan)
    _check_progress(plan, on)
    if not entries:
        raise DomainError("Change the RAG status, % complete or comment of at least one action")
    by_id = {e.action_id: e for e in entries}
    if len(by_id) != len(entries):
        raise DomainError("Each action can have one update in a save.")
    actions = list(
        LocalAction.objects.select_for_update(of=("self",)).filter(plan=plan, pk__in=by_id).order_by("pk")
    )
    if len(actions) != len(by_id):
        raise DomainError("An update names an action that is not in this plan.")
    now = timezone.now()
    updates = []
    for action in actions:
        entry = by_id[action.pk]
        update = ProgressUpdate(action=action, on=on, author=actor, narrative=entry.narrative, rag=entry.rag,
                                progress=entry.progress)
        # The action and author are known rows; cleaning the other fields checks blank narrative,
        # RAG choices and 0-100 without a query a row.
        update.clean_fields(exclude=["action", "author"])
        updates.append(update)
        _progress_apply(action, on=on, rag=entry.rag, progress=entry.progress)
        action.updated_at = now
    ProgressUpdate.objects.bulk_create(updates)
    bulk_update_with_history(actions, LocalAction, _PROGRESS_FIELDS, default_user=actor, default_date=now)
    return updates
