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


# Offences and tools inherit from the behaviours that match ------------------------------------------

def test_offences_inherit_from_a_behaviour_their_own_text_does_not_match(toolkit_data):
    # None of the spiking offences says "pub"; the spiking behaviour's match carries them.
    results = toolkit_search(query="put something in her drink at the pub")
    assert results.behaviours[0].slug == "spiking"
    assert {hit.slug for hit in results.offences[:4]} == {"oapa-1861-s23", "oapa-1861-s24", "soa-2003-s61",
                                                          "cpa-2026-spiking"}
    assert {hit.slug for hit in results.tools} >= {"closure_order", "cbo"}


def test_the_first_offence_a_behaviour_lists_inherits_the_most(toolkit_data):
    results = toolkit_search(query="catcalling")
    offences = [hit.slug for hit in results.offences]
    # catcalling-wolf-whistling lists POA s4A, s5, s4B, then the harassment and stalking offences.
    assert offences[:3] == ["poa-1986-s4a", "poa-1986-s5", "poa-1986-s4b"]


def test_an_offences_own_text_still_counts(toolkit_data):
    results = toolkit_search(query="Malicious Communications Act")
    assert results.offences[0].slug == "mca-1988-s1"


def test_inheritance_works_under_an_offence_filter_that_hides_behaviours(toolkit_data):
    results = toolkit_search(query="put something in her drink", filters={"mode_of_trial": "indictable_only"})
    assert results.behaviours == []
    assert results.offences and results.offences[0].slug == "oapa-1861-s23"


# Exact names and citations ------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "kind", "slug"), [
    ("domestic abuse protection order", "tool", "dapo"),
    ("DAPO", "tool", "dapo"),
    ("Clare's law", "tool", "dvds"),
    ("s75A", "offence", "sca-2015-s75a"),
    ("section 76", "offence", "sca-2015-s76"),
    ("s4A public order", "offence", "poa-1986-s4a"),
    ("coercive control", "offence", "sca-2015-s76"),
])
def test_a_name_alias_or_citation_is_an_exact_match_at_the_top(toolkit_data, query, kind, slug):
    results = toolkit_search(query=query)
    group = {"behaviour": results.behaviours, "offence": results.offences, "tool": results.tools}[kind]
    assert (group[0].slug, group[0].exact) == (slug, True)
    assert slug in [hit.slug for hit in results.best_matches]


def test_everyday_words_are_no_exact_match(toolkit_data):
    results = toolkit_search(query="he keeps following me to the gym")
    assert results.best_matches == []


def test_a_section_that_is_not_the_query_is_not_exact(toolkit_data):
    results = toolkit_search(query="s75A strangled")
    assert results.best_matches == []
    assert results.offences[0].slug == "sca-2015-s75a"


# Minimum relevance ---------------------------------------------------------------------------------

def test_one_shared_common_word_does_not_fill_the_offence_group(toolkit_data):
    # "online" appears in many bodies; only entries about online abuse should be shown.
    results = toolkit_search(query="online")
    slugs = {hit.slug for hit in results.offences}
    assert results.totals["offence"] < 10
    assert not slugs & {"soa-2003-s1", "fgma-2003-s1", "abcpa-2014-s121", "oapa-1861-s23"}


def test_every_shown_entry_clears_the_minimum_relevance(toolkit_data):
    from toolkit.selectors import MIN_SCORE

    results = toolkit_search(query="misogyny hate crime", limit=100)
    for hit in results.behaviours + results.offences + results.tools:
        assert hit.score >= MIN_SCORE


def test_show_all_pages_through_one_group_in_the_same_order(toolkit_data):
    from toolkit.selectors import toolkit_search_page

    full = [hit.slug for hit in toolkit_search(query="harassment", limit=100).tools]
    _, first, capped = toolkit_search_page(query="harassment", kind="tool", per_page=3, page=1)
    _, second, _ = toolkit_search_page(query="harassment", kind="tool", per_page=3, page=2)
    assert first.paginator.count == len(full) and not capped
    assert [hit.slug for hit in first.object_list + second.object_list] == full[:6]
    _, last, _ = toolkit_search_page(query="harassment", kind="tool", per_page=3, page="999")
    assert last.number == first.paginator.num_pages
