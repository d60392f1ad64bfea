"""The speller: SymSpell over the shipped English list merged with the toolkit's words."""

import pytest

from toolkit.spelling import Speller, english_words

TOOLKIT_WORDS = {"stalking": 40, "harassment": 30, "upskirting": 5, "voyeurism": 6, "strangulation": 8,
                 "doxxing": 1, "catcalling": 2, "coercive": 9, "spiking": 7}


@pytest.fixture(scope="module")
def speller():
    return Speller(TOOLKIT_WORDS)


def test_the_english_list_is_the_one_symspellpy_ships():
    words = english_words()
    assert len(words) > 80_000
    assert {"shower", "hate", "misogyny", "breathe"} <= words


@pytest.mark.parametrize("word", ["shower", "hate", "misogyny", "saying", "neck", "skirt", "whistling", "squeezed",
                                  "breathe", "friends", "phone", "address"])
def test_ordinary_english_is_never_corrected(speller, word):
    assert speller.correct(word) is None


@pytest.mark.parametrize("word", ["doxxing", "catcalling", "upskirting"])
def test_words_of_the_toolkit_are_never_corrected_though_not_english(speller, word):
    assert word not in english_words()
    assert speller.correct(word) is None


@pytest.mark.parametrize("word", ["couldnt", "wont", "shes", "clares", "girlfriends"])
def test_contractions_and_possessives_are_left_as_typed(speller, word):
    assert speller.correct(word) is None


@pytest.mark.parametrize("word", ["the", "her", "him", "was", "keeps"])
def test_stop_words_are_left_alone(speller, word):
    assert speller.correct(word) is None


@pytest.mark.parametrize(("typo", "fixed"), [
    ("stalkng", "stalking"), ("harasment", "harassment"), ("upskrting", "upskirting"), ("voyerism", "voyeurism"),
    ("strangulaton", "strangulation"), ("coersive", "coercive"),
])
def test_typos_go_to_the_nearest_toolkit_word(speller, typo, fixed):
    assert speller.correct(typo) == fixed


def test_a_typo_of_an_english_word_goes_to_the_english_word(speller):
    assert speller.correct("boyfreind") == "boyfriend"


def test_at_the_same_distance_a_toolkit_word_beats_a_commoner_english_word():
    # "spikng" is one edit from "spiking" (toolkit) and from no commoner English word that beats it.
    assert Speller({"spiking": 1}).correct("spikng") == "spiking"


def test_a_word_with_nothing_near_is_left_as_typed(speller):
    assert speller.correct("qwzxvbnm") is None
