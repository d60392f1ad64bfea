"""Writes to the toolkit: curator edits, reviews, and keeping the search columns in step."""

import datetime
import uuid

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from common.errors import DomainError

from .models import Behaviour, Offence, SearchStamp, SearchSynonym, Tactic, ToolkitEntry
from .searchtext import FIELD_SEPARATOR, normalise, section_refs

ENTRY_MODELS: tuple[type[ToolkitEntry], ...] = (Behaviour, Offence, Tactic)


def search_text_for(entry: ToolkitEntry) -> str:
    """The stored search text of one entry: name | aliases | legal reference | body, normalised."""
    if isinstance(entry, Behaviour):
        legal = entry.get_category_display()
        body = " ".join([entry.summary, entry.examples, entry.toolkit_note])
    elif isinstance(entry, Offence):
        refs = " ".join(f"s{ref}" for ref in sorted(section_refs(entry.section)))
        legal = f"{entry.act} {entry.section} {refs} {entry.inserted_by}"
        body = " ".join([entry.summary, entry.status_note, entry.get_mode_of_trial_display()])
    else:
        refs = " ".join(f"s{ref}" for ref in sorted(section_refs(entry.section)))
        legal = f"{entry.legislation} {entry.section} {refs}"
        body = " ".join([entry.summary, entry.who_applies, entry.test, entry.breach, entry.get_kind_display()])
    # Aliases are kept apart by "~" (which normalise() never outputs) so each stays a phrase.
    aliases = "~".join(normalise(alias) for alias in entry.alias_list)
    return FIELD_SEPARATOR.join([normalise(entry.name), aliases, normalise(legal), normalise(body)])


_VECTOR_FIELDS = {
    Behaviour: (["name", "aliases"], ["category"], ["summary", "examples"]),
    Offence: (["name", "aliases"], ["act", "section", "inserted_by"], ["summary", "status_note"]),
    Tactic: (["name", "aliases"], ["legislation", "section"], ["summary", "who_applies", "breach"]),
}


def toolkit_search_index_refresh(*, model: type[ToolkitEntry] | None = None, pks: list[int] | None = None) -> int:
    """
    Recompute the stored search columns (and, on PostgreSQL, the weighted tsvector).

    Call after any write to an entry's text. Refreshes every entry unless `model`/`pks` narrow it;
    returns the number of rows refreshed and bumps the search stamp (the spelling vocabulary and
    synonym map are rebuilt from it).
    """
    count = 0
    for entry_model in [model] if model else ENTRY_MODELS:
        queryset: QuerySet = entry_model.objects.all()
        if pks is not None:
            queryset = queryset.filter(pk__in=pks)
        rows = list(queryset)
        for row in rows:
            row.search_text = search_text_for(row)
        entry_model.objects.bulk_update(rows, ["search_text"], batch_size=500)
        if connection.vendor == "postgresql":
            primary, legal, body = _VECTOR_FIELDS[entry_model]
            vector = (
                SearchVector(*primary, weight="A", config="english")
                + SearchVector(*legal, weight="B", config="english")
                + SearchVector(*body, weight="C", config="english")
            )
            queryset.update(search_vector=vector)
        count += len(rows)
    toolkit_search_stamp_bump()
    return count


def toolkit_search_stamp_bump() -> str:
    """
    Mark the toolkit as changed: every process rebuilds its search vocabulary and synonyms.

    A random stamp rather than a counter, so that a rolled-back transaction can never leave two
    different toolkits under the same stamp.
    """
    stamp = uuid.uuid4().hex
    updated = SearchStamp.objects.filter(pk=1).update(stamp=stamp, changed_at=timezone.now())
    if not updated:
        SearchStamp.objects.update_or_create(pk=1, defaults={"stamp": stamp, "changed_at": timezone.now()})
    return stamp


@transaction.atomic
def search_synonym_save(*, synonym: SearchSynonym, curated: bool = True) -> SearchSynonym:
    """
    Save a synonym (a curator's edit in the admin) and bump the search stamp.

    The phrase is kept lower case and trimmed; a curated synonym survives the next data-file load.
    """
    synonym.phrase = " ".join(synonym.phrase.lower().split())
    synonym.means = " ".join(synonym.means.split())
    if curated:
        synonym.curated_at = timezone.now()
    synonym.full_clean()
    synonym.save()
    toolkit_search_stamp_bump()
    return synonym


@transaction.atomic
def search_synonym_delete(*, synonym: SearchSynonym) -> None:
    synonym.delete()
    toolkit_search_stamp_bump()


# The fields a curator may change on each kind of entry (the curator form offers these).
CURATOR_FIELDS: dict[type[Model], list[str]] = {
    Behaviour: ["name", "category", "summary", "examples", "aliases", "toolkit_note", "verified", "source_url",
                "verification_note", "review_due_on", "review_reason"],
    Offence: ["name", "summary", "mode_of_trial", "max_penalty", "uses_general_limit", "status", "in_force_from",
              "in_force_until", "legislation_url", "status_note", "aliases", "verified", "source_url",
              "verification_note", "review_due_on", "review_reason"],
    Tactic: ["name", "kind", "summary", "legislation", "section", "who_applies", "test", "duration", "breach",
             "status_text", "aliases", "verified", "source_url", "verification_note", "review_due_on", "review_reason"],
}


@transaction.atomic
def toolkit_entry_update(*, entry: ToolkitEntry, user, data: dict, mark_reviewed: bool = False) -> ToolkitEntry:
    """
    Apply a curator's edit to a behaviour, offence or tool.

    Only fields in CURATOR_FIELDS change. The entry is stamped as curated, so later loads of the
    data file leave it alone (see toolkit.reference), and the history row records the user.
    Raises DomainError for a field the curator may not change.
    """
    allowed = CURATOR_FIELDS[type(entry)]
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainError(f"These fields cannot be changed here: {', '.join(unknown)}")
    for field, value in data.items():
        setattr(entry, field, value)
    entry.curated_at = timezone.now()
    if mark_reviewed:
        entry.last_reviewed_on = timezone.localdate()
        entry.last_reviewed_by = user
        entry.reviewed_month_only = False
    entry.search_text = search_text_for(entry)
    entry.full_clean()
    entry._history_user = user
    entry.save()
    toolkit_search_index_refresh(model=type(entry), pks=[entry.pk])
    return entry


def toolkit_entry_mark_reviewed(*, entry: ToolkitEntry, user, on: datetime.date | None = None) -> ToolkitEntry:
    """
    Stamp an entry as reviewed today (or `on`) by `user`.

    A curator's review removes the "check before relying on this" warning from an entry that is
    not fully sourced, so only national coordinators and superusers call this (toolkit.rules). It
    does not clear a date a statement depends on (review_due_on): the curator edits that statement.
    """
    entry.last_reviewed_on = on or timezone.localdate()
    entry.last_reviewed_by = user
    entry.reviewed_month_only = False
    entry.full_clean()
    entry._history_user = user
    entry.save(update_fields=["last_reviewed_on", "last_reviewed_by", "reviewed_month_only", "updated_at"])
    return entry
