import pytest

from accounts import reference
from accounts.models import Force
from accounts.services import force_upsert_many
from common.reference import ReferenceDataError


def test_it_loads_43_territorial_forces_and_three_special_forces(db):
    reference.load()
    assert Force.objects.filter(kind="territorial").count() == 43
    assert set(Force.objects.filter(kind="special").values_list("name", flat=True)) == {
        "British Transport Police", "Ministry of Defence Police", "Civil Nuclear Constabulary",
    }
    btp = Force.objects.get(code="btp")
    assert btp.nation == "England, Wales and Scotland"
    assert Force.objects.filter(nation="Wales").count() == 4


def test_loading_twice_changes_nothing(db):
    reference.load()
    assert reference.load() == "forces: 0 created, 46 updated"
    assert Force.objects.count() == 46


def test_a_bad_row_names_its_key_and_writes_nothing(db):
    rows = [
        {"code": "a", "name": "A Police", "kind": "territorial", "nation": "England"},
        {"code": "b", "name": "B Police", "kind": "county", "nation": "England"},
    ]
    with pytest.raises(ReferenceDataError, match=r"forces\[1\]\.kind"):
        force_upsert_many(rows=rows)
    assert not Force.objects.exists()
