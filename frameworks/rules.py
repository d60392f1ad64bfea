"""
Who may see what of the national framework, beyond reading it (accounts.rules: frameworks.view_framework).

Draft frameworks are work in progress of the national team: forces plan against published text
only, so a draft is shown to national users (and administrators) and is a 404 for everyone else.
"""

import rules

from accounts.rules import is_national, is_superuser

rules.add_perm("frameworks.view_draft_framework", is_national | is_superuser)
