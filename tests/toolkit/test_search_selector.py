"""
The search finds the right entry first for the words officers and women actually use.

Each row: the query, then the expected top result as (kind, slug). The table must pass in full
on PostgreSQL (CI) and, because the scoring is shared, it passes on SQLite too.
"""

import pytest

from toolkit.selectors import toolkit_search

QUERIES = [
    # Everyday words
    ("revenge porn", "behaviour", "intimate-image-abuse"),
    ("drink spiking", "behaviour", "spiking"),
    ("someone keeps following me home", "behaviour", "stalking"),
    ("sent me a picture of his genitals", "behaviour", "cyberflashing"),
    ("upskirting", "behaviour", "upskirting"),
    ("cyberflashing", "behaviour", "cyberflashing"),
    ("dick pic", "behaviour", "cyberflashing"),
    ("flashing", "behaviour", "exposure"),
    ("wolf whistle", "behaviour", "catcalling-wolf-whistling"),
    ("groped on the bus", "behaviour", "groping-sexual-touching"),
    ("he choked me", "behaviour", "non-fatal-strangulation"),
    ("threatening to kill me", "behaviour", "threats-to-kill"),
    ("he keeps messaging me", "behaviour", "cyberstalking"),
    ("deepfake nudes", "behaviour", "intimate-image-abuse"),
    ("peeping tom", "behaviour", "voyeurism"),
    ("needle spiking", "behaviour", "spiking"),
    ("domestic abuse", "behaviour", "controlling-coercive-behaviour"),
    ("made to marry", "behaviour", "forced-marriage"),
    ("fgm", "behaviour", "fgm"),
    # Legal names, Acts and tools
    ("stalking", "behaviour", "stalking"),
    ("coercive control", "behaviour", "controlling-coercive-behaviour"),
    ("Protection from Harassment Act", "offence", "pha-1997-s2"),
    ("Malicious Communications Act", "offence", "mca-1988-s1"),
    ("sex-based harassment", "offence", "poa-1986-s4b"),
    ("common assault", "offence", "cja-1988-s39"),
    ("ABH", "offence", "oapa-1861-s47"),
    ("rape", "offence", "soa-2003-s1"),
    ("Clare's Law", "tool", "dvds"),
    ("Sarah's Law", "tool", "csods"),
    ("stalking protection order", "tool", "spo"),
    ("non molestation order", "tool", "nmo"),
    ("domestic abuse protection order", "tool", "dapo"),
    ("sexual harm prevention order", "tool", "shpo"),
    ("DVPO", "tool", "dvpo"),
    # Sections
    ("s66B", "offence", "soa-2003-s66b-1"),
    ("section 76", "offence", "sca-2015-s76"),
    ("section 2A", "offence", "pha-1997-s2a"),
    ("s4A public order", "offence", "poa-1986-s4a"),
    ("s33", "offence", "cjca-2015-s33"),
    # Typos
    ("stalkng", "behaviour", "stalking"),
    ("harasment", "behaviour", "harassment"),
    ("upskrting", "behaviour", "upskirting"),
    ("coersive control", "behaviour", "controlling-coercive-behaviour"),
    ("strangulaton", "behaviour", "non-fatal-strangulation"),
    ("voyerism", "behaviour", "voyeurism"),
]


def test_the_table_holds_at_least_thirty_queries():
    assert len(QUERIES) >= 30


@pytest.mark.parametrize(("query", "kind", "slug"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_search_puts_the_expected_entry_first(toolkit_data, query, kind, slug):
    top = toolkit_search(query=query).top
    assert top is not None, f"no result for {query!r}"
    assert (top.kind, top.slug) == (kind, slug)


def test_search_reports_the_corrections_it_made(toolkit_data):
    results = toolkit_search(query="stalkng")
    assert results.query.corrections == {"stalkng": "stalking"}


def test_search_groups_results_into_behaviours_offences_and_tools(toolkit_data):
    results = toolkit_search(query="stalking")
    assert results.behaviours and results.offences and results.tools
    assert results.offences[0].slug in {"pha-1997-s2a", "pha-1997-s4a"}
    assert results.tools[0].slug == "spo"


def test_search_finds_nothing_for_gibberish(toolkit_data):
    results = toolkit_search(query="qwzxv")
    assert results.total == 0
    assert results.top is None


def test_empty_query_without_filters_returns_nothing(toolkit_data):
    assert toolkit_search(query="  ").total == 0


def test_mode_of_trial_filter_keeps_only_matching_offences(toolkit_data):
    results = toolkit_search(query="harassment", filters={"mode_of_trial": "either_way"})
    assert results.behaviours == [] and results.tools == []
    assert {hit.slug for hit in results.offences} >= {"poa-1986-s4b", "pha-1997-s4", "pha-1997-s4a"}
    assert "pha-1997-s2" not in {hit.slug for hit in results.offences}


def test_status_filter_lists_repealed_offences_without_a_query(toolkit_data):
    results = toolkit_search(query="", filters={"status": "repealed"})
    assert [hit.slug for hit in results.offences] == ["cjca-2015-s33"]


def test_kind_filter_keeps_only_that_kind_of_tool(toolkit_data):
    results = toolkit_search(query="", filters={"kind": "disclosure_scheme"}, limit=50)
    assert {hit.slug for hit in results.tools} == {"dvds", "csods"}
    assert results.behaviours == [] and results.offences == []


def test_category_filter_narrows_all_three_groups(toolkit_data):
    results = toolkit_search(query="order", filters={"category": "honour_based_abuse"}, limit=50)
    assert {hit.slug for hit in results.tools} <= {"fmpo", "fgmpo"}
    assert results.tools


def test_entries_not_fully_sourced_are_marked_in_results(toolkit_data):
    results = toolkit_search(query="threatening communications")
    hit = next(h for h in results.offences if h.slug == "osa-2023-s181")
    assert hit.needs_check is True
