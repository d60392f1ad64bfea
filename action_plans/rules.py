"""
Who may do what with action plans.

Permissions check role and force only; the plan's state (draft, submitted...) is a rule of the
workflow and is checked by the services, which say no with a DomainError the page can show.

- Force planners and chief officers draft and edit their own force's plan and post progress.
  Chief officers can do everything planners do, and alone sign off or send back.
- Force viewers read their own force's plans.
- Every signed-in force user reads approved plans (current and superseded) of every force, so
  forces learn from each other; drafts are seen only by their own force and the national team.
- National coordinators open rounds, review, comment, return and approve.
- National analysts read everything and change nothing.
"""

from dataclasses import dataclass

import rules
from django.db.models import Q

from accounts.rules import (
    is_chief_officer,
    is_force_planner,
    is_force_user,
    is_in_same_force,
    is_national,
    is_national_coordinator,
    is_signed_in_with_role,
    is_superuser,
)

READABLE_BY_EVERY_FORCE = frozenset({"approved", "superseded"})


@dataclass(frozen=True)
class PlanVisibility:
    """
    Who may see a plan, the one definition: as a test of one plan (`allows`, for the permission)
    and as a query filter (`q`, for the selectors). Build it with `plan_visibility(user)`.
    """

    every_plan: bool = False
    own_force_id: int | None = None

    def allows(self, plan) -> bool:
        if plan is None:
            return False
        if self.every_plan:
            return True
        own = self.own_force_id is not None and plan.force_id == self.own_force_id
        return own or (self.own_force_id is not None and plan.status in READABLE_BY_EVERY_FORCE)

    def q(self, prefix: str = "") -> Q:
        """Filter plans (or, with prefix "plan__", their actions) to those the user may see."""
        if self.every_plan:
            return Q()
        if self.own_force_id is None:
            return Q(pk__in=[])
        return Q(**{f"{prefix}force_id": self.own_force_id}) | Q(**{f"{prefix}status__in": READABLE_BY_EVERY_FORCE})

    def own_work_q(self, prefix: str = "") -> Q:
        """The plans whose work the user answers for or oversees: their force's, or every force's."""
        if self.every_plan:
            return Q()
        if self.own_force_id is None:
            return Q(pk__in=[])
        return Q(**{f"{prefix}force_id": self.own_force_id})


def plan_visibility(user) -> PlanVisibility:
    """The national team and superusers see every plan; a force user their force's and every approved one."""
    if is_superuser(user) or is_national(user):
        return PlanVisibility(every_plan=True)
    if is_force_user(user) and getattr(user, "force_id", None) is not None:
        return PlanVisibility(own_force_id=user.force_id)
    return PlanVisibility()


@rules.predicate
def can_view_plan(user, plan) -> bool:
    return plan_visibility(user).allows(plan)


is_force_editor = is_force_planner | is_chief_officer

rules.add_perm("action_plans.list_plans", is_signed_in_with_role)
rules.add_perm("action_plans.open_round", is_national_coordinator | is_superuser)
rules.add_perm("action_plans.view_plan", can_view_plan)
rules.add_perm("action_plans.change_plan", is_force_editor & is_in_same_force)
rules.add_perm("action_plans.sign_off_plan", is_chief_officer & is_in_same_force)
rules.add_perm("action_plans.review_plan", is_national_coordinator | is_superuser)
rules.add_perm("action_plans.post_progress", is_force_editor & is_in_same_force)
