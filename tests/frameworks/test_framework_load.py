"""frameworks.services.framework_load / framework_load_report: validation, upsert, idempotency."""

import pytest

from common.reference import ReferenceDataError
from frameworks.models import Framework, FrameworkAction, Outcome, Pillar
from frameworks.services import framework_load, framework_load_report


def _refused(data) -> str:
    with pytest.raises(ReferenceDataError) as info:
        framework_load(data=data)
    return str(info.value)


def test_it_creates_the_framework_with_its_pillars_outcomes_and_actions(db, framework_data):
    framework = framework_load(data=framework_data)

    framework.refresh_from_db()
    assert (framework.slug, framework.version, framework.status) == ("test-framework", "1.0", "draft")
    assert list(framework.pillars.values_list("code", "position")) == [("A", 1), ("B", 2)]
    assert Outcome.objects.filter(pillar__framework=framework).count() == 2
    action = framework.actions.get(code="A.1.2")
    assert (action.audience, action.requirement, action.outcome.code, action.position) == (
        "national",
        "recommended",
        "A.1",
        2,
    )
    # Defaults: forces and required.
    assert framework.actions.get(code="B.1.1").audience == "forces"
    assert framework.actions.get(code="B.1.1").requirement == "required"


def test_loading_the_same_file_twice_changes_nothing(db, framework_data):
    first = framework_load_report(data=framework_data)
    updated_at = Framework.objects.get().updated_at

    second = framework_load_report(data=framework_data)

    assert first.counts["created"] == 8
    assert (second.counts["created"], second.counts["updated"], second.counts["removed"]) == (0, 0, 0)
    assert second.counts["unchanged"] == 8
    assert second.changes == []
    assert Framework.objects.get().updated_at == updated_at
    assert FrameworkAction.objects.count() == 3


def test_it_updates_and_removes_rows_of_a_draft_by_code(db, framework_data):
    framework_load(data=framework_data)
    framework_data["pillars"][0]["title"] = "Pillar A, renamed"
    del framework_data["pillars"][1]

    report = framework_load_report(data=framework_data)

    assert Pillar.objects.get(code="A").title == "Pillar A, renamed"
    assert not Pillar.objects.filter(code="B").exists()
    assert not FrameworkAction.objects.filter(code="B.1.1").exists()
    assert (report.counts["updated"], report.counts["removed"]) == (1, 3)


def _only_national_actions(data):
    data.update(status="published", published_on="2026-01-01")
    for pillar in data["pillars"]:
        for outcome in pillar["outcomes"]:
            for action in outcome["actions"]:
                action["audience"] = "national"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("slug"), "slug: missing"),
        (lambda d: d.update(version=1.0), "version: must be text"),
        (lambda d: d.update(slug="Not A Slug"), "slug: must be lower-case letters"),
        (lambda d: d.update(status="live"), "status: must be one of draft, published, retired"),
        (lambda d: d.update(status="published"), "published_on: missing"),
        (lambda d: d.update(published_on="15/12/2021"), "published_on: must be a date written YYYY-MM-DD"),
        (lambda d: d.update(colour="red"), "colour: unknown key"),
        (lambda d: d.update(pillars=[]), "pillars: missing: at least one is needed"),
        (lambda d: d["pillars"][0].pop("code"), "pillars[0].code: missing"),
        (lambda d: d["pillars"][1].update(code="A"), "pillars[1].code: duplicate code A (also at pillars[0])"),
        (lambda d: d["pillars"][1].update(is_overarching="yes"), "pillars[1].is_overarching: must be true or false"),
        (
            lambda d: d["pillars"][1]["outcomes"][0].update(code="A.1"),
            "pillars[1].outcomes[0].code: duplicate code A.1 (also at pillars[0].outcomes[0])",
        ),
        (
            lambda d: d["pillars"][1]["outcomes"][0].update(actions=[]),
            "pillars[1].outcomes[0].actions: missing: at least one is needed",
        ),
        (
            lambda d: d["pillars"][0]["outcomes"][0]["actions"][1].update(audience="everyone"),
            "pillars[0].outcomes[0].actions[1].audience: must be one of forces, national",
        ),
        (
            lambda d: d["pillars"][0]["outcomes"][0]["actions"][0].update(requirement="optional"),
            "pillars[0].outcomes[0].actions[0].requirement: must be one of required, recommended",
        ),
        (
            lambda d: d["pillars"][1]["outcomes"][0]["actions"][0].update(code="A.1.1"),
            "pillars[1].outcomes[0].actions[0].code: duplicate code A.1.1",
        ),
        (
            lambda d: d["pillars"][0]["outcomes"][0]["actions"][0].update(text=" "),
            "pillars[0].outcomes[0].actions[0].text: missing",
        ),
        (
            lambda d: d["pillars"][0].update(maps_from=["P1"]),
            "pillars[0].maps_from: the framework names no previous framework",
        ),
        (lambda d: d["pillars"][0].pop("title"), "pillars[0].title: missing"),
        (lambda d: d["pillars"][0].update(maps_from="P1"), "pillars[0].maps_from: must be a list"),
        (
            lambda d: d["pillars"][0]["outcomes"][0].update(title="x" * 301),
            "pillars[0].outcomes[0].title: must be at most 300",
        ),
        (_only_national_actions, "pillars: a published framework needs at least one action for forces"),
        (
            lambda d: d.update(previous={"slug": "nowhere", "version": "1.0"}),
            "previous: no framework nowhere version 1.0 is loaded; load it first",
        ),
    ],
)
def test_it_refuses_an_invalid_file_naming_the_key_path(db, framework_data, change, message):
    change(framework_data)

    assert message in _refused(framework_data)
    assert not Framework.objects.exists()


def test_it_refuses_a_file_that_is_not_a_mapping(db):
    assert _refused(["not", "a", "framework"]) == ": must be a mapping of keys to values"


def test_it_refuses_mapping_codes_unknown_in_the_previous_framework(db, frameworks, framework_data):
    framework_data["previous"] = {"slug": "vawg-framework-2021", "version": "1.0"}
    framework_data["pillars"][0]["maps_from"] = ["P1"]
    framework_data["pillars"][0]["outcomes"][0]["actions"][1]["maps_from"] = ["P1.a.1", "P9.z.9"]

    message = _refused(framework_data)

    assert message == (
        "pillars[0].outcomes[0].actions[1].maps_from[1]: no action P9.z.9 in vawg-framework-2021 version 1.0"
    )
    assert not Framework.objects.filter(slug="test-framework").exists()


def test_it_stores_the_mapping_to_the_previous_framework(db, frameworks, framework_data):
    framework_data["previous"] = {"slug": "vawg-framework-2021", "version": "1.0"}
    framework_data["pillars"][0]["maps_from"] = ["P1", "P3"]
    framework_data["pillars"][0]["outcomes"][0]["actions"][0]["maps_from"] = ["P1.a.1"]

    framework = framework_load(data=framework_data)

    assert framework.previous == frameworks["2021"]
    assert set(framework.pillars.get(code="A").maps_from.values_list("code", flat=True)) == {"P1", "P3"}
    mapped = framework.actions.get(code="A.1.1").maps_from.get()
    assert (mapped.framework, mapped.code) == (frameworks["2021"], "P1.a.1")


def test_a_published_framework_cannot_map_from_a_draft(db, framework_data):
    framework_load(data=framework_data)
    successor = {
        **framework_data,
        "slug": "test-successor",
        "status": "published",
        "published_on": "2026-02-01",
        "previous": {"slug": "test-framework", "version": "1.0"},
    }

    assert _refused(successor) == "previous: test-framework version 1.0 is a draft; publish it first"
    assert not Framework.objects.filter(slug="test-successor").exists()
