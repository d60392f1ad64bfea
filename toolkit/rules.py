"""
Who may do what in the toolkit. It is public guidance: anyone, signed in or not, reads it; only the
national team (national coordinators) and superusers curate it.
"""

import rules

from accounts.rules import is_national_coordinator, is_superuser

is_curator = rules.is_authenticated & (is_national_coordinator | is_superuser)

rules.add_perm("toolkit.view_entry", rules.always_allow)
rules.add_perm("toolkit.change_entry", is_curator)
