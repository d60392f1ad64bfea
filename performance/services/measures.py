"""
Loading a measure set from its data file (performance/data/measures.yaml).

A measure set that already has returns is fixed: forces' figures were entered against its
definitions, so changing them in place would change what the figures mean. Loading changed
definitions for such a set is refused; load them as a new version instead. Loading the same file
again changes nothing.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction

from common.reference import ReferenceDataError
from frameworks.models import Framework, Outcome

from ..models import Measure, MeasureSet, ReturnValue

SET_KEYS = {"slug", "version", "title", "framework", "provenance", "is_reconstruction", "breakdowns", "measures"}
MEASURE_KEYS = {
    "code",
    "title",
    "definition",
    "pillar",
    "outcome",
    "unit",
    "polarity",
    "frequency",
    "data_source",
    "numerator",
    "denominator",
    "numerator_definition",
    "denominator_definition",
    "breakdown",
    "baseline",
    "target",
    "reconstruction",
    "source_note",
}
CONTEXT_PILLAR = ("context", "Context")
FIELDS = [
    "title",
    "definition",
    "pillar_code",
    "pillar_title",
    "outcome_id",
    "unit",
    "polarity",
    "frequency",
    "data_source",
    "numerator_definition",
    "denominator_definition",
    "breakdown_label",
    "breakdown_categories",
    "baseline",
    "target",
    "is_reconstruction",
    "source_note",
    "position",
]


def _fail(path: str, message: str):
    raise ReferenceDataError(f"{path}: {message}")


def _choice(value: Any, choices, path: str, default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if value not in choices.values:
        _fail(path, f"must be one of {', '.join(choices.values)}")
    return value


def _decimal(value: Any, path: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except Exception:  # noqa: BLE001 - anything that is not a number
        _fail(path, "must be a number")


def _framework_lookup(data: dict) -> tuple[Framework | None, dict, dict]:
    ref = data.get("framework")
    if not ref:
        return None, {}, {}
    framework = Framework.objects.filter(slug=ref.get("slug"), version=str(ref.get("version"))).first()
    if framework is None:
        _fail("framework", f"{ref.get('slug')} version {ref.get('version')} is not loaded")
    pillars = {p.code: p.title for p in framework.pillars.all()}
    outcomes = {o.code: o.pk for o in Outcome.objects.filter(pillar__framework=framework)}
    return framework, pillars, outcomes


def _parse(data: Any) -> tuple[dict, list[dict]]:
    """Check the file's shape and return (set fields, measure rows); raise ReferenceDataError naming the key."""
    if not isinstance(data, dict):
        _fail("(top)", "must be a mapping")
    unknown = set(data) - SET_KEYS
    if unknown:
        _fail("(top)", f"unknown keys {sorted(unknown)}")
    for key in ("slug", "version", "title", "measures"):
        if not data.get(key):
            _fail(key, "is required")
    framework, pillars, outcomes = _framework_lookup(data)
    breakdowns = data.get("breakdowns") or {}
    rows: list[dict] = []
    seen: set[str] = set()
    for i, item in enumerate(data["measures"]):
        path = f"measures[{i}]"
        if not isinstance(item, dict):
            _fail(path, "must be a mapping")
        unknown = set(item) - MEASURE_KEYS
        if unknown:
            _fail(path, f"unknown keys {sorted(unknown)}")
        for key in ("code", "title", "definition", "pillar", "unit"):
            if not item.get(key):
                _fail(f"{path}.{key}", "is required")
        code = str(item["code"])
        if code in seen:
            _fail(f"{path}.code", f"{code} is repeated")
        seen.add(code)
        pillar = str(item["pillar"])
        if pillar == CONTEXT_PILLAR[0]:
            pillar_title = CONTEXT_PILLAR[1]
        elif framework is not None and pillar not in pillars:
            _fail(f"{path}.pillar", f"{pillar} is not a pillar of the framework")
        else:
            pillar_title = pillars.get(pillar, pillar)
        outcome_id = None
        if item.get("outcome"):
            outcome_id = outcomes.get(str(item["outcome"]))
            if outcome_id is None:
                _fail(f"{path}.outcome", f"{item['outcome']} is not an outcome of the framework")
        breakdown = item.get("breakdown")
        if breakdown and breakdown not in breakdowns:
            _fail(f"{path}.breakdown", f"{breakdown} is not listed under breakdowns")
        spec = breakdowns.get(breakdown) or {}
        rows.append(
            {
                "code": code,
                "numerator": item.get("numerator"),
                "denominator": item.get("denominator"),
                "fields": {
                    "title": str(item["title"]).strip(),
                    "definition": str(item["definition"]).strip(),
                    "pillar_code": pillar,
                    "pillar_title": pillar_title,
                    "outcome_id": outcome_id,
                    "unit": _choice(item["unit"], Measure.Unit, f"{path}.unit"),
                    "polarity": _choice(item.get("polarity"), Measure.Polarity, f"{path}.polarity", "neither"),
                    "frequency": _choice(item.get("frequency"), Measure.Frequency, f"{path}.frequency", "half_yearly"),
                    "data_source": str(item.get("data_source") or ""),
                    "numerator_definition": str(item.get("numerator_definition") or ""),
                    "denominator_definition": str(item.get("denominator_definition") or ""),
                    "breakdown_label": str(spec.get("label") or ""),
                    "breakdown_categories": [str(c) for c in spec.get("categories") or []],
                    "baseline": _decimal(item.get("baseline"), f"{path}.baseline"),
                    "target": _decimal(item.get("target"), f"{path}.target"),
                    "is_reconstruction": bool(item.get("reconstruction", True)),
                    "source_note": str(item.get("source_note") or ""),
                    "position": i,
                },
            }
        )
    codes = {row["code"] for row in rows}
    for i, row in enumerate(rows):
        for key in ("numerator", "denominator"):
            if row[key] and row[key] not in codes:
                _fail(f"measures[{i}].{key}", f"{row[key]} is not a measure of this set")
        if bool(row["numerator"]) != bool(row["denominator"]):
            _fail(f"measures[{i}]", "give both numerator and denominator, or neither")
    set_fields = {
        "title": str(data["title"]),
        "framework": framework,
        "provenance": str(data.get("provenance") or "").strip(),
        "is_reconstruction": bool(data.get("is_reconstruction", False)),
    }
    return set_fields, rows


@transaction.atomic
def measure_set_load(*, data: Any) -> str:
    """
    Create or update a measure set and its measures from parsed YAML; return a one-line summary.

    Raises ReferenceDataError when the file is malformed, or when it would change the
    definitions of a set that already has returns.
    """
    set_fields, rows = _parse(data)
    measure_set, created = MeasureSet.objects.get_or_create(
        slug=data["slug"], version=str(data["version"]), defaults=set_fields
    )
    existing = {m.code: m for m in measure_set.measures.all()}
    has_returns = ReturnValue.objects.filter(measure__measure_set=measure_set).exists()
    changed: list[str] = []
    for row in rows:
        measure = existing.get(row["code"])
        if measure is None:
            changed.append(row["code"])
            continue
        if any(getattr(measure, name) != value for name, value in row["fields"].items()):
            changed.append(row["code"])
    removed = set(existing) - {row["code"] for row in rows}
    if has_returns and (changed or removed):
        raise ReferenceDataError(
            f"{measure_set}: returns already use this measure set, so its measures cannot change "
            f"({', '.join(sorted(set(changed) | removed))}); load the new definitions as a new version"
        )
    if not created:
        for name, value in set_fields.items():
            setattr(measure_set, name, value)
        measure_set.save()
    for code in removed:
        existing.pop(code).delete()
    for row in rows:
        measure = existing.get(row["code"]) or Measure(measure_set=measure_set, code=row["code"])
        for name, value in row["fields"].items():
            setattr(measure, name, value)
        measure.full_clean(exclude=["numerator", "denominator", "measure_set"])
        measure.save()
        existing[row["code"]] = measure
    for row in rows:
        measure = existing[row["code"]]
        numerator = existing[row["numerator"]].pk if row["numerator"] else None
        denominator = existing[row["denominator"]].pk if row["denominator"] else None
        if (measure.numerator_id, measure.denominator_id) != (numerator, denominator):
            measure.numerator_id, measure.denominator_id = numerator, denominator
            measure.save(update_fields=["numerator", "denominator"])
    verb = "created" if created else "checked"
    return f"{measure_set.slug} {measure_set.version} {verb}: {len(rows)} measures ({len(changed)} new or changed)"
