"""
The search's vocabulary and synonyms are rebuilt whenever the toolkit changes: every write bumps the
search stamp in the database, and each process rebuilds when the stamp it built from is not current.
"""


from toolkit.models import Behaviour, SearchStamp, SearchSynonym
from toolkit.selectors import parse_query, toolkit_search
from toolkit.services import (
    search_synonym_delete,
    search_synonym_save,
    toolkit_entry_update,
    toolkit_search_stamp_bump,
)


def _stamp() -> str:
    return SearchStamp.objects.get(pk=1).stamp


def test_a_curator_edit_bumps_the_stamp_and_the_next_search_knows_the_new_word(toolkit_data, coordinator_user):
    assert parse_query("frotteurism").unknown_words == ["frotteurism"]  # not a word of the toolkit yet
    before = _stamp()
    behaviour = Behaviour.objects.get(slug="groping-sexual-touching")
    toolkit_entry_update(entry=behaviour, user=coordinator_user,
                         data={"aliases": behaviour.aliases + "\nfrotteurism"})
    assert _stamp() != before
    results = toolkit_search(query="frotteurism")
    assert results.query.unknown_words == [] and results.query.corrections == {}
    assert results.top.slug == "groping-sexual-touching"


def test_a_synonym_saved_by_a_curator_applies_to_the_next_search(toolkit_data):
    assert "stalk" not in parse_query("lurking").expansion_stems
    synonym = search_synonym_save(synonym=SearchSynonym(phrase="  Lurking ", means="stalking"))
    assert synonym.phrase == "lurking" and synonym.curated_at is not None
    assert "stalk" in parse_query("lurking").expansion_stems
    search_synonym_delete(synonym=synonym)
    assert "stalk" not in parse_query("lurking").expansion_stems


def test_a_change_made_by_another_process_is_seen_through_the_stamp(toolkit_data):
    parse_query("lurking")  # this process builds its vocabulary for the current stamp
    SearchSynonym.objects.create(phrase="lurking", means="stalking")  # as another process would, then:
    toolkit_search_stamp_bump()
    assert "stalk" in parse_query("lurking").expansion_stems


def test_the_stamp_is_random_so_a_rolled_back_change_never_reuses_one(db):
    first, second = toolkit_search_stamp_bump(), toolkit_search_stamp_bump()
    assert first != second and len(first) == 32
    assert SearchStamp.objects.count() == 1


def test_a_staff_curator_edits_synonyms_in_the_admin(toolkit_data, coordinator_user, client):
    coordinator_user.is_staff = True
    coordinator_user.save()
    client.force_login(coordinator_user, backend="django.contrib.auth.backends.ModelBackend")
    before = _stamp()
    response = client.post("/admin/toolkit/searchsynonym/add/",
                           {"phrase": "Lurking", "means": "stalking", "note": "Heard from officers"})
    assert response.status_code == 302
    synonym = SearchSynonym.objects.get(phrase="lurking")
    assert synonym.curated_at is not None and synonym.note == "Heard from officers"
    assert _stamp() != before
    assert "stalk" in parse_query("lurking").expansion_stems


def test_the_synonym_admin_is_closed_to_planners(planner_a, toolkit_data):
    response = planner_a.get("/admin/toolkit/searchsynonym/")
    assert response.status_code == 302 and "/admin/login/" in response.url
