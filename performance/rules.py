"""
Who may do what with performance returns.

- Everyone signed in with a role reads every force's approved figures, measure pages and charts.
- Force planners and chief officers enter, save and submit their own force's return, and import
  their own force's figures. Force viewers read their own force's drafts and change nothing.
- National coordinators approve or return submitted returns, grant lock exceptions, load peer
  groups and import every force's figures. National analysts read everything and change nothing.

A force's drafts are seen only by that force and the national team: the selectors scope every
read by `can_see_drafts_of`, and the views answer 404 for another force's unapproved return.
"""

import rules

from accounts.rules import (
    is_chief_officer,
    is_force_planner,
    is_in_same_force,
    is_national,
    is_national_coordinator,
    is_signed_in_with_role,
    is_superuser,
)

is_force_editor = is_force_planner | is_chief_officer

rules.add_perm("performance.view_performance", is_signed_in_with_role)
# obj is a Force: may the user see that force's unapproved figures?
rules.add_perm("performance.view_drafts", is_national | is_superuser | is_in_same_force)
# obj is a Force.
rules.add_perm("performance.change_return", is_force_editor & is_in_same_force)
rules.add_perm("performance.import_returns", is_force_editor | is_national_coordinator | is_superuser)
rules.add_perm("performance.import_any_force", is_national_coordinator | is_superuser)
rules.add_perm("performance.review_return", is_national_coordinator | is_superuser)
rules.add_perm("performance.manage_periods", is_national_coordinator | is_superuser)
rules.add_perm("performance.view_completeness", is_national | is_superuser)
