"""
Reads of the toolkit: the pages' entries, the general limit, the change log and the search.

The search (`toolkit_search`) works in four steps:

1. Read the query: section references ("s66B", "section 76") are taken out, words are lower-cased
   and stemmed, unknown words are corrected (toolkit.spelling: SymSpell over the shipped English
   list merged with the toolkit's vocabulary; ordinary English is never "corrected"), and everyday
   phrases add the words of their reviewed synonyms ("couldn't breathe" also looks for strangulation).
2. Find candidates in the database: on PostgreSQL with full-text search on the weighted tsvector
   (ranked with SearchRank) or trigram word similarity (pg_trgm), on SQLite with `icontains` on
   the stored search text.
3. Score each candidate in Python with one set of rules on both databases: a whole-phrase match on
   a name or alias beats a match of words, names beat aliases beat the law beat the body, and a
   section reference must match the section. PostgreSQL's rank and similarity add to the score.
   A query that is an entry's name, alias or citation is an exact match and comes first.
4. Offences and tools inherit relevance from the behaviours that match: each relevant behaviour
   passes its score to its linked offences and tools, weighted by the link's position (the first
   offence a behaviour lists is its main one). Entries under the minimum relevance are dropped.
"""

import datetime
import re
import threading
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from .models import (
    REVIEW_AFTER_MONTHS,
    Behaviour,
    BehaviourOffence,
    BehaviourTactic,
    Category,
    GeneralLimit,
    Offence,
    SearchStamp,
    SearchSynonym,
    Tactic,
    citation,
    law_as_at,
    months_after,
    review_cutoff,
)
from .searchtext import FIELD_SEPARATOR, normalise, query_section_refs, section_refs, stem, stems, words
from .spelling import Speller

RESULTS_PER_GROUP = 10
RESULTS_PER_PAGE = 20
CANDIDATE_LIMIT = 100
_ALPHA_WORD = re.compile(r"[a-z0-9]+")


# Pages ---------------------------------------------------------------------------------------------

def behaviour_list_by_category(*, today: datetime.date | None = None) -> list[tuple[str, list[Behaviour]]]:
    """
    Every behaviour, grouped by category in the categories' order (one query).

    Each carries `review_note`: why it needs review on `today` (the local date), "" if it does not.
    """
    today = today or timezone.localdate()
    by_category: dict[str, list[Behaviour]] = {value: [] for value in Category.values}
    fields = ("slug", "name", "category", "summary", "last_reviewed_on", "review_due_on", "review_reason")
    for behaviour in Behaviour.objects.only(*fields).order_by("name"):
        behaviour.review_note = review_note(last_reviewed_on=behaviour.last_reviewed_on,
                                            review_due_on=behaviour.review_due_on,
                                            review_reason=behaviour.review_reason, today=today)
        by_category[behaviour.category].append(behaviour)
    return [(Category(value).label, items) for value, items in by_category.items() if items]


def behaviour_get(*, slug: str) -> Behaviour:
    """One behaviour with its offences, tools and related behaviours. Raises Behaviour.DoesNotExist."""
    return Behaviour.objects.select_related("last_reviewed_by").prefetch_related(
        Prefetch("offence_links", queryset=BehaviourOffence.objects.select_related("offence").order_by("position")),
        Prefetch("tactic_links", queryset=BehaviourTactic.objects.select_related("tactic").order_by("position")),
        Prefetch("related", queryset=Behaviour.objects.only("slug", "name", "summary").order_by("name")),
    ).get(slug=slug)


def offence_get(*, slug: str) -> Offence:
    """One offence with the behaviours it covers and its history links. Raises Offence.DoesNotExist."""
    return Offence.objects.select_related("replaced_by", "last_reviewed_by").prefetch_related(
        Prefetch(
            "behaviour_links",
            queryset=BehaviourOffence.objects.select_related("behaviour").order_by("behaviour__name"),
        ),
        Prefetch("replaces", queryset=Offence.objects.only("slug", "name", "act", "section", "replaced_by")),
    ).get(slug=slug)


def tactic_get(*, slug: str) -> Tactic:
    """One protective tool with the behaviours it is used for. Raises Tactic.DoesNotExist."""
    return Tactic.objects.select_related("last_reviewed_by").prefetch_related(
        Prefetch(
            "behaviour_links",
            queryset=BehaviourTactic.objects.select_related("behaviour").order_by("behaviour__name"),
        )
    ).get(slug=slug)


def offence_list() -> QuerySet[Offence]:
    return Offence.objects.select_related("replaced_by").order_by("act", "section")


def behaviour_list() -> QuerySet[Behaviour]:
    return Behaviour.objects.order_by("name")


def tactic_list() -> QuerySet[Tactic]:
    return Tactic.objects.order_by("name")


def general_limit_list() -> list[GeneralLimit]:
    """The general limit in a magistrates' court over time, newest first."""
    return list(GeneralLimit.objects.all())


def general_limit_on(limits: list[GeneralLimit], day) -> GeneralLimit | None:
    """The limit in force on `day`, from a list as general_limit_list() returns it."""
    return next((limit for limit in limits if limit.starts_on <= day), None)


# Law currency -------------------------------------------------------------------------------------

@dataclass
class ReviewRow:
    """One entry on the national review list, and why it is there."""

    kind: str
    kind_label: str
    pk: int
    slug: str
    name: str
    url: str
    law_as_at: str
    last_reviewed_on: object
    review_due_on: object
    review_reason: str
    overdue: bool
    date_due: bool
    edit_url: str = ""

    @property
    def due_since(self):
        """When the review fell due: the earlier of the passed date and the end of the review interval."""
        dates = [self.review_due_on] if self.date_due else []
        if self.overdue and self.last_reviewed_on is not None:
            dates.append(months_after(self.last_reviewed_on, REVIEW_AFTER_MONTHS))
        return min(dates) if dates else None


REVIEW_SORTS = {
    "due": lambda row: (row.due_since is not None, row.due_since or datetime.date.min, row.name),
    "name": lambda row: (row.name.casefold(), row.kind),
    "kind": lambda row: (row.kind_label, row.name.casefold()),
    "checked": lambda row: (row.last_reviewed_on is not None, row.last_reviewed_on or datetime.date.min, row.name),
}
_REVIEW_KINDS = (
    ("behaviour", "Behaviour", Behaviour, "toolkit:behaviour"),
    ("offence", "Offence", Offence, "toolkit:offence"),
    ("tool", "Tool", Tactic, "toolkit:tool"),
)


def toolkit_review_list(*, today: datetime.date, sort: str = "due", descending: bool = False) -> list[ReviewRow]:
    """
    Every behaviour, offence and tool due for review on `today`: never checked, last checked more than
    REVIEW_AFTER_MONTHS months ago, or carrying a statement whose date has come (review_due_on).

    Sorted by `sort` (a key of REVIEW_SORTS; "due" puts the longest-waiting first, never-checked entries
    at the top). Three queries.
    """
    cutoff = review_cutoff(today)
    due = Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lt=cutoff) | Q(review_due_on__lte=today)
    rows = []
    for kind, label, model, url_name in _REVIEW_KINDS:
        fields = ["pk", "slug", "name", "last_reviewed_on", "reviewed_month_only", "review_due_on", "review_reason"]
        for entry in model.objects.filter(due).only(*fields[1:]):
            rows.append(ReviewRow(
                kind, label, entry.pk, entry.slug, entry.name, reverse(url_name, args=[entry.slug]),
                entry.law_as_at, entry.last_reviewed_on, entry.review_due_on, entry.review_reason,
                entry.review_overdue(today), entry.date_review_due(today),
            ))
    rows.sort(key=REVIEW_SORTS.get(sort, REVIEW_SORTS["due"]), reverse=descending)
    return rows


@dataclass
class Change:
    kind: str
    name: str
    url: str
    when: object
    who: str
    what: str


_UNTRACKED = {"id", "created_at", "updated_at", "curated_at", "search_text", "search_vector"}


def _public_role(user) -> str:
    """Who made a change, as the public may see it: the role ("National coordinator"), never the person."""
    if user is None:
        return "Data file load"
    return user.get_role_display() or "National team"


def toolkit_change_list(*, limit: int = 100) -> list[Change]:
    """
    The latest revisions of behaviours, offences and tools, newest first, for the public change log.

    The log is public: it says which role made a change, not who (no name or email).

    Reads each history table once (three queries, plus three for the users) and merges them.
    """
    changes: list[Change] = []
    labels = {"+": "Added", "~": "Changed", "-": "Removed"}
    for model, kind, url_name in (
        (Behaviour, "Behaviour", "toolkit:behaviour"),
        (Offence, "Offence", "toolkit:offence"),
        (Tactic, "Tool", "toolkit:tool"),
    ):
        records = list(model.history.select_related("history_user").order_by("-history_date")[:limit])
        tracked = [f.attname for f in model._meta.concrete_fields if f.attname not in _UNTRACKED]
        older: dict[int, object] = {}
        # Walk oldest first so each record can be compared with the one before it for the same entry.
        for record in reversed(records):
            previous = older.get(record.id)
            older[record.id] = record
            record.changed_fields = [
                model._meta.get_field(name.removesuffix("_id")).verbose_name
                for name in tracked
                if previous is not None and getattr(previous, name) != getattr(record, name)
            ]
        for record in records:
            who = _public_role(record.history_user)
            what = labels[record.history_type]
            if record.changed_fields:
                what = f"{what}: {', '.join(record.changed_fields)}"
            url = reverse(url_name, args=[record.slug]) if record.history_type != "-" else ""
            changes.append(Change(kind, record.name, url, record.history_date, who, what))
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


# Search --------------------------------------------------------------------------------------------

@dataclass
class ParsedQuery:
    text: str
    phrase: str = ""
    stems: set[str] = field(default_factory=set)
    expansion_stems: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)
    expansion_words: set[str] = field(default_factory=set)
    unknown_words: list[str] = field(default_factory=list)
    refs: set[str] = field(default_factory=set)
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.stems or self.refs or self.expansion_stems)


@dataclass
class SearchHit:
    kind: str
    slug: str
    name: str
    summary: str
    label: str
    url: str
    score: float
    needs_check: bool
    detail: str = ""
    exact: bool = False
    # The score from the entry's own text, without what it inherits from behaviours.
    own_score: float = 0.0
    # "Law as at" as the entry's page shows it ("" if never checked), and why the entry needs
    # review ("" if it does not): the same rules as the page's warnings, from the row already read.
    law_as_at: str = ""
    review_note: str = ""


GROUP_TITLES = {"behaviour": "Behaviours", "offence": "Offences", "tool": "Protective tools"}
# The ?group= value of a "show all" page for each kind, and back.
GROUP_PARAMS = {"behaviour": "behaviours", "offence": "offences", "tool": "tools"}
KIND_OF_GROUP = {param: kind for kind, param in GROUP_PARAMS.items()}


@dataclass
class SearchResults:
    query: ParsedQuery
    behaviours: list[SearchHit]
    offences: list[SearchHit]
    tools: list[SearchHit]
    totals: dict[str, int]
    capped: set[str] = field(default_factory=set)

    @property
    def top(self) -> SearchHit | None:
        hits = [group[0] for group in (self.behaviours, self.offences, self.tools) if group]
        order = {"behaviour": 0, "offence": 1, "tool": 2}
        # Across groups, entries compare by their own text: an offence that inherits its place from
        # a behaviour does not outrank that behaviour.
        return min(hits, key=lambda hit: (not hit.exact, -hit.own_score, order[hit.kind], hit.slug), default=None)

    @property
    def best_matches(self) -> list[SearchHit]:
        """Entries whose name, alias or citation is the query itself, for the "best match" panel."""
        return [hit for group in (self.behaviours, self.offences, self.tools) for hit in group if hit.exact][:4]

    @property
    def groups(self) -> list[tuple[str, list[SearchHit], int, bool, str]]:
        return [
            (GROUP_TITLES[kind], hits, self.totals[kind], kind in self.capped, GROUP_PARAMS[kind])
            for kind, hits in (("behaviour", self.behaviours), ("offence", self.offences), ("tool", self.tools))
        ]

    @property
    def total(self) -> int:
        return sum(self.totals.values())


@dataclass
class SearchIndex:
    stamp: str
    speller: Speller
    synonyms: list[tuple[str, str]]


_index: SearchIndex | None = None
_index_lock = threading.Lock()


def _search_index() -> SearchIndex:
    """
    The spelling vocabulary and the synonym map for the toolkit as it is now.

    Kept in the process for the search stamp it was built from (toolkit.models.SearchStamp, bumped
    by every write to entries or synonyms); one small query per search checks the stamp.
    """
    global _index
    stamp = SearchStamp.objects.filter(pk=1).values_list("stamp", flat=True).first()
    current = _index
    if stamp and current is not None and current.stamp == stamp:
        return current
    vocabulary: Counter[str] = Counter()
    for model in (Behaviour, Offence, Tactic):
        for text in model.objects.values_list("search_text", flat=True).iterator():
            vocabulary.update(w for w in _ALPHA_WORD.findall(text) if w.isalpha() and len(w) >= 3)
    pairs = [(normalise(p), normalise(m)) for p, m in SearchSynonym.objects.values_list("phrase", "means")]
    for phrase, means in pairs:
        vocabulary.update(w for w in (phrase + " " + means).split() if w.isalpha() and len(w) >= 3)
    index = SearchIndex(stamp or "", Speller(vocabulary), sorted(pairs, key=lambda pair: -len(pair[0])))
    if stamp:
        with _index_lock:
            _index = index
    return index


def parse_query(text: str) -> ParsedQuery:
    """Read a query: section references, corrected words, stems and synonym expansions."""
    index = _search_index()
    refs, rest = query_section_refs(text or "")
    query = ParsedQuery(text=text or "", refs=refs)
    corrected_words = []
    for word in rest.split():
        plain = word.strip("()")
        fixed = index.speller.correct(plain)
        if fixed and stem(fixed) != stem(plain):
            query.corrections[plain] = fixed
            plain = fixed
        elif fixed is None and plain.isalpha() and len(plain) >= 4 and not index.speller.is_known(plain):
            query.unknown_words.append(plain)
        corrected_words.append(plain)
    query.phrase = " ".join(_ALPHA_WORD.findall(" ".join(corrected_words)))
    query.words = words(query.phrase)
    query.stems = {stem(w) for w in query.words}
    # A bare number ("76") is a section reference too.
    for w in list(query.words):
        if re.fullmatch(r"\d{1,3}[a-z]{0,2}", w) and any(c.isdigit() for c in w):
            query.refs.add(w)
            query.stems.discard(stem(w))
    padded = f" {query.phrase} "
    for phrase, means in index.synonyms:
        if f" {phrase} " in padded:
            query.expansion_stems |= stems(means)
            query.expansion_words |= set(words(means))
    query.expansion_stems -= query.stems
    return query


_FIELDS = {
    "behaviour": ["category"],
    "offence": ["act", "section", "mode_of_trial", "status"],
    "tool": ["section", "kind"],
}


def _values(kind: str) -> list[str]:
    return ["id", "slug", "name", "search_text", "verified", "last_reviewed_by_id", "last_reviewed_on",
            "reviewed_month_only", "review_due_on", "review_reason", *_FIELDS[kind]]


def _candidates(queryset: QuerySet, query: ParsedQuery, kind: str, also: Collection[int] = ()) -> list[dict]:
    """The rows worth scoring: those the database finds for the query, and `also` (ids linked to matched behaviours)."""
    values = _values(kind)
    if query.is_empty:
        return list(queryset.annotate(db_score=Value(0.0)).values(*values, "db_score"))
    terms = query.stems | query.expansion_stems
    if connection.vendor == "postgresql":
        # Full-text search does the finding (GIN index on the weighted tsvector, PostgreSQL's own
        # English stemming); trigram word similarity catches the typos the speller could not
        # correct. Similarity is scored on the short name only: on the whole text it costs a
        # scan of every row.
        # Section references ("66b") are words in the tsvector too, so the GIN index finds them.
        fts_words = sorted({w for w in query.words if not w.isdigit()} | query.expansion_words | query.refs)
        tsquery = SearchQuery(" | ".join(fts_words), search_type="raw", config="english") if fts_words else None
        condition = Q()
        for word in query.unknown_words:
            condition |= Q(search_text__trigram_word_similar=word)
        rank = Value(0.0)
        if tsquery is not None:
            condition |= Q(search_vector=tsquery)
            rank = SearchRank(F("search_vector"), tsquery)
        similarity = TrigramSimilarity("name", Value(query.phrase or "-"))
        if also:
            condition |= Q(id__in=also)
        queryset = queryset.filter(condition).annotate(db_score=rank + similarity, pre_rank=F("db_score"))
    else:
        condition = Q()
        for term in terms:
            condition |= Q(search_text__icontains=term)
        for ref in query.refs:
            condition |= Q(search_text__icontains=f"s{ref}")
        if also:
            condition |= Q(id__in=also)
        # A rough rank: how many terms the name contains. SQLite's LIKE gives 0 or 1 (ASCII,
        # case-insensitive); written as SQL because Case/When expressions cost more to build
        # in Python than the database spends on the whole query.
        names = sorted(terms) or ["-"]
        # Static SQL; the terms go in as parameters.
        column = f'"{queryset.model._meta.db_table}"."name"'
        like = f"({column} LIKE %s)"
        pre_rank = RawSQL(" + ".join([like] * len(names)), [f"%{t}%" for t in names])  # noqa: S611
        queryset = queryset.filter(condition).annotate(db_score=Value(0.0), pre_rank=pre_rank)
    # Only the best CANDIDATE_LIMIT by the database's own rough rank are scored in Python: the
    # transfer of long search texts is what a search costs. At the shipped size nothing is cut.
    # The linked rows are always kept, whatever their rough rank.
    rows = list(queryset.order_by("-pre_rank", "id").values(*values, "db_score")[:CANDIDATE_LIMIT + len(also)])
    linked = set(also)
    return [row for i, row in enumerate(rows) if i < CANDIDATE_LIMIT or row["id"] in linked]


def _padded(text: str) -> str:
    """Text as " word word ", so that a phrase matches whole words with a plain `in`."""
    return f" {' '.join(_ALPHA_WORD.findall(text))} "


def _has_phrase(phrase: str, padded: str) -> bool:
    return bool(phrase) and f" {phrase} " in padded


@lru_cache(maxsize=20_000)
def _fields(search_text: str) -> tuple:
    """An entry's stored search text split into its fields, with their stems (cached by content)."""
    name, aliases, legal, body = (search_text.split(FIELD_SEPARATOR) + ["", "", "", ""])[:4]
    alias_list = tuple(_padded(alias) for alias in aliases.split("~") if alias)
    return (_padded(name), alias_list, _padded(legal), frozenset(stems(name)), frozenset(stems(" ".join(alias_list))),
            frozenset(stems(legal)), frozenset(stems(body)))


@lru_cache(maxsize=20_000)
def _exact_names(name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    """
    The phrases that name an entry exactly: its name, its name without the part in brackets
    ("domestic abuse protection order"), the part in brackets ("dapo", "clares law") and each alias.
    """
    text = normalise(name)
    names = {text, re.sub(r"\([^)]*\)", " ", text)}
    names.update(re.findall(r"\(([^)]*)\)", text))
    names.update(aliases)
    return frozenset(" ".join(_ALPHA_WORD.findall(n)) for n in names) - {""}


def _is_exact(row: dict, query: ParsedQuery, kind: str) -> bool:
    """Is the query this entry's name, alias or citation ("s75A", "section 76 Serious Crime Act")?"""
    if query.phrase and not query.refs:
        aliases = tuple(a.strip() for a in _fields(row["search_text"])[1])
        return query.phrase in _exact_names(row["name"], aliases)
    if query.refs and kind == "offence" and query.refs <= section_refs(row["section"]):
        # Any other words must be words of the Act ("s4A public order").
        act_words = set(words(normalise(row["act"])))
        return all(w in act_words or w.isdigit() for w in query.words if w not in query.refs)
    return False


def _score(row: dict, query: ParsedQuery, kind: str) -> float:
    name, alias_list, legal, name_stems, alias_stems, legal_stems, body_stems = _fields(row["search_text"])
    phrase = query.phrase
    score = 0.0
    if phrase:
        padded_phrase = f" {phrase} "
        if padded_phrase == name:
            score += 30
        elif padded_phrase in alias_list:
            score += 25
        elif len(phrase) >= 4 and _has_phrase(phrase, name):
            score += 12
        elif any(len(a) >= 7 and (a in padded_phrase or (len(phrase) >= 5 and padded_phrase in a))
                 for a in alias_list):
            score += 14
        if " " in phrase and len(phrase) >= 6 and _has_phrase(phrase, legal):
            score += 14
    for weight, terms in ((1.0, query.stems), (EXPANSION_WEIGHT, query.expansion_stems)):
        for term in terms:
            if term in name_stems:
                score += 6 * weight
            elif term in alias_stems:
                score += 5 * weight
            elif term in legal_stems:
                score += 3 * weight
            elif term in body_stems:
                score += 1.5 * weight
    if query.stems and query.stems <= (name_stems | alias_stems):
        score += 5
    if name_stems:
        score += 3 * len(name_stems & (query.stems | query.expansion_stems)) / len(name_stems)
    if query.refs and kind != "behaviour":
        row_refs = section_refs(row.get("section", ""))
        matched = query.refs & row_refs
        score += (20 if kind == "offence" else 14) * len(matched)
    # PostgreSQL's rank and similarity order near-ties; they must not outweigh the rules above.
    return score + 2 * float(row.get("db_score") or 0) + (1.0 if kind == "behaviour" else 0.0)


# How much the words of a synonym count, against the words typed.
EXPANSION_WEIGHT = 0.8
# An exact name, alias or citation goes to the top of its group.
EXACT_BONUS = 100.0
# The minimum relevance: below MIN_SCORE, or below MIN_SHARE of the best in its group, an entry is
# noise (one shared common word in a long body) and is not shown.
MIN_SCORE = 3.0
MIN_SHARE = 0.25
# Offences and tools inherit this share of a matching behaviour's score, times the link's weight.
INHERIT_SHARE = 0.7
# At most this many of the best behaviours pass relevance on: enough that near-equal behaviours (the 50
# copies of each in the bench) do not crowd out the second-best behaviour, few enough to stay quick.
INHERIT_FROM = 50


def _link_weight(position: int) -> float:
    """A behaviour lists its main offence or tool first: 1.0 for the first link, down to 0.5."""
    return max(0.5, 1.0 - 0.1 * position)


def review_note(*, last_reviewed_on, review_due_on, review_reason: str, today: datetime.date) -> str:
    """Why an entry needs review on `today`, as a sentence's end ("" if not): the rules of its page's warnings."""
    if review_due_on is not None and review_due_on <= today:
        return review_reason
    if last_reviewed_on is None:
        return "its law has not been checked against the legislation yet"
    if last_reviewed_on < review_cutoff(today):
        return f"its law was last checked more than {REVIEW_AFTER_MONTHS} months ago"
    return ""


def _hit(row: dict, kind: str, score: float, today: datetime.date) -> SearchHit:
    needs_check = row["verified"] != "sourced" and row["last_reviewed_by_id"] is None
    if kind == "behaviour":
        label, detail, url = Category(row["category"]).label, "", reverse("toolkit:behaviour", args=[row["slug"]])
    elif kind == "offence":
        label = Offence.Status(row["status"]).label
        detail = citation(row["act"], row["section"])
        url = reverse("toolkit:offence", args=[row["slug"]])
    else:
        label, detail, url = Tactic.Kind(row["kind"]).label, "", reverse("toolkit:tool", args=[row["slug"]])
    return SearchHit(kind, row["slug"], row["name"], row["summary"], label, url, round(score, 2), needs_check, detail,
                     exact=bool(row.get("exact")), own_score=round(row.get("own", score), 2),
                     law_as_at=law_as_at(row["last_reviewed_on"], row["reviewed_month_only"]),
                     review_note=review_note(last_reviewed_on=row["last_reviewed_on"],
                                             review_due_on=row["review_due_on"],
                                             review_reason=row["review_reason"], today=today))


_MODELS = {"behaviour": Behaviour, "offence": Offence, "tool": Tactic}


def _hits(kind: str, scored: list[tuple[float, dict]], today: datetime.date) -> list[SearchHit]:
    # Summaries are long: read them only for the entries shown.
    ids = [row["id"] for _, row in scored]
    summaries = dict(_MODELS[kind].objects.filter(id__in=ids).values_list("id", "summary")) if ids else {}
    return [_hit(row | {"summary": summaries.get(row["id"], "")}, kind, score, today) for score, row in scored]


def toolkit_search(*, query: str, filters: dict | None = None, limit: int | None = None,
                   today: datetime.date | None = None) -> SearchResults:
    """
    Search behaviours, offences and tools; return the best `limit` (RESULTS_PER_GROUP) of each group, best first.

    filters: category (behaviours, and the offences and tools linked to them), mode_of_trial and
    status (offences only), kind (tools only). A filter for one group hides the groups it cannot
    apply to. With an empty query the filtered entries are listed by name. `today` (the local date)
    decides which hits need review.
    """
    today = today or timezone.localdate()
    parsed = parse_query(query)
    groups: dict[str, list[SearchHit]] = {}
    totals: dict[str, int] = {}
    capped: set[str] = set()
    for kind, scored in _search_scored(parsed, filters).items():
        totals[kind] = len(scored)
        if len(scored) >= CANDIDATE_LIMIT:
            capped.add(kind)
        groups[kind] = _hits(kind, scored[:limit or RESULTS_PER_GROUP], today)
    return SearchResults(parsed, groups["behaviour"], groups["offence"], groups["tool"], totals, capped)


def toolkit_search_page(*, query: str, kind: str, filters: dict | None = None, page: int | str = 1,
                        per_page: int | None = None,
                        today: datetime.date | None = None) -> tuple[ParsedQuery, Page, bool]:
    """
    Every match of one group ("show all"), ranked as toolkit_search ranks them, one page at a time.

    Returns the read query, the page of SearchHits (an out-of-range page gives the last page) and
    whether the matches were capped at CANDIDATE_LIMIT.
    """
    parsed = parse_query(query)
    scored = _search_scored(parsed, filters, only=kind)[kind]
    paginator = Paginator(scored, per_page or RESULTS_PER_PAGE, allow_empty_first_page=True)
    current = paginator.get_page(page)
    current.object_list = _hits(kind, list(current.object_list), today or timezone.localdate())
    return parsed, current, len(scored) >= CANDIDATE_LIMIT


def _relevant(scored: list[tuple[float, dict]], parsed: ParsedQuery) -> list[tuple[float, dict]]:
    """Best first, without the entries under the minimum relevance (a listing by filter keeps them all)."""
    if parsed.is_empty:
        return sorted(scored, key=lambda pair: pair[1]["name"])
    scored.sort(key=lambda pair: (-pair[0], pair[1]["slug"]))
    if not scored:
        return scored
    # The share is of the best entry that is not an exact match: an exact match always stays, and
    # does not hide everything else.
    best = max((score for score, row in scored if not row.get("exact")), default=0.0)
    floor = max(MIN_SCORE, MIN_SHARE * best)
    return [pair for pair in scored if pair[1].get("exact") or pair[0] >= floor]


def _own_scores(queryset: QuerySet, parsed: ParsedQuery, kind: str,
                also: Collection[int] = ()) -> list[tuple[float, dict]]:
    scored = []
    for row in _candidates(queryset, parsed, kind, also):
        if parsed.is_empty:
            scored.append((0.0, row))
            continue
        row["exact"] = _is_exact(row, parsed, kind)
        scored.append((_score(row, parsed, kind) + (EXACT_BONUS if row["exact"] else 0.0), row))
    return scored


def _inherited(behaviours: list[tuple[float, dict]], link_model, target: str) -> dict[int, float]:
    """What each linked offence or tool inherits from the relevant behaviours: the best link, a little of the rest."""
    best = {row["id"]: score - (EXACT_BONUS if row.get("exact") else 0.0) for score, row in behaviours[:INHERIT_FROM]}
    if not best:
        return {}
    shares: dict[int, list[float]] = {}
    links = link_model.objects.filter(behaviour_id__in=list(best)).values_list(
        "behaviour_id", f"{target}_id", "position")
    for behaviour_id, target_id, position in links:
        shares.setdefault(target_id, []).append(best[behaviour_id] * _link_weight(position))
    inherited = {}
    for target_id, values in shares.items():
        values.sort(reverse=True)
        inherited[target_id] = INHERIT_SHARE * (values[0] + 0.2 * sum(values[1:]))
    return inherited


def _search_scored(parsed: ParsedQuery, filters: dict | None, only: str | None = None) -> dict:
    """For each group: [(score, row)] best first, above the minimum relevance. `only` limits the work to one group."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    offence_filter = {k: filters[k] for k in ("mode_of_trial", "status") if k in filters}
    tool_filter = {k: filters[k] for k in ("kind",) if k in filters}
    show = {
        "behaviour": not (offence_filter or tool_filter),
        "offence": bool(offence_filter) or not tool_filter,
        "tool": bool(tool_filter) or not offence_filter,
    }
    querysets = {
        "behaviour": Behaviour.objects.all(),
        "offence": Offence.objects.filter(**offence_filter),
        "tool": Tactic.objects.filter(**tool_filter),
    }
    if "category" in filters:
        querysets["behaviour"] = querysets["behaviour"].filter(category=filters["category"])
        querysets["offence"] = querysets["offence"].filter(behaviours__category=filters["category"]).distinct()
        querysets["tool"] = querysets["tool"].filter(behaviours__category=filters["category"]).distinct()

    wanted = {kind for kind in show if show[kind] and (only is None or only == kind)}
    result: dict[str, list[tuple[float, dict]]] = {kind: [] for kind in querysets}
    if not wanted or (parsed.is_empty and not filters):
        return result
    # Behaviours are scored whenever a group is wanted: offences and tools inherit from them.
    behaviours = _relevant(_own_scores(querysets["behaviour"], parsed, "behaviour"), parsed)
    if "behaviour" in wanted:
        result["behaviour"] = behaviours
    for kind, link_model, target in (("offence", BehaviourOffence, "offence"), ("tool", BehaviourTactic, "tactic")):
        if kind not in wanted:
            continue
        inherited = {} if parsed.is_empty else _inherited(behaviours, link_model, target)
        scored = _own_scores(querysets[kind], parsed, kind, also=sorted(inherited))
        scored = [(score + inherited.get(row["id"], 0.0), row | {"own": score}) for score, row in scored]
        result[kind] = _relevant(scored, parsed)
    return result


def toolkit_search_ids(*, kind: str, query: str, filters: dict | None = None) -> list[int]:
    """The ids of one group's matches, best first, ranked as toolkit_search ranks them (for the API)."""
    scored = _search_scored(parse_query(query), filters, only=kind)[kind]
    return [row["id"] for _, row in scored]
