import datetime

import pytest
import yaml

from common.reference import ReferenceDataError
from toolkit.models import Behaviour, BehaviourOffence, GeneralLimit, Offence, SearchSynonym, Tactic
from toolkit.reference import TOOLKIT_FILE, load


def test_load_creates_every_behaviour_offence_and_tool(empty_toolkit):
    summary = load()
    assert Behaviour.objects.count() == 22
    assert Tactic.objects.count() == 23
    assert Offence.objects.count() == 35
    assert "80 created" in summary


def test_offences_shared_by_behaviours_are_one_row_with_notes_on_the_links(empty_toolkit):
    load()
    s4a = Offence.objects.get(act="Public Order Act 1986", section="4A")
    assert s4a.behaviours.count() >= 3
    link = BehaviourOffence.objects.get(behaviour__slug="catcalling-wolf-whistling", offence__slug="pha-1997-s2")
    assert link.note == "Where there is a course of conduct on two or more occasions"


def test_load_keeps_history_of_the_law(empty_toolkit):
    load()
    old = Offence.objects.get(slug="cjca-2015-s33")
    assert old.status == Offence.Status.REPEALED
    assert old.in_force_until == datetime.date(2024, 1, 30)
    assert old.replaced_by.slug == "soa-2003-s66b-2"
    s4b = Offence.objects.get(slug="poa-1986-s4b")
    assert (s4b.status, s4b.in_force_from) == (Offence.Status.CURRENT, datetime.date(2026, 4, 1))
    assert Offence.objects.get(slug="cpa-2026-spiking").status == Offence.Status.PROSPECTIVE


def test_load_stores_the_general_limit_as_dated_data_and_the_synonyms(empty_toolkit):
    load()
    latest = GeneralLimit.objects.first()
    assert (latest.starts_on, latest.months) == (datetime.date(2024, 11, 18), 12)
    assert SearchSynonym.objects.filter(phrase="revenge porn").exists()


def test_entries_not_fully_sourced_need_checking(empty_toolkit):
    load()
    assert Offence.objects.get(slug="osa-2023-s181").needs_check is True
    assert Offence.objects.get(slug="poa-1986-s4a").needs_check is False
    assert Tactic.objects.get(slug="dvpo").needs_check is True
    assert sum(o.needs_check for o in Offence.objects.all()) == 4  # with FGM Act s3A, added unverified


def test_second_load_changes_nothing(empty_toolkit):
    load()
    history = Behaviour.history.count() + Offence.history.count() + Tactic.history.count()
    summary = load()
    assert "0 created, 0 updated" in summary
    assert Behaviour.history.count() + Offence.history.count() + Tactic.history.count() == history


def test_load_leaves_entries_a_curator_edited(empty_toolkit):
    load()
    edited_at = datetime.datetime.now(datetime.UTC)
    Offence.objects.filter(slug="poa-1986-s5").update(name="Curated name", curated_at=edited_at)
    summary = load()
    assert Offence.objects.get(slug="poa-1986-s5").name == "Curated name"
    assert "1 kept curator edits" in summary


def test_load_puts_back_an_entry_changed_outside_curation(empty_toolkit):
    load()
    Offence.objects.filter(slug="poa-1986-s5").update(name="Changed by hand")
    load()
    assert Offence.objects.get(slug="poa-1986-s5").name == "Harassment, alarm or distress"


def _write(tmp_path, data):
    path = tmp_path / "toolkit.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["offences"][1].update(status="abolished"), "offences[1].status: 'abolished' is not one of"),
        (lambda d: d["offences"][0].pop("act"), "offences[0].act: missing"),
        (lambda d: d["behaviours"][2]["offences"][0].update(offence="nope"), "behaviours[2].offences[0].offence"),
        (lambda d: d["behaviours"][0]["tools"].append("nope"), "behaviours[0].tools[5]: unknown key 'nope'"),
        (lambda d: d["tools"][3].update(kind="spell"), "tools[3].kind"),
        (lambda d: d["offences"][2].update(in_force_from="1st April"), "offences[2].in_force_from"),
    ],
)
def test_bad_data_is_refused_with_the_key_path(empty_toolkit, tmp_path, change, message):
    data = yaml.safe_load(TOOLKIT_FILE.read_text())
    change(data)
    with pytest.raises(ReferenceDataError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(")):
        load(_write(tmp_path, data))
    assert Behaviour.objects.count() == 0


# Search synonyms (synonyms.yaml) ------------------------------------------------------------------

REQUIRED_SYNONYMS = [
    "neck", "throat", "couldnt breathe", "strangled", "choked", "drink", "something in", "spiked", "skirt", "dress",
    "shower", "bathroom", "changing room", "address", "doxxing", "personal details", "friends", "phone", "money",
    "catcalling", "wolf whistling", "following", "stalking", "kill", "threat",
]


def test_the_shipped_synonyms_cover_the_everyday_words_of_the_issue(empty_toolkit):
    load()
    phrases = set(SearchSynonym.objects.values_list("phrase", flat=True))
    means = " ".join(SearchSynonym.objects.values_list("means", flat=True))
    missing = [w for w in REQUIRED_SYNONYMS if w not in phrases and w not in means]
    assert missing == []
    assert SearchSynonym.objects.get(phrase="couldnt breathe").means == "strangulation suffocation"
    assert SearchSynonym.objects.get(phrase="neck").note  # reviewed data says why


def test_a_curated_synonym_survives_the_next_load_and_an_uncurated_one_follows_the_file(empty_toolkit):
    from django.utils import timezone

    load()
    SearchSynonym.objects.filter(phrase="neck").update(means="strangulation throat", curated_at=timezone.now())
    SearchSynonym.objects.filter(phrase="throat").update(means="something else")
    SearchSynonym.objects.create(phrase="curated extra", means="stalking", curated_at=timezone.now())
    SearchSynonym.objects.create(phrase="stray", means="stalking")
    load()
    assert SearchSynonym.objects.get(phrase="neck").means == "strangulation throat"
    assert SearchSynonym.objects.get(phrase="throat").means == "strangulation"
    assert SearchSynonym.objects.filter(phrase="curated extra").exists()
    assert not SearchSynonym.objects.filter(phrase="stray").exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"synonyms": []}, "synonyms: expected a non-empty list"),
    ({"synonyms": [{"phrase": "neck"}]}, r"synonyms\[0\].means: missing"),
    ({"synonyms": [{"phrase": "neck", "means": "a"}, {"phrase": "Neck", "means": "b"}]}, "appears twice"),
])
def test_bad_synonyms_are_refused_with_the_key_path(empty_toolkit, tmp_path, data, message):
    from toolkit.reference import SYNONYMS_FILE

    path = tmp_path / "synonyms.yaml"
    path.write_text(yaml.safe_dump(data))
    assert SYNONYMS_FILE.exists()
    with pytest.raises(ReferenceDataError, match=message):
        load(synonyms_path=path)
    assert SearchSynonym.objects.count() == 0
