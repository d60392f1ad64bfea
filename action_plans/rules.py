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

import rules

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


@rules.predicate
def is_published_plan(user, plan) -> bool:
    """True when the plan is an approved version (current or superseded)."""
    return plan is not None and getattr(plan, "status", None) in READABLE_BY_EVERY_FORCE


is_force_editor = is_force_planner | is_chief_officer

can_view_plan = is_national | is_superuser | is_in_same_force | (is_force_user & is_published_plan)

rules.add_perm("action_plans.list_plans", is_signed_in_with_role)
rules.add_perm("action_plans.open_round", is_national_coordinator | is_superuser)
rules.add_perm("action_plans.view_plan", can_view_plan)
rules.add_perm("action_plans.change_plan", is_force_editor & is_in_same_force)
rules.add_perm("action_plans.sign_off_plan", is_chief_officer & is_in_same_force)
rules.add_perm("action_plans.review_plan", is_national_coordinator | is_superuser)
rules.add_perm("action_plans.post_progress", is_force_editor & is_in_same_force)
