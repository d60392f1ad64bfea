"""
Reference data shipped by the toolkit: behaviours, offences, tools and the magistrates' general
limit from toolkit/data/toolkit.yaml, and the search synonyms from toolkit/data/synonyms.yaml.

`load()` validates the whole file first (errors name the key path, e.g. `offences[3].status`),
then upserts by key. It is idempotent: a second load changes nothing and writes no history.

Curator edits win. An entry that a curator has edited (`curated_at` is set) is left as it is, with
its links; the summary line counts such entries as "kept". Every other entry is made to match the
file. To let the file win again, a curator clears the edit in the admin (sets "curated at" empty).
Synonyms follow the same rule: a curated synonym is neither overwritten nor removed.
"""

import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from common.reference import ReferenceDataError, read_yaml

from .models import (
    Behaviour,
    BehaviourOffence,
    BehaviourTactic,
    Category,
    GeneralLimit,
    ModeOfTrial,
    Offence,
    SearchSynonym,
    Tactic,
    Verified,
)
from .services import toolkit_search_index_refresh

TOOLKIT_FILE = Path(__file__).parent / "data" / "toolkit.yaml"
SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.yaml"

_TEXT = str


def _get(row: dict, path: str, field: str, *, required: bool = True, choices=None, kind: Any = _TEXT):
    value = row.get(field)
    if value is None or value == "":
        if required:
            raise ReferenceDataError(f"{path}.{field}: missing")
        return "" if kind in (_TEXT, list) else None
    if kind is datetime.date:
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError as exc:
            raise ReferenceDataError(f"{path}.{field}: {value!r} is not a date (YYYY-MM-DD)") from exc
    if kind is bool:
        if not isinstance(value, bool):
            raise ReferenceDataError(f"{path}.{field}: {value!r} is not true or false")
        return value
    if kind is int:
        if not isinstance(value, int):
            raise ReferenceDataError(f"{path}.{field}: {value!r} is not a whole number")
        return value
    if kind is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ReferenceDataError(f"{path}.{field}: expected a list of text")
        return "\n".join(value)
    value = str(value).strip()
    if choices is not None and value not in choices:
        raise ReferenceDataError(f"{path}.{field}: {value!r} is not one of {', '.join(choices)}")
    return value


def _rows(data: dict, name: str) -> list[dict]:
    rows = data.get(name)
    if not isinstance(rows, list) or not rows:
        raise ReferenceDataError(f"{name}: expected a non-empty list")
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ReferenceDataError(f"{name}[{i}]: expected a mapping")
    return rows


def _unique_keys(rows: list[dict], name: str) -> list[str]:
    keys = []
    for i, row in enumerate(rows):
        key = _get(row, f"{name}[{i}]", "key")
        if key in keys:
            raise ReferenceDataError(f"{name}[{i}].key: {key!r} appears twice")
        keys.append(key)
    return keys


def _entry_fields(row: dict, path: str) -> dict:
    return {
        "name": _get(row, path, "name"),
        "aliases": _get(row, path, "aliases", required=False, kind=list),
        "verified": _get(row, path, "verified", choices=Verified.values),
        "source_url": _get(row, path, "source", required=False),
        "verification_note": _get(row, path, "verification_note", required=False),
        "review_due_on": _get(row, path, "review_due_on", required=False, kind=datetime.date),
        "review_reason": _get(row, path, "review_reason", required=False),
    } | _review_pair(row, path)


def _review_pair(row: dict, path: str) -> dict:
    """A date a statement depends on needs the reason to show with it, and the other way round."""
    if bool(row.get("review_due_on")) != bool(row.get("review_reason")):
        raise ReferenceDataError(f"{path}.review_reason: review_due_on and review_reason go together")
    return {}


def _reviewed_on(reviewed: dict) -> tuple[datetime.date | None, bool]:
    """The file's review date: YYYY-MM-DD, or YYYY-MM for a pass dated only to the month (stored as its 1st)."""
    value = reviewed.get("on")
    if value is None or value == "":
        return None, False
    text = str(value)
    if len(text) == 7:
        try:
            return datetime.date.fromisoformat(f"{text}-01"), True
        except ValueError:
            pass
    return _get(reviewed, "reviewed", "on", kind=datetime.date), False


def parse(data: Any) -> dict:
    """Validate the whole file and return clean rows; raises ReferenceDataError naming the key path."""
    if not isinstance(data, dict):
        raise ReferenceDataError("toolkit.yaml: expected a mapping at the top level")
    offence_rows, tool_rows, behaviour_rows = _rows(data, "offences"), _rows(data, "tools"), _rows(data, "behaviours")
    offence_keys = _unique_keys(offence_rows, "offences")
    tool_keys = _unique_keys(tool_rows, "tools")
    behaviour_keys = _unique_keys(behaviour_rows, "behaviours")

    offences = []
    for i, row in enumerate(offence_rows):
        path = f"offences[{i}]"
        fields = _entry_fields(row, path) | {
            "act": _get(row, path, "act"),
            "section": _get(row, path, "section"),
            "inserted_by": _get(row, path, "inserted_by", required=False),
            "summary": _get(row, path, "summary", required=False),
            "mode_of_trial": _get(row, path, "mode_of_trial", choices=ModeOfTrial.values),
            "max_penalty": _get(row, path, "max_penalty"),
            "uses_general_limit": _get(row, path, "uses_general_limit", required=False, kind=bool) or False,
            "status": _get(row, path, "status", choices=Offence.Status.values),
            "in_force_from": _get(row, path, "in_force_from", required=False, kind=datetime.date),
            "in_force_until": _get(row, path, "in_force_until", required=False, kind=datetime.date),
            "legislation_url": _get(row, path, "legislation_url", required=False),
            "status_note": _get(row, path, "status_note", required=False),
        }
        replaced_by = _get(row, path, "replaced_by", required=False)
        if replaced_by and replaced_by not in offence_keys:
            raise ReferenceDataError(f"{path}.replaced_by: no offence with key {replaced_by!r}")
        if fields["status"] == Offence.Status.REPEALED and not fields["in_force_until"]:
            raise ReferenceDataError(f"{path}.in_force_until: a repealed offence needs the date it ended")
        offences.append({"key": offence_keys[i], "fields": fields, "replaced_by": replaced_by})

    tools = []
    for i, row in enumerate(tool_rows):
        path = f"tools[{i}]"
        fields = _entry_fields(row, path) | {
            "kind": _get(row, path, "kind", choices=Tactic.Kind.values),
            "summary": _get(row, path, "summary"),
            **{f: _get(row, path, f, required=False) for f in
               ("legislation", "section", "who_applies", "test", "duration", "breach", "status_text")},
        }
        tools.append({"key": tool_keys[i], "fields": fields})

    behaviours = []
    for i, row in enumerate(behaviour_rows):
        path = f"behaviours[{i}]"
        fields = _entry_fields(row, path) | {
            "category": _get(row, path, "category", choices=Category.values),
            "summary": _get(row, path, "summary"),
            "examples": _get(row, path, "examples", required=False, kind=list),
            "toolkit_note": _get(row, path, "toolkit_note", required=False),
        }
        links = []
        for j, link in enumerate(row.get("offences") or []):
            key = _get(link, f"{path}.offences[{j}]", "offence")
            if key not in offence_keys:
                raise ReferenceDataError(f"{path}.offences[{j}].offence: no offence with key {key!r}")
            links.append((key, _get(link, f"{path}.offences[{j}]", "note", required=False)))
        for field, known in (("tools", tool_keys), ("related", behaviour_keys)):
            for j, key in enumerate(row.get(field) or []):
                if key not in known:
                    raise ReferenceDataError(f"{path}.{field}[{j}]: unknown key {key!r}")
        behaviours.append({
            "key": behaviour_keys[i], "fields": fields, "offences": links,
            "tools": list(row.get("tools") or []), "related": list(row.get("related") or []),
        })

    limits = []
    for i, row in enumerate(_rows(data, "general_limit")):
        path = f"general_limit[{i}]"
        limits.append({
            "starts_on": _get(row, path, "starts_on", kind=datetime.date),
            "months": _get(row, path, "months", kind=int),
            "verified": _get(row, path, "verified", choices=Verified.values),
            "source_url": _get(row, path, "source", required=False),
            "note": _get(row, path, "note", required=False),
        })
    reviewed = data.get("reviewed") or {}
    reviewed_on, month_only = _reviewed_on(reviewed)
    return {
        "offences": offences, "tools": tools, "behaviours": behaviours, "limits": limits,
        "reviewed_on": reviewed_on,
        "reviewed_month_only": month_only,
        "reviewed_by": _get(reviewed, "reviewed", "by", required=False),
    }


def parse_synonyms(data: Any) -> dict[str, dict]:
    """Validate synonyms.yaml; return {phrase: {"means", "note"}} with phrases as the search reads them."""
    if not isinstance(data, dict):
        raise ReferenceDataError("synonyms.yaml: expected a mapping at the top level")
    rows = _rows(data, "synonyms")
    synonyms: dict[str, dict] = {}
    for i, row in enumerate(rows):
        path = f"synonyms[{i}]"
        phrase = " ".join(_get(row, path, "phrase").lower().split())
        if phrase in synonyms:
            raise ReferenceDataError(f"{path}.phrase: {phrase!r} appears twice")
        synonyms[phrase] = {"means": _get(row, path, "means"), "note": _get(row, path, "note", required=False)}
    return synonyms


def _load_synonyms(synonyms: dict[str, dict]) -> None:
    existing = {s.phrase: s for s in SearchSynonym.objects.all()}
    for phrase, fields in synonyms.items():
        synonym = existing.get(phrase)
        if synonym is None:
            SearchSynonym.objects.create(phrase=phrase, **fields)
        elif synonym.curated_at is None and (synonym.means, synonym.note) != (fields["means"], fields["note"]):
            synonym.means, synonym.note = fields["means"], fields["note"]
            synonym.save()
    SearchSynonym.objects.filter(curated_at__isnull=True).exclude(phrase__in=list(synonyms)).delete()


def _upsert(model, key: str, fields: dict, counts: dict, review: dict):
    """Create or update one entry unless a curator has edited it; save only when something changed."""
    entry = model.objects.filter(slug=key).first()
    if entry is None:
        entry = model(slug=key, **fields, **review)
        entry.full_clean(exclude=["search_vector"])
        entry.save()
        counts["created"] += 1
        return entry, True
    if entry.curated_at is not None:
        counts["kept"] += 1
        return entry, False
    if entry.last_reviewed_by_id is None:
        fields = fields | review
    changed = [f for f, v in fields.items() if getattr(entry, f) != v]
    if changed:
        for f in changed:
            setattr(entry, f, fields[f])
        entry.full_clean(exclude=["search_vector"])
        entry.save()
        counts["updated"] += 1
    return entry, True


def _sync_links(link_model, behaviour, target_field: str, wanted: list[tuple[Any, str]]) -> None:
    existing = {getattr(link, f"{target_field}_id"): link for link in link_model.objects.filter(behaviour=behaviour)}
    keep = set()
    for position, (target, note) in enumerate(wanted):
        keep.add(target.pk)
        link = existing.get(target.pk)
        if link is None:
            link_model.objects.create(behaviour=behaviour, note=note, position=position, **{target_field: target})
        elif (link.note, link.position) != (note, position):
            link.note, link.position = note, position
            link.save()
    for target_id, link in existing.items():
        if target_id not in keep:
            link.delete()


@transaction.atomic
def load(path: Path = TOOLKIT_FILE, synonyms_path: Path = SYNONYMS_FILE) -> str:
    data = parse(read_yaml(path))
    synonyms = parse_synonyms(read_yaml(synonyms_path))
    counts = {"created": 0, "updated": 0, "kept": 0}
    review = {
        "last_reviewed_on": data["reviewed_on"], "reviewed_month_only": data["reviewed_month_only"],
        "reviewed_by_name": data["reviewed_by"],
    }

    offences = {}
    for row in data["offences"]:
        offences[row["key"]], _ = _upsert(Offence, row["key"], row["fields"], counts, review)
    for row in data["offences"]:
        offence = offences[row["key"]]
        target = offences[row["replaced_by"]] if row["replaced_by"] else None
        if offence.curated_at is None and offence.replaced_by_id != (target.pk if target else None):
            offence.replaced_by = target
            offence.save()
    tactics = {}
    for row in data["tools"]:
        tactics[row["key"]], _ = _upsert(Tactic, row["key"], row["fields"], counts, review)
    behaviours = {}
    in_file = {}
    for row in data["behaviours"]:
        behaviours[row["key"]], in_file[row["key"]] = _upsert(Behaviour, row["key"], row["fields"], counts, review)
    for row in data["behaviours"]:
        behaviour = behaviours[row["key"]]
        if not in_file[row["key"]]:
            continue
        _sync_links(BehaviourOffence, behaviour, "offence", [(offences[k], note) for k, note in row["offences"]])
        _sync_links(BehaviourTactic, behaviour, "tactic", [(tactics[k], "") for k in row["tools"]])
        wanted = {behaviours[k].pk for k in row["related"]}
        if set(behaviour.related.values_list("pk", flat=True)) != wanted:
            behaviour.related.set(wanted)

    for row in data["limits"]:
        GeneralLimit.objects.update_or_create(starts_on=row.pop("starts_on"), defaults=row)
    _load_synonyms(synonyms)

    toolkit_search_index_refresh()
    return (
        f"{len(behaviours)} behaviours, {len(offences)} offences, {len(tactics)} tools, {len(synonyms)} synonyms "
        f"({counts['created']} created, {counts['updated']} updated, {counts['kept']} kept curator edits)"
    )
