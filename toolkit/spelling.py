"""
Spelling correction for the toolkit search: SymSpell (symspellpy) with its shipped English frequency
list, merged with the toolkit's own vocabulary.

Two rules keep it honest:

- A word that is ordinary English (in the shipped list), a stop word, a contraction ("couldnt"),
  a possessive of a known word, or a word of the toolkit is never corrected: "shower", "hate" and
  "misogyny" stay as typed.
- An unknown word is corrected to the nearest word (edit distance 2 at most); at the same distance a
  word of the toolkit beats an English word, then the more frequent word wins.

The English list never changes while a process runs, so its SymSpell index is built once per
process, on first use (about a second). The toolkit's vocabulary is small and is rebuilt whenever
the toolkit changes (toolkit.selectors keys it on the search stamp).
"""

import importlib.resources
import threading
from collections.abc import Mapping

from symspellpy import SymSpell, Verbosity

from .searchtext import STOPWORDS

MAX_EDIT_DISTANCE = 2
# SymSpell compares only this many leading characters when it builds its index: 5 keeps the English
# index to a second and a fraction, and the full words are still compared for the distance.
PREFIX_LENGTH = 5
MIN_WORD_LENGTH = 4

# Everyday contractions once normalise() has dropped the apostrophe.
_CONTRACTIONS_TEXT = """arent cant couldnt didnt doesnt dont hadnt hasnt havent hed hes id ill im isnt ive shed shell
shes shouldnt thats theres theyd theyll theyre theyve wasnt wed were weve werent whats wont wouldnt youd youll youre
youve lets"""
CONTRACTIONS = frozenset(_CONTRACTIONS_TEXT.split())

_english: tuple[SymSpell, frozenset[str]] | None = None
_english_lock = threading.Lock()


def _english_index() -> tuple[SymSpell, frozenset[str]]:
    global _english
    if _english is None:
        with _english_lock:
            if _english is None:
                path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
                speller = SymSpell(max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=PREFIX_LENGTH)
                with importlib.resources.as_file(path) as file:
                    speller.load_dictionary(str(file), term_index=0, count_index=1, encoding="utf-8")
                _english = (speller, frozenset(speller.words))
    return _english


def english_words() -> frozenset[str]:
    """Every word of the shipped English frequency list (lower case)."""
    return _english_index()[1]


class Speller:
    """The English list merged with one version of the toolkit's vocabulary."""

    def __init__(self, vocabulary: Mapping[str, int]):
        """vocabulary: each word of the toolkit with how often it appears."""
        self.domain = SymSpell(max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=PREFIX_LENGTH)
        self.vocabulary: set[str] = set()
        for word, count in vocabulary.items():
            if word.isalpha() and len(word) >= 3:
                self.vocabulary.add(word)
                self.domain.create_dictionary_entry(word, count)

    def is_known(self, word: str) -> bool:
        english = english_words()
        return (
            word in self.vocabulary or word in english or word in STOPWORDS or word in CONTRACTIONS
            or (word.endswith("s") and (word[:-1] in self.vocabulary or word[:-1] in english))
        )

    def correct(self, word: str) -> str | None:
        """The word to search for instead of `word`, or None to leave it as typed (known, or nothing near)."""
        if len(word) < MIN_WORD_LENGTH or not word.isalpha() or self.is_known(word):
            return None
        options = []
        for preference, speller in ((0, self.domain), (1, _english_index()[0])):
            for item in speller.lookup(word, Verbosity.CLOSEST, max_edit_distance=MAX_EDIT_DISTANCE):
                options.append((item.distance, preference, -item.count, item.term))
        if not options:
            return None
        return min(options)[3]
