"""
The accounts of issue #12, as a new user typed them: each puts a right offence in the first three,
and the other behaviours the issue names hold.
"""

import pytest

from toolkit.selectors import toolkit_search

ACCOUNTS = [
    ("took photos up her skirt", {"soa-2003-s67a"}),
    ("wolf whistling and sexual comments in the street", {"poa-1986-s4b", "poa-1986-s4a", "poa-1986-s5"}),
    ("put something in her drink at the pub", {"oapa-1861-s23", "oapa-1861-s24", "cpa-2026-spiking"}),
    ("grabbed her by the neck and squeezed", {"sca-2015-s75a"}),
    ("won't let her see friends and checks her phone", {"sca-2015-s76"}),
    ("posted her home address online", {"pha-1997-s2", "pha-1997-s2a", "pha-1997-s4", "pha-1997-s4a",
                                        "mca-1988-s1", "ca-2003-s127"}),
    ("secretly filmed her in the shower", {"soa-2003-s67"}),
    # The "Others" paragraph.
    ("man keeps following her home", {"pha-1997-s2a", "pha-1997-s4a"}),
    ("catcalling", {"poa-1986-s4b", "poa-1986-s4a", "poa-1986-s5"}),
    ("misogyny hate crime", {"poa-1986-s4b"}),
    ("doxxing", {"pha-1997-s2", "pha-1997-s2a", "mca-1988-s1", "ca-2003-s127"}),
    ("messaged saying he would kill her", {"oapa-1861-s16"}),
]


@pytest.mark.parametrize(("query", "right"), ACCOUNTS, ids=[q for q, _ in ACCOUNTS])
def test_a_right_offence_is_in_the_first_three(toolkit_data, query, right):
    results = toolkit_search(query=query)
    first_three = [hit.slug for hit in results.offences[:3]]
    assert right & set(first_three), first_three
    assert results.query.corrections == {}


def test_the_order_itself_comes_first_and_in_the_best_match_panel(toolkit_data):
    results = toolkit_search(query="domestic abuse protection order")
    assert results.tools[0].slug == "dapo"
    assert [hit.slug for hit in results.best_matches] == ["dapo"]
    assert results.top.slug == "dapo"


def test_following_her_home_ranks_stalking_above_kerb_crawling(toolkit_data):
    results = toolkit_search(query="man keeps following her home")
    behaviours = [hit.slug for hit in results.behaviours]
    offences = [hit.slug for hit in results.offences]
    assert behaviours.index("stalking") < behaviours.index("kerb-crawling")
    assert offences[0] == "pha-1997-s2a"
    assert "soa-2003-s51a" not in offences[:2]


def test_catcalling_finds_offences_and_not_only_the_behaviour(toolkit_data):
    results = toolkit_search(query="catcalling")
    assert results.behaviours[0].slug == "catcalling-wolf-whistling"
    assert len(results.offences) >= 3


@pytest.mark.parametrize("query", ["misogyny hate crime", "doxxing", "secretly filmed her in the shower",
                                   "messaged saying he would kill her"])
def test_ordinary_and_known_words_are_not_corrected(toolkit_data, query):
    assert toolkit_search(query=query).query.corrections == {}


def test_a_threat_to_kill_finds_threats_to_kill_and_not_staring(toolkit_data):
    results = toolkit_search(query="messaged saying he would kill her")
    assert results.behaviours[0].slug == "threats-to-kill"
    assert results.offences[0].slug == "oapa-1861-s16"
    assert "sexual-comments-gestures" not in [hit.slug for hit in results.behaviours]


def test_a_group_is_not_cut_at_ten_without_a_way_to_see_the_rest(toolkit_data):
    results = toolkit_search(query="harassment", limit=2)
    assert results.totals["offence"] > 2
    assert len(results.offences) == 2
