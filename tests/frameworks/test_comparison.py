"""frameworks.comparison.compare: a pure function over snapshots (no database)."""

from frameworks.comparison import ActionSnapshot, FrameworkSnapshot, PillarSnapshot, compare, snapshot


def _action(code, text="Do it", audience="Forces", requirement="Required", maps_from=(), outcome="A.1"):
    return ActionSnapshot(
        code=code,
        text=text,
        audience=audience,
        requirement=requirement,
        pillar_code=code[0],
        outcome_code=outcome,
        maps_from=frozenset(maps_from),
    )


def _pillar(code, title="Pillar", maps_from=()):
    return PillarSnapshot(code=code, title=title, summary="", is_overarching=False, maps_from=frozenset(maps_from))


def _framework(id, slug, version, pillars, actions):
    return FrameworkSnapshot(
        id=id, slug=slug, version=version, title=slug, pillars=tuple(pillars), actions=tuple(actions)
    )


def test_versions_of_one_framework_are_matched_by_code():
    old = _framework(
        1,
        "fw",
        "1.0",
        [_pillar("A"), _pillar("B")],
        [_action("A.1"), _action("A.2"), _action("A.3", audience="Forces"), _action("B.1")],
    )
    new = _framework(
        2,
        "fw",
        "1.1",
        [_pillar("A", title="Renamed"), _pillar("C")],
        [
            _action("A.1"),
            _action("A.2", text="Do it better"),
            _action("A.3", audience="National team", requirement="Recommended"),
            _action("C.1"),
        ],
    )

    result = compare(old, new)

    assert [p.code for p in result.pillars.added] == ["C"]
    assert [p.code for p in result.pillars.removed] == ["B"]
    assert [(c.new.code, [(f.name, f.before, f.after) for f in c.fields]) for c in result.pillars.changed] == [
        ("A", [("Title", "Pillar", "Renamed")])
    ]
    assert result.actions.unchanged == 1
    assert [(c.new.code, [f.name for f in c.fields]) for c in result.actions.changed] == [
        ("A.2", ["Text"]),
        ("A.3", ["Audience", "Requirement"]),
    ]
    assert [a.code for a in result.actions.added] == ["C.1"]
    assert [a.code for a in result.actions.removed] == ["B.1"]
    assert result.actions.mapped == []


def test_different_frameworks_are_linked_only_through_maps_from():
    old = _framework(
        1,
        "old",
        "1.0",
        [_pillar("P1"), _pillar("P2")],
        [_action("P1.1"), _action("P1.2"), _action("P2.1"), _action("X.1")],
    )
    new = _framework(
        2,
        "new",
        "1.0",
        [_pillar("N1", maps_from=[(1, "P1"), (1, "P2")]), _pillar("P2")],
        [_action("N1.1", maps_from=[(1, "P1.1"), (1, "P1.2")]), _action("N1.2"), _action("X.1")],
    )

    result = compare(old, new)

    assert [(m.new.code, [o.code for o in m.old]) for m in result.pillars.mapped] == [("N1", ["P1", "P2"])]
    # Same code in another framework is not the same pillar or action.
    assert [p.code for p in result.pillars.added] == ["P2"]
    assert result.pillars.removed == []
    assert [(m.new.code, [o.code for o in m.old]) for m in result.actions.mapped] == [("N1.1", ["P1.1", "P1.2"])]
    assert [a.code for a in result.actions.added] == ["N1.2", "X.1"]
    assert [a.code for a in result.actions.removed] == ["P2.1", "X.1"]
    assert result.actions.changed == []


def test_the_mapping_is_followed_when_comparing_backwards():
    old = _framework(
        2, "new", "1.0", [_pillar("N1", maps_from=[(1, "P1")])], [_action("N1.1", maps_from=[(1, "P1.1")])]
    )
    new = _framework(1, "old", "1.0", [_pillar("P1")], [_action("P1.1")])

    result = compare(old, new)

    assert [(m.new.code, [o.code for o in m.old]) for m in result.actions.mapped] == [("P1.1", ["N1.1"])]
    assert result.actions.added == result.actions.removed == []


def test_a_framework_compared_with_itself_has_no_differences():
    fw = _framework(1, "fw", "1.0", [_pillar("A")], [_action("A.1")])

    result = compare(fw, fw)

    assert result.is_empty
    assert (result.pillars.unchanged, result.actions.unchanged) == (1, 1)


def test_the_shipped_frameworks_compare_with_the_mapping(frameworks, django_assert_num_queries):
    from frameworks.selectors import framework_get

    old = framework_get(slug="vawg-framework-2021", version="1.0")
    new = framework_get(slug="vawg-framework-2024", version="1.0")
    with django_assert_num_queries(0):
        result = compare(snapshot(old), snapshot(new))

    assert len(result.pillars.mapped) == 5
    assert {a.code for a in result.actions.removed} == {"P2.a.3", "P1.d.4", "P2.b.2"}
    assert {a.code for a in result.actions.added} == {"PREPARE.b.2", "PURSUE.a.3", "PREVENT.a.2"}
    assert len(result.actions.mapped) == 15
