"""
Who may see the national compliance pages.

- The national team (coordinators and analysts) sees the overview, the heatmap and every force's
  page. Force users are refused the cross-force pages (403).
- A force user sees their own force's compliance page only; another force's answers 404, so the
  page does not tell them which forces exist in a round.
- Good practice lists only approved plans' actions, which every force may already read, so every
  signed-in user with a role sees it.
"""

import rules

from accounts.rules import is_in_same_force, is_national, is_signed_in_with_role, is_superuser

rules.add_perm("compliance.view_overview", is_national | is_superuser)
# obj is a Force.
rules.add_perm("compliance.view_force", is_national | is_superuser | is_in_same_force)
rules.add_perm("compliance.view_good_practice", is_signed_in_with_role)
