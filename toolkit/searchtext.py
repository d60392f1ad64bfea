"""
Pure text helpers for the toolkit search: normalising, tokenising, stemming and section references.

The same functions build the stored `search_text` and read the query, so the two always agree.
"""

import re
import unicodedata
from functools import lru_cache

_STOPWORDS_TEXT = """a an and are as at be been being by did do does for from had has have he her him his i im in
into is it its me my of on or our she so someone somebody that the their them they this to was we were what when
where which who with you your keeps keep kept act s sec section"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
FIELD_SEPARATOR = " | "
_SECTION_RE = re.compile(r"\b(?:s|ss|sec|section|sections)\.?\s*(\d{1,3}[a-z]{0,2})\b")
_NUMBER_RE = re.compile(r"(?<![\d])(\d{1,3}[a-z]{0,2})\b")
_WORD_RE = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, plain ASCII, apostrophes dropped ("Clare's" -> "clares"), other punctuation to spaces."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^a-z0-9()|]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A deliberately small stemmer: enough for "following"/"follow", "images"/"image", "spiked"/"spiking"."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix in ("ing", "ed", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "ies":
                word = word[:-3] + "y"
            elif suffix == "es" and not word[:-2].endswith(("s", "x", "z", "ch", "sh")):
                word = word[:-1]
            elif suffix == "s" and word.endswith("ss"):
                pass
            else:
                word = word[: -len(suffix)]
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The words of already-normalised text, without stop words."""
    return [w for w in _WORD_RE.findall(text) if w not in STOPWORDS]


def stems(text: str) -> set[str]:
    return {stem(w) for w in words(text)}


def section_refs(section: str) -> set[str]:
    """
    The section numbers a section field names, without subsections or years.

    "66B(1)" -> {"66b"}; "2, 2A, 4, 4A" -> {"2", "2a", "4", "4a"}; "SA 2020 s360 (conviction)" -> {"360"}.
    """
    text = re.sub(r"\([^)]*\)", " ", (section or "").lower())
    return set(_NUMBER_RE.findall(re.sub(r"\b(1[89]|20)\d\d\b", " ", text)))


def query_section_refs(query: str) -> tuple[set[str], str]:
    """Section references written in a query ("s66B", "section 76") and the query without them."""
    text = normalise(query)
    refs = set(_SECTION_RE.findall(text))
    return refs, _SECTION_RE.sub(" ", text).strip()
