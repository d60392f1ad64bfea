import datetime

import pytest

from common.errors import DomainError
from toolkit.models import Offence
from toolkit.selectors import toolkit_search
from toolkit.services import toolkit_entry_mark_reviewed, toolkit_entry_update


def test_mark_reviewed_stamps_the_date_and_the_curator(toolkit_data, coordinator_user):
    entry = Offence.objects.get(slug="osa-2023-s181")
    toolkit_entry_mark_reviewed(entry=entry, user=coordinator_user, on=datetime.date(2026, 11, 20))
    entry.refresh_from_db()
    assert (entry.last_reviewed_on, entry.last_reviewed_by) == (datetime.date(2026, 11, 20), coordinator_user)
    assert entry.needs_check is False
    assert entry.history.first().history_user == coordinator_user


def test_update_changes_the_entry_stamps_it_curated_and_refreshes_search(toolkit_data, coordinator_user):
    entry = Offence.objects.get(slug="poa-1986-s5")
    toolkit_entry_update(entry=entry, user=coordinator_user, data={"aliases": "zebra crossing shouting"})
    entry.refresh_from_db()
    assert entry.curated_at is not None
    assert "zebra crossing shouting" in entry.search_text
    assert toolkit_search(query="zebra crossing shouting").top.slug == "poa-1986-s5"


def test_update_refuses_fields_a_curator_may_not_change(toolkit_data, coordinator_user):
    entry = Offence.objects.get(slug="poa-1986-s5")
    with pytest.raises(DomainError):
        toolkit_entry_update(entry=entry, user=coordinator_user, data={"slug": "other"})
    entry.refresh_from_db()
    assert entry.slug == "poa-1986-s5" and entry.curated_at is None
