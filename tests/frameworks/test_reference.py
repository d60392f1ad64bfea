"""frameworks.reference.load: the shipped frameworks, and the promises their data keeps."""

from frameworks import reference
from frameworks.models import Framework, FrameworkAction, Outcome


def test_it_loads_both_frameworks_and_is_idempotent(db):
    first = reference.load()
    second = reference.load()

    assert "vawg-framework-2021 version 1.0: 39 created" in first
    assert second == (
        "vawg-framework-2021 version 1.0: 0 created, 0 updated, 0 removed, 39 unchanged; "
        "vawg-framework-2024 version 1.0: 0 created, 0 updated, 0 removed, 31 unchanged"
    )
    assert Framework.objects.count() == 2


def test_the_2021_framework_has_three_pillars_and_enough_force_actions(frameworks):
    framework = frameworks["2021"]
    assert list(framework.pillars.values_list("title", flat=True)) == [
        "Build trust and confidence",
        "Relentless perpetrator pursuit",
        "Safer spaces",
    ]
    assert framework.is_reconstruction
    assert "Reconstructed from public sources; replace with the official text" in framework.provenance
    assert framework.actions.filter(audience=FrameworkAction.Audience.FORCES).count() >= 15


def test_every_shipped_outcome_has_an_action_for_forces(frameworks):
    for outcome in Outcome.objects.all():
        assert outcome.actions.filter(audience=FrameworkAction.Audience.FORCES).exists(), outcome.code


def test_the_2024_framework_maps_from_2021_and_leaves_some_actions_unmapped(frameworks):
    new, old = frameworks["2024"], frameworks["2021"]
    assert new.previous == old
    assert new.pillars.get(is_overarching=True).title == "Trust and confidence"
    assert set(new.pillars.get(code="PROTECT").maps_from.values_list("code", flat=True)) == {"P2", "P3"}
    mapped = set(FrameworkAction.objects.filter(maps_to__framework=new).values_list("code", flat=True))
    assert {"P2.a.3", "P1.d.4", "P2.b.2"} == set(old.actions.values_list("code", flat=True)) - mapped
    assert new.actions.filter(maps_from__isnull=True).count() == 3
