"""
Writes to the national framework: loading a framework file, publishing and retiring.

The rule that matters most lives here: a published (or retired) framework is fixed. Forces' plans
are written against its text, so changing it in place would change what they committed to. New
text is loaded as a new version instead. Every write path (the loader, the admin's save) checks it.
"""

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from common.errors import DomainError
from common.reference import ReferenceDataError

from .models import Framework, FrameworkAction, Outcome, Pillar

logger = logging.getLogger(__name__)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Path segments under /frameworks/ that a slug must not take.
RESERVED_SLUGS = {"compare"}

FRAMEWORK_KEYS = {
    "slug",
    "version",
    "title",
    "short_title",
    "status",
    "published_on",
    "plan_due_on",
    "summary",
    "provenance",
    "is_reconstruction",
    "previous",
    "pillars",
}
PILLAR_KEYS = {"code", "title", "summary", "is_overarching", "maps_from", "outcomes"}
OUTCOME_KEYS = {"code", "title", "description", "actions"}
ACTION_KEYS = {"code", "text", "audience", "requirement", "guidance", "source_note", "maps_from"}


# --- Parsed file ----------------------------------------------------------------------------------


@dataclass
class ActionSpec:
    path: str
    code: str
    fields: dict[str, Any]
    maps_from: list[str]


@dataclass
class OutcomeSpec:
    path: str
    code: str
    fields: dict[str, Any]
    actions: list[ActionSpec]


@dataclass
class PillarSpec:
    path: str
    code: str
    fields: dict[str, Any]
    maps_from: list[str]
    outcomes: list[OutcomeSpec]


@dataclass
class FrameworkSpec:
    slug: str
    version: str
    fields: dict[str, Any]
    previous: Framework | None
    pillars: list[PillarSpec]


@dataclass
class LoadReport:
    """What a load did: counts per outcome of the upsert, and a line per change for the log."""

    framework: Framework
    counts: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        return (
            f"{self.framework.slug} version {self.framework.version}: {c['created']} created, "
            f"{c['updated']} updated, {c['removed']} removed, {c['unchanged']} unchanged"
        )


def _fail(path: str, message: str) -> NoReturn:
    raise ReferenceDataError(f"{path}: {message}")


def _mapping(value: Any, path: str, allowed: set[str]) -> dict:
    if not isinstance(value, dict):
        _fail(path, "must be a mapping of keys to values")
    unknown = sorted(str(key) for key in value if key not in allowed)
    if unknown:
        _fail(f"{path}.{unknown[0]}" if path else unknown[0], f"unknown key (allowed: {', '.join(sorted(allowed))})")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text(data: dict, path: str, key: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = data.get(key)
    where = _join(path, key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            _fail(where, "missing")
        return ""
    if not isinstance(value, str):
        _fail(where, 'must be text (put numbers such as versions in quotes, e.g. "1.0")')
    value = value.strip()
    if max_length is not None and len(value) > max_length:
        _fail(where, f"must be at most {max_length} characters (it has {len(value)})")
    return value


def _choice(data: dict, path: str, key: str, choices: list[str], default: str) -> str:
    value = data.get(key, default)
    if value not in choices:
        _fail(_join(path, key), f"must be one of {', '.join(choices)}")
    return value


def _bool(data: dict, path: str, key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        _fail(_join(path, key), "must be true or false")
    return value


def _date(data: dict, path: str, key: str) -> date | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    _fail(_join(path, key), "must be a date written YYYY-MM-DD")


def _list(data: dict, path: str, key: str, *, required: bool) -> list:
    value = data.get(key)
    where = _join(path, key)
    if value is None or value == []:
        if required:
            _fail(where, "missing: at least one is needed")
        return []
    if not isinstance(value, list):
        _fail(where, "must be a list")
    return value


def _codes(data: dict, path: str, known: set[str], previous: Framework | None, kind: str) -> list[str]:
    codes = _list(data, path, "maps_from", required=False)
    if codes and previous is None:
        _fail(_join(path, "maps_from"), "the framework names no previous framework to map from")
    for index, code in enumerate(codes):
        if not isinstance(code, str) or code not in known:
            _fail(
                f"{_join(path, 'maps_from')}[{index}]",
                f"no {kind} {code} in {previous.slug} version {previous.version}",
            )
    return list(dict.fromkeys(codes))


def _unique(seen: dict[str, str], code: str, path: str) -> None:
    if code in seen:
        _fail(_join(path, "code"), f"duplicate code {code} (also at {seen[code]})")
    seen[code] = path


@dataclass
class _Seen:
    """Codes met so far in the file (code -> key path), and the previous framework's codes."""

    previous: Framework | None
    previous_pillars: set[str] = field(default_factory=set)
    previous_actions: set[str] = field(default_factory=set)
    pillars: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)


def _parse_pillar(raw: Any, path: str, index: int, seen: _Seen) -> PillarSpec:
    data = _mapping(raw, path, PILLAR_KEYS)
    code = _text(data, path, "code", required=True, max_length=20)
    _unique(seen.pillars, code, path)
    fields = {
        "title": _text(data, path, "title", required=True, max_length=200),
        "summary": _text(data, path, "summary"),
        "is_overarching": _bool(data, path, "is_overarching"),
        "position": index + 1,
    }
    maps = _codes(data, path, seen.previous_pillars, seen.previous, "pillar")
    outcomes = [
        _parse_outcome(raw_outcome, f"{path}.outcomes[{o_index}]", o_index, seen)
        for o_index, raw_outcome in enumerate(_list(data, path, "outcomes", required=True))
    ]
    return PillarSpec(path, code, fields, maps, outcomes)


def _parse_outcome(raw: Any, path: str, index: int, seen: _Seen) -> OutcomeSpec:
    data = _mapping(raw, path, OUTCOME_KEYS)
    code = _text(data, path, "code", required=True, max_length=20)
    _unique(seen.outcomes, code, path)
    fields = {
        "title": _text(data, path, "title", required=True, max_length=300),
        "description": _text(data, path, "description"),
        "position": index + 1,
    }
    actions = [
        _parse_action(raw_action, f"{path}.actions[{a_index}]", a_index, seen)
        for a_index, raw_action in enumerate(_list(data, path, "actions", required=True))
    ]
    return OutcomeSpec(path, code, fields, actions)


def _parse_action(raw: Any, path: str, index: int, seen: _Seen) -> ActionSpec:
    data = _mapping(raw, path, ACTION_KEYS)
    code = _text(data, path, "code", required=True, max_length=20)
    _unique(seen.actions, code, path)
    audiences, requirements = FrameworkAction.Audience, FrameworkAction.Requirement
    fields = {
        "text": _text(data, path, "text", required=True),
        "audience": _choice(data, path, "audience", audiences.values, audiences.FORCES),
        "requirement": _choice(data, path, "requirement", requirements.values, requirements.REQUIRED),
        "guidance": _text(data, path, "guidance"),
        "source_note": _text(data, path, "source_note"),
        "position": index + 1,
    }
    maps = _codes(data, path, seen.previous_actions, seen.previous, "action")
    return ActionSpec(path, code, fields, maps)


def framework_file_parse(*, data: Any) -> FrameworkSpec:
    """
    Validate a parsed framework file and return it normalised, without writing anything.

    Raises ReferenceDataError at the first problem, naming its key path
    (`pillars[1].outcomes[0].actions[2].audience: must be one of forces, national`).
    """
    top = _mapping(data, "", FRAMEWORK_KEYS)
    slug = _text(top, "", "slug", required=True, max_length=80)
    if not SLUG_RE.match(slug):
        _fail("slug", "must be lower-case letters, digits and hyphens, e.g. vawg-framework-2024")
    if slug in RESERVED_SLUGS:
        _fail("slug", f"{slug} is reserved by the portal; choose another")
    version = _text(top, "", "version", required=True, max_length=20)
    fields = {
        "title": _text(top, "", "title", required=True, max_length=200),
        "short_title": _text(top, "", "short_title", max_length=80),
        "status": _choice(top, "", "status", Framework.Status.values, Framework.Status.DRAFT),
        "published_on": _date(top, "", "published_on"),
        "plan_due_on": _date(top, "", "plan_due_on"),
        "summary": _text(top, "", "summary"),
        "provenance": _text(top, "", "provenance"),
        "is_reconstruction": _bool(top, "", "is_reconstruction"),
    }
    if fields["status"] != Framework.Status.DRAFT and fields["published_on"] is None:
        _fail("published_on", f"missing: a {fields['status']} framework needs its publication date")

    previous = None
    if top.get("previous") is not None:
        ref = _mapping(top["previous"], "previous", {"slug", "version"})
        prev_slug = _text(ref, "previous", "slug", required=True)
        prev_version = _text(ref, "previous", "version", required=True)
        if (prev_slug, prev_version) == (slug, version):
            _fail("previous", "a framework cannot follow itself")
        previous = Framework.objects.filter(slug=prev_slug, version=prev_version).first()
        if previous is None:
            _fail("previous", f"no framework {prev_slug} version {prev_version} is loaded; load it first")
        # A fixed framework must not map from text that can still change under it.
        if fields["status"] != Framework.Status.DRAFT and previous.status == Framework.Status.DRAFT:
            _fail("previous", f"{prev_slug} version {prev_version} is a draft; publish it first")
    fields["previous_id"] = previous.pk if previous else None

    seen = _Seen(previous=previous)
    if previous is not None:
        seen.previous_pillars = set(previous.pillars.values_list("code", flat=True))
        seen.previous_actions = set(previous.actions.values_list("code", flat=True))
    pillars = [
        _parse_pillar(raw, f"pillars[{index}]", index, seen)
        for index, raw in enumerate(_list(top, "", "pillars", required=True))
    ]
    if fields["status"] != Framework.Status.DRAFT and not any(
        a.fields["audience"] == FrameworkAction.Audience.FORCES for p in pillars for o in p.outcomes for a in o.actions
    ):
        _fail("pillars", f"a {fields['status']} framework needs at least one action for forces")
    return FrameworkSpec(slug, version, fields, previous, pillars)


# --- Loading --------------------------------------------------------------------------------------


def _apply(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set values on obj; return the names of the fields whose value changed."""
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _upsert(
    report: LoadReport,
    label: str,
    obj: models.Model | None,
    model,
    values: dict[str, Any],
    maps_from: list | None = None,
):
    """Create obj or update its changed fields (and its maps_from), counting what happened."""
    if obj is None:
        obj = model(**values)
        changed = ["added"]
    else:
        changed = [f"{name} changed" for name in _apply(obj, values)]
    if changed:
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise ReferenceDataError(f"{label}: {'; '.join(exc.messages)}") from exc
        obj.save()
    if maps_from is not None:
        wanted = {target.pk for target in maps_from}
        if set(obj.maps_from.values_list("pk", flat=True)) != wanted:
            obj.maps_from.set(maps_from)
            if changed != ["added"]:
                changed.append("maps_from changed")
    if changed == ["added"]:
        report.counts["created"] += 1
    elif changed:
        report.counts["updated"] += 1
    else:
        report.counts["unchanged"] += 1
    if changed:
        report.changes.append(f"{label}: {', '.join(changed)}")
    return obj


def _remove_missing(report: LoadReport, queryset, keep: set[str], kind: str, *, delete: bool) -> None:
    """Remove rows whose code the file no longer has; with delete=False only record that it would."""
    for obj in queryset.exclude(code__in=keep):
        if not delete:
            report.changes.append(f"{kind} {obj.code}: removed")
            continue
        try:
            obj.delete()
        except ProtectedError as exc:
            raise ReferenceDataError(f"{kind} {obj.code}: cannot be removed because other records use it") from exc
        report.counts["removed"] += 1
        report.changes.append(f"{kind} {obj.code}: removed")


@transaction.atomic
def framework_load_report(*, data: Any) -> LoadReport:
    """
    Validate a parsed framework file and upsert it by codes; return what changed.

    The framework is found by slug and version; its pillars, outcomes and actions by code. Loading
    the same file twice changes nothing. In a draft framework, rows missing from the file are
    removed. If the framework is already published or retired and the file differs in anything,
    raises ReferenceDataError and writes nothing: published text is changed by loading a new
    version. Validation errors raise ReferenceDataError naming the key path.
    """
    spec = framework_file_parse(data=data)
    framework = Framework.objects.select_for_update().filter(slug=spec.slug, version=spec.version).first()
    was_fixed = framework is not None and framework.status != Framework.Status.DRAFT
    fields = dict(spec.fields)
    if framework is not None and framework.status == Framework.Status.RETIRED:
        # Retiring is a later act of the national team, not a change to the text: keep it.
        fields["status"] = Framework.Status.RETIRED

    report = LoadReport(framework=framework or Framework())
    framework = _upsert(
        report, "framework", framework, Framework, {"slug": spec.slug, "version": spec.version, **fields}
    )
    report.framework = framework
    previous_pillars = {p.code: p for p in spec.previous.pillars.all()} if spec.previous else {}
    previous_actions = {a.code: a for a in spec.previous.actions.all()} if spec.previous else {}
    pillars = {p.code: p for p in framework.pillars.all()}
    outcomes = {o.code: o for o in Outcome.objects.filter(pillar__framework=framework)}
    actions = {a.code: a for a in framework.actions.all()}

    for p_spec in spec.pillars:
        label = f"pillar {p_spec.code}"
        pillar = _upsert(
            report,
            label,
            pillars.get(p_spec.code),
            Pillar,
            {"framework_id": framework.pk, "code": p_spec.code, **p_spec.fields},
            [previous_pillars[code] for code in p_spec.maps_from],
        )
        for o_spec in p_spec.outcomes:
            outcome = _upsert(
                report,
                f"outcome {o_spec.code}",
                outcomes.get(o_spec.code),
                Outcome,
                {"pillar_id": pillar.pk, "code": o_spec.code, **o_spec.fields},
            )
            for a_spec in o_spec.actions:
                label = f"action {a_spec.code}"
                _upsert(
                    report,
                    label,
                    actions.get(a_spec.code),
                    FrameworkAction,
                    {"framework_id": framework.pk, "outcome_id": outcome.pk, "code": a_spec.code, **a_spec.fields},
                    [previous_actions[code] for code in a_spec.maps_from],
                )

    _remove_missing(
        report,
        framework.actions.all(),
        {a.code for p in spec.pillars for o in p.outcomes for a in o.actions},
        "action",
        delete=not was_fixed,
    )
    _remove_missing(
        report,
        Outcome.objects.filter(pillar__framework=framework),
        {o.code for p in spec.pillars for o in p.outcomes},
        "outcome",
        delete=not was_fixed,
    )
    _remove_missing(report, framework.pillars.all(), {p.code for p in spec.pillars}, "pillar", delete=not was_fixed)

    if was_fixed and report.changes:
        # The rows of a fixed framework were compared by writing them (one code path for the
        # comparison and the upsert); raising inside the atomic block rolls every write back.
        shown = "; ".join(report.changes[:3]) + ("; ..." if len(report.changes) > 3 else "")
        raise ReferenceDataError(
            f"{spec.slug} version {spec.version} is {framework.get_status_display().lower()} and cannot "
            f"be changed in place ({shown}). Load the changed text as a new version instead."
        )
    logger.info("Loaded framework %s", report.summary())
    return report


def framework_load(*, data: Any) -> Framework:
    """
    Validate a parsed framework file and upsert it by codes; return the framework.

    See framework_load_report, which this wraps, for the rules; the counts are logged.
    """
    return framework_load_report(data=data).framework


# --- Status and curation --------------------------------------------------------------------------


def _fresh(framework: Framework) -> Framework:
    """The framework as stored now, locked, so a check is not fooled by unsaved edits."""
    return Framework.objects.select_for_update().get(pk=framework.pk)


@transaction.atomic
def framework_publish(*, framework: Framework, published_on: date | None = None) -> Framework:
    """
    Publish a draft framework, after which its text is fixed.

    Checks that every pillar has outcomes, every outcome has actions and that at least one action
    is for forces. The publication date defaults to the framework's own, else today. Raises
    DomainError when a check fails or the framework is not a draft.
    """
    framework = _fresh(framework)
    if framework.status != Framework.Status.DRAFT:
        raise DomainError(
            f"Only a draft framework can be published; this one is {framework.get_status_display().lower()}."
        )
    pillars = list(framework.pillars.prefetch_related("outcomes__actions"))
    if not pillars:
        raise DomainError("A framework needs at least one pillar before it is published.")
    for pillar in pillars:
        outcomes = list(pillar.outcomes.all())
        if not outcomes:
            raise DomainError(f"Pillar {pillar.code} has no outcomes.")
        for outcome in outcomes:
            if not outcome.actions.all():
                raise DomainError(f"Outcome {outcome.code} has no actions.")
    if not framework.actions.filter(audience=FrameworkAction.Audience.FORCES).exists():
        raise DomainError("A framework needs at least one action for forces before it is published.")
    if framework.previous is not None and framework.previous.status == Framework.Status.DRAFT:
        raise DomainError(f"Publish {framework.previous} first: this framework maps from it.")
    framework.status = Framework.Status.PUBLISHED
    framework.published_on = published_on or framework.published_on or timezone.localdate()
    framework.full_clean()
    framework.save()
    return framework


@transaction.atomic
def framework_retire(*, framework: Framework) -> Framework:
    """
    Retire a published framework (it stays readable; its text stays fixed).

    Raises DomainError unless the framework is published.
    """
    framework = _fresh(framework)
    if framework.status != Framework.Status.PUBLISHED:
        raise DomainError(
            f"Only a published framework can be retired; this one is {framework.get_status_display().lower()}."
        )
    framework.status = Framework.Status.RETIRED
    framework.full_clean()
    framework.save()
    return framework


def _framework_id_of(obj: models.Model) -> int | None:
    if isinstance(obj, Framework):
        return obj.pk
    if isinstance(obj, (Pillar, FrameworkAction)):
        return obj.framework_id
    if isinstance(obj, Outcome):
        return Pillar.objects.filter(pk=obj.pillar_id).values_list("framework_id", flat=True).first()
    raise TypeError(f"not framework content: {obj!r}")


def framework_content_check(*, obj: models.Model) -> None:
    """
    Raise DomainError unless an edited framework, pillar, outcome or action may be saved.

    Only a draft framework's content may change, and a framework's status changes only through
    framework_publish and framework_retire. The checks read the stored rows, not the edited object.
    """
    framework_id = _framework_id_of(obj)
    stored = Framework.objects.filter(pk=framework_id).first() if framework_id else None
    if stored is not None and stored.status != Framework.Status.DRAFT:
        raise DomainError(
            f"{stored} is {stored.get_status_display().lower()} and cannot be changed in place. "
            "Load the changed text as a new version instead."
        )
    if isinstance(obj, Framework) and obj.status != (stored.status if stored else Framework.Status.DRAFT):
        raise DomainError("Change a framework's status by publishing or retiring it.")
    if isinstance(obj, FrameworkAction) and obj.outcome_id and obj.framework_id:
        outcome_framework = (
            Pillar.objects.filter(outcomes=obj.outcome_id).values_list("framework_id", flat=True).first()
        )
        if outcome_framework != obj.framework_id:
            raise DomainError("An action's outcome must belong to the same framework.")


@transaction.atomic
def framework_content_save(*, obj: models.Model) -> models.Model:
    """
    Save one edited framework, pillar, outcome or action (the admin's save path).

    Raises DomainError when framework_content_check refuses; the stored framework row is locked
    for the check so a publish cannot slip in between.
    """
    framework_id = _framework_id_of(obj)
    if framework_id:
        Framework.objects.select_for_update().filter(pk=framework_id).first()
    framework_content_check(obj=obj)
    obj.full_clean()
    obj.save()
    return obj
