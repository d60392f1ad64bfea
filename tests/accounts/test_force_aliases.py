"""Forces' other names (GMP, the Met, Hampshire Constabulary): shipped as data, found by searches and imports (#12)."""

import pytest

from accounts import reference
from accounts.models import Force
from accounts.selectors import ForceResolver, force_search
from accounts.services import force_upsert_many
from common.reference import ReferenceDataError


@pytest.fixture
def forces(db):
    reference.load()


@pytest.mark.parametrize(("typed", "code"), [
    ("GMP", "greater-manchester"),
    ("gmp", "greater-manchester"),
    ("Greater Manchester Police", "greater-manchester"),
    ("greater-manchester", "greater-manchester"),
    ("the Met", "metropolitan"),
    ("The Met", "metropolitan"),
    ("Met", "metropolitan"),
    ("Metropolitan Police Service", "metropolitan"),
    ("Hampshire Constabulary", "hampshire"),
    ("Hampshire and Isle of Wight Constabulary", "hampshire"),
    ("Hampshire & Isle of Wight Constabulary", "hampshire"),
    ("AVON & SOMERSET POLICE", "avon-and-somerset"),
    ("Avon and Somerset Constabulary", "avon-and-somerset"),
    ("Dyfed Powys Police", "dyfed-powys"),
    ("Heddlu Gogledd Cymru", "north-wales"),
    ("  tvp ", "thames-valley"),
    ("BTP", "btp"),
])
def test_the_resolver_finds_a_force_by_any_of_its_names(forces, typed, code):
    assert ForceResolver().get(typed).code == code


@pytest.mark.parametrize("typed", ["PSNI", "Police Scotland", "", "Manchester"])
def test_the_resolver_finds_no_force_for_an_unknown_name(forces, typed):
    assert ForceResolver().get(typed) is None


def test_the_shipped_aliases_are_stored_one_per_line(forces):
    met = Force.objects.get(code="metropolitan")
    assert "the Met" in met.alias_list
    assert Force.objects.get(code="greater-manchester").alias_list == ["GMP"]


@pytest.mark.parametrize(("typed", "code"), [("gmp", "greater-manchester"), ("the met", "metropolitan"),
                                            ("Hampshire Constabulary", "hampshire"), ("TVP", "thames-valley")])
def test_force_search_matches_aliases(forces, typed, code):
    assert list(force_search(Force.objects.all(), typed).values_list("code", flat=True)) == [code]


def test_force_search_with_a_blank_text_filters_nothing(forces):
    assert force_search(Force.objects.all(), "  ").count() == Force.objects.count()


def test_one_alias_naming_two_forces_is_refused_and_nothing_is_written(db):
    rows = [
        {"code": "a", "name": "A Police", "kind": "territorial", "nation": "England", "aliases": ["AP"]},
        {"code": "b", "name": "B Police", "kind": "territorial", "nation": "England", "aliases": ["ap"]},
    ]
    with pytest.raises(ReferenceDataError, match=r"forces\[1\]\.aliases: 'ap' already names the force 'a'"):
        force_upsert_many(rows=rows)
    assert not Force.objects.exists()


def test_aliases_must_be_a_list_of_names(db):
    rows = [{"code": "a", "name": "A Police", "kind": "territorial", "nation": "England", "aliases": "AP"}]
    with pytest.raises(ReferenceDataError, match=r"forces\[0\]\.aliases: expected a list"):
        force_upsert_many(rows=rows)
