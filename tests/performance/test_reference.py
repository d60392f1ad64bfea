"""The shipped measure set (performance/data/measures.yaml) and load_reference."""

import pytest
from django.core.management import call_command

from accounts.reference import load as load_forces
from common.reference import ReferenceDataError
from frameworks.reference import load as load_frameworks
from performance.models import Measure, MeasureSet, ReportingPeriod
from performance.reference import MEASURES_FILE, load
from performance.services.measures import measure_set_load


@pytest.fixture
def loaded(db):
    load_forces()
    load_frameworks()
    load()
    return MeasureSet.objects.get(slug="vawg-performance-2022")


def test_shipped_set_has_about_forty_reconstructed_measures_across_the_pillars(loaded):
    measures = list(loaded.measures.all())
    assert 38 <= len(measures) <= 45
    assert all(m.is_reconstruction for m in measures)
    assert loaded.is_reconstruction and "Reconstructed from public sources" in loaded.provenance
    assert {m.pillar_code for m in measures} == {"context", "P1", "P2", "P3"}
    codes = {m.code for m in measures}
    # The measure areas named in the reference: complaints, charge rate, orders, DVDS, StreetSafe, confidence.
    assert {"TC01", "TC09", "PP05", "PP10", "PP11", "PP13", "PP15", "PP16", "PP19", "SS01", "TC13"} <= codes
    assert loaded.measures.get(code="PP01").breakdown_categories[:2] == ["asian", "black"]
    rate = loaded.measures.get(code="PP05")
    assert (rate.numerator.code, rate.denominator.code, rate.unit) == ("PP04", "PP03", "percentage")


def test_every_measure_links_to_a_framework_outcome_of_its_pillar(loaded):
    for m in loaded.measures.exclude(pillar_code="context"):
        assert m.outcome is not None, m.code
        assert m.outcome.pillar.code == m.pillar_code, m.code


def test_loading_again_changes_nothing(loaded):
    before = list(Measure.objects.values_list("pk", "code", "title"))
    assert "0 new or changed" in load()
    assert list(Measure.objects.values_list("pk", "code", "title")) == before


def test_reporting_periods_to_date_are_created(loaded):
    first = ReportingPeriod.objects.order_by("starts_on").first()
    assert first.label == "2022-23 H1"
    assert first.measure_set == loaded


def test_a_set_with_returns_cannot_change_in_place(loaded, force_a):
    from common.reference import read_yaml
    from performance.models import Return, ReturnValue

    period = ReportingPeriod.objects.order_by("starts_on").first()
    ret = Return.objects.create(force=force_a, period=period)
    ReturnValue.objects.create(return_obj=ret, measure=loaded.measures.get(code="TC01"), value=3)
    data = read_yaml(MEASURES_FILE)
    data["measures"][1]["title"] = "Something else"
    with pytest.raises(ReferenceDataError, match="load the new definitions as a new version"):
        measure_set_load(data=data)
    data["version"] = "2.0"
    assert "created" in measure_set_load(data=data)


def test_a_malformed_file_names_the_key(loaded):
    from common.reference import read_yaml

    data = read_yaml(MEASURES_FILE)
    data["measures"][3]["unit"] = "furlongs"
    with pytest.raises(ReferenceDataError, match=r"measures\[3\]\.unit: must be one of"):
        measure_set_load(data=data)


def test_load_reference_command_includes_performance(db, capsys):
    call_command("load_reference")
    assert "performance: vawg-performance-2022 1.0" in capsys.readouterr().out


def test_load_measures_command_loads_a_new_version_and_names_problems(loaded, tmp_path, capsys):
    import yaml
    from django.core.management import CommandError

    from common.reference import read_yaml

    data = read_yaml(MEASURES_FILE)
    data["version"] = "2.0"
    path = tmp_path / "official.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    call_command("load_measures", str(path))
    assert "vawg-performance-2022 2.0 created: 43 measures" in capsys.readouterr().out
    data["measures"][0]["pillar"] = "P9"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CommandError, match=r"measures\[0\]\.pillar: P9 is not a pillar of the framework"):
        call_command("load_measures", str(path))
