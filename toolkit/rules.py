"""
Who may do what in the toolkit. It is public guidance: anyone, signed in or not, reads it; only the
national team (national coordinators) and superusers curate it.
"""

import rules

from accounts.rules import is_national, is_national_coordinator, is_superuser

is_curator = rules.is_authenticated & (is_national_coordinator | is_superuser)

rules.add_perm("toolkit.view_entry", rules.always_allow)
rules.add_perm("toolkit.change_entry", is_curator)
# The list of entries due for review is the national team's work queue: national roles and
# superusers. Force users are refused (403); each entry page shows its own warning to everyone.
rules.add_perm("toolkit.view_review_list", rules.is_authenticated & (is_national | is_superuser))
