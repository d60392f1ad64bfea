"""A published framework cannot be changed in place by framework_load: nothing is written."""

import copy

import pytest

from common.reference import ReferenceDataError, read_yaml
from frameworks.models import Framework, FrameworkAction, Pillar
from frameworks.reference import FRAMEWORK_FILES
from frameworks.services import framework_load, framework_load_report, framework_retire


@pytest.fixture
def file_2021(frameworks):
    return read_yaml(FRAMEWORK_FILES[0])


def _snapshot():
    return (
        list(Framework.objects.order_by("pk").values()),
        list(Pillar.objects.order_by("pk").values()),
        list(FrameworkAction.objects.order_by("pk").values()),
        list(FrameworkAction.maps_from.through.objects.order_by("pk").values()),
    )


def _change_title(data):
    data["title"] = "A new title"


def _change_action_text(data):
    data["pillars"][0]["outcomes"][0]["actions"][0]["text"] = "Different words"


def _change_audience(data):
    data["pillars"][0]["outcomes"][0]["actions"][0]["audience"] = "national"


def _add_action(data):
    data["pillars"][2]["outcomes"][1]["actions"].append({"code": "P3.b.2", "text": "Something new"})


def _remove_action(data):
    data["pillars"][2]["outcomes"][1]["actions"].append({"code": "P3.b.2", "text": "Keep it"})
    data["pillars"][2]["outcomes"][0]["actions"].pop()


def _remove_pillar(data):
    data["pillars"].pop()


def _reorder_pillars(data):
    data["pillars"].reverse()


@pytest.mark.parametrize(
    "change",
    [
        _change_title,
        _change_action_text,
        _change_audience,
        _add_action,
        _remove_action,
        _remove_pillar,
        _reorder_pillars,
    ],
)
def test_it_refuses_any_change_to_a_published_framework_and_writes_nothing(db, file_2021, change):
    before = _snapshot()
    data = copy.deepcopy(file_2021)
    change(data)

    with pytest.raises(ReferenceDataError) as info:
        framework_load(data=data)

    assert "vawg-framework-2021 version 1.0 is published and cannot be changed in place" in str(info.value)
    assert "Load the changed text as a new version instead." in str(info.value)
    assert _snapshot() == before


def test_it_refuses_a_changed_mapping_of_a_published_framework(db, frameworks):
    data = read_yaml(FRAMEWORK_FILES[1])
    data["pillars"][0]["outcomes"][0]["actions"][0]["maps_from"] = ["P1.a.1"]
    before = _snapshot()

    with pytest.raises(ReferenceDataError, match="action TC.a.1: maps_from changed"):
        framework_load(data=data)

    assert _snapshot() == before


def test_it_accepts_the_unchanged_file_of_a_published_framework(db, file_2021):
    report = framework_load_report(data=file_2021)

    assert report.changes == []
    assert report.framework.status == Framework.Status.PUBLISHED


def test_the_changed_text_loads_as_a_new_version(db, file_2021, frameworks):
    data = copy.deepcopy(file_2021)
    _change_action_text(data)
    data["version"] = "1.1"

    framework = framework_load(data=data)

    assert framework.actions.get(code="P1.a.1").text == "Different words"
    frameworks["2021"].refresh_from_db()
    assert frameworks["2021"].actions.get(code="P1.a.1").text != "Different words"


def test_reloading_a_retired_framework_keeps_it_retired(db, file_2021, frameworks):
    framework_retire(framework=frameworks["2021"])

    report = framework_load_report(data=file_2021)

    frameworks["2021"].refresh_from_db()
    assert frameworks["2021"].status == Framework.Status.RETIRED
    assert report.changes == []


def test_it_refuses_changes_to_a_retired_framework(db, file_2021, frameworks):
    framework_retire(framework=frameworks["2021"])
    data = copy.deepcopy(file_2021)
    _change_title(data)

    with pytest.raises(ReferenceDataError, match="is retired and cannot be changed in place"):
        framework_load(data=data)

    frameworks["2021"].refresh_from_db()
    assert frameworks["2021"].title != "A new title"
