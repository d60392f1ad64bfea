"""
What changed between two frameworks: pillars and actions added, removed, changed and mapped.

`compare(old, new)` is a pure function over plain snapshots, so it is tested without a database.
`snapshot(framework)` turns a framework preloaded by `selectors.framework_get` into one without
further queries.

Two rows are the *same* row when they have the same code and both frameworks share a slug (two
versions of one framework). Across different frameworks codes mean nothing, so rows are linked
only through `maps_from` (in either direction: the newer framework names the older one's codes).
"""

from dataclasses import dataclass, field

# A reference to a row: (framework id, code).
Ref = tuple[int, str]


@dataclass(frozen=True)
class PillarSnapshot:
    code: str
    title: str
    summary: str
    is_overarching: bool
    maps_from: frozenset[Ref] = frozenset()

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True)
class ActionSnapshot:
    code: str
    text: str
    audience: str
    requirement: str
    pillar_code: str
    outcome_code: str
    guidance: str = ""
    maps_from: frozenset[Ref] = frozenset()

    @property
    def label(self) -> str:
        return self.text


@dataclass(frozen=True)
class FrameworkSnapshot:
    id: int
    slug: str
    version: str
    title: str
    pillars: tuple[PillarSnapshot, ...]
    actions: tuple[ActionSnapshot, ...]
    short_title: str = ""

    @property
    def name(self) -> str:
        return f"{self.short_title or self.title} (version {self.version})"


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class Changed:
    old: PillarSnapshot | ActionSnapshot
    new: PillarSnapshot | ActionSnapshot
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Mapped:
    """A row of the new framework and the rows of the old one whose work it continues."""

    new: PillarSnapshot | ActionSnapshot
    old: tuple[PillarSnapshot | ActionSnapshot, ...]


@dataclass
class Differences:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    mapped: list[Mapped] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.mapped)


@dataclass
class Comparison:
    old: FrameworkSnapshot
    new: FrameworkSnapshot
    pillars: Differences
    actions: Differences

    @property
    def is_empty(self) -> bool:
        return self.pillars.is_empty and self.actions.is_empty

    @property
    def sections(self) -> list[tuple[str, Differences]]:
        return [("Pillars", self.pillars), ("Actions", self.actions)]


PILLAR_FIELDS = (("title", "Title"), ("summary", "Summary"), ("is_overarching", "Overarching"))
ACTION_FIELDS = (
    ("text", "Text"),
    ("audience", "Audience"),
    ("requirement", "Requirement"),
    ("outcome_code", "Outcome"),
    ("guidance", "Guidance"),
)


def _display(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _field_changes(old, new, names) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(label, _display(getattr(old, name)), _display(getattr(new, name)))
        for name, label in names
        if getattr(old, name) != getattr(new, name)
    )


def _diff(old_fw: FrameworkSnapshot, new_fw: FrameworkSnapshot, old_rows, new_rows, names) -> Differences:
    result = Differences()
    same_framework = old_fw.slug == new_fw.slug
    old_by_code = {row.code: row for row in old_rows}
    matched_old: set[str] = set()
    linked_old: set[str] = set()
    for new in new_rows:
        old = old_by_code.get(new.code) if same_framework else None
        if old is not None:
            matched_old.add(old.code)
            changes = _field_changes(old, new, names)
            if changes:
                result.changed.append(Changed(old, new, changes))
            else:
                result.unchanged += 1
            continue
        sources = [
            row for row in old_rows if (old_fw.id, row.code) in new.maps_from or (new_fw.id, new.code) in row.maps_from
        ]
        if sources:
            linked_old.update(row.code for row in sources)
            result.mapped.append(Mapped(new, tuple(sources)))
        else:
            result.added.append(new)
    result.removed = [row for row in old_rows if row.code not in matched_old | linked_old]
    return result


def compare(old: FrameworkSnapshot, new: FrameworkSnapshot) -> Comparison:
    """
    Compare two frameworks: what the newer one adds, removes, changes and carries over.

    Returns a Comparison with pillar and action Differences. Rows keep the order of their framework.
    """
    return Comparison(
        old=old,
        new=new,
        pillars=_diff(old, new, old.pillars, new.pillars, PILLAR_FIELDS),
        actions=_diff(old, new, old.actions, new.actions, ACTION_FIELDS),
    )


def snapshot(framework) -> FrameworkSnapshot:
    """
    A plain copy of a framework preloaded by selectors.framework_get (no further queries).
    """
    pillars = []
    actions = []
    for pillar in framework.pillars.all():
        pillars.append(
            PillarSnapshot(
                code=pillar.code,
                title=pillar.title,
                summary=pillar.summary,
                is_overarching=pillar.is_overarching,
                maps_from=frozenset((p.framework_id, p.code) for p in pillar.maps_from.all()),
            )
        )
        for outcome in pillar.outcomes.all():
            for action in outcome.actions.all():
                actions.append(
                    ActionSnapshot(
                        code=action.code,
                        text=action.text,
                        audience=action.get_audience_display(),
                        requirement=action.get_requirement_display(),
                        pillar_code=pillar.code,
                        outcome_code=outcome.code,
                        guidance=action.guidance,
                        maps_from=frozenset((a.framework_id, a.code) for a in action.maps_from.all()),
                    )
                )
    return FrameworkSnapshot(
        id=framework.pk,
        slug=framework.slug,
        version=framework.version,
        title=framework.title,
        short_title=framework.short_title,
        pillars=tuple(pillars),
        actions=tuple(actions),
    )
