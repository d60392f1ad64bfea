"""
Who may do what: every permission predicate in the portal that depends on role or force.

Views and API endpoints ask through `rules` (`user.has_perm("frameworks.view_framework")` or
`rules.test_rule(...)`), so a rule lives here once and every door obeys it. Apps with object
permissions of their own add a `rules.py` that builds on these predicates.
"""

import rules

from .models import Role


@rules.predicate
def is_national_coordinator(user) -> bool:
    return getattr(user, "role", "") == Role.NATIONAL_COORDINATOR


@rules.predicate
def is_national_analyst(user) -> bool:
    return getattr(user, "role", "") == Role.NATIONAL_ANALYST


@rules.predicate
def is_force_planner(user) -> bool:
    return getattr(user, "role", "") == Role.FORCE_PLANNER


@rules.predicate
def is_chief_officer(user) -> bool:
    return getattr(user, "role", "") == Role.CHIEF_OFFICER


@rules.predicate
def is_force_viewer(user) -> bool:
    return getattr(user, "role", "") == Role.FORCE_VIEWER


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_in_same_force(user, obj) -> bool:
    """True when obj (anything with a force_id, or a Force) belongs to the user's force."""
    if obj is None or getattr(user, "force_id", None) is None:
        return False
    force_id = getattr(obj, "force_id", None)
    if force_id is None and obj.__class__.__name__ == "Force":
        force_id = obj.pk
    return force_id == user.force_id


is_national = is_national_coordinator | is_national_analyst
is_force_user = is_force_planner | is_chief_officer | is_force_viewer
is_signed_in_with_role = rules.is_authenticated & (is_national | is_force_user | is_superuser)

# The national framework is read by everyone who has a role, and curated by the national team.
rules.add_perm("frameworks.view_framework", is_signed_in_with_role)
rules.add_perm("frameworks.manage_framework", is_national_coordinator | is_superuser)
# Forces: a force's details are seen by its own users and by the national team.
rules.add_perm("accounts.view_force", is_national | is_superuser | is_in_same_force)
