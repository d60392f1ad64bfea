"""
Toolkit search at 50 times the shipped data (toolkit/demo.py makes the copies), read anonymously.

Each search goes through the full page: parse, candidates, scoring, inheritance and rendering.

Before the timed cases it prints the search's quality on the evaluation set
(toolkit/data/search_evaluation.yaml): recall@3 and mean reciprocal rank for offences and tools,
and the median time of one account's search. At 50 times the data the copies ("(demo copy N)")
compete with the originals, so a copy counts as its original and repeats of it are skipped: the
figures say whether the right offence still reaches the first three when the toolkit is 50 times
larger, not whether the original beats its copies.
"""

import re
import statistics
import time

from bench.harness import Case

_state: dict = {}
_COPY = re.compile(r"-demo-copy-\d+$")


def ensure_fifty_times() -> None:
    from toolkit.demo import seed

    seed("national")


def _originals(slugs: list[str]) -> list[str]:
    seen: list[str] = []
    for slug in slugs:
        original = _COPY.sub("", slug)
        if original not in seen:
            seen.append(original)
    return seen


def search_quality() -> None:
    """Print recall@3 and MRR of the evaluation set, once, on the database as it is (50 times the data)."""
    ensure_fifty_times()
    if _state.get("printed"):
        return
    _state["printed"] = True
    from django.db import connection

    from toolkit.evaluation import Evaluation, Outcome, load_accounts
    from toolkit.models import Offence
    from toolkit.selectors import toolkit_search

    accounts = load_accounts()
    outcomes, timings = [], []
    for account in accounts:
        start = time.perf_counter()
        results = toolkit_search(query=account.query, limit=100)
        timings.append((time.perf_counter() - start) * 1000)
        outcomes.append(Outcome(account, _originals([h.slug for h in results.offences]),
                                _originals([h.slug for h in results.tools]), dict(results.query.corrections)))
    evaluation = Evaluation(outcomes)
    print(f"\nToolkit search quality on {connection.vendor}, {Offence.objects.count()} offences "
          f"(50 times the shipped data)")
    print(f"  {evaluation.summary()}")
    print(f"  one account's search (selector only): median {statistics.median(timings):.1f} ms, "
          f"slowest {max(timings):.1f} ms\n", flush=True)


def _htmx_harassment(client) -> None:
    response = client.get("/toolkit/?q=harassment", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="toolkit-results")
    if response.status_code != 200 or b"<html" in response.content:
        raise SystemExit("toolkit htmx search did not answer with the results fragment")


CASES = [
    Case(name="toolkit search: everyday words", url="/toolkit/?q=someone+keeps+following+me+home",
         setup=search_quality),
    Case(name="toolkit search: an account (neck)", url="/toolkit/?q=grabbed+her+by+the+neck+and+squeezed"),
    Case(name="toolkit search: exact name (DAPO)", url="/toolkit/?q=domestic+abuse+protection+order"),
    Case(name="toolkit search: revenge porn", url="/toolkit/?q=revenge+porn"),
    Case(name="toolkit search: section (s66B)", url="/toolkit/?q=s66B"),
    Case(name="toolkit search: typo (stalkng)", url="/toolkit/?q=stalkng"),
    Case(name="toolkit search: show all offences, page 2",
         url="/toolkit/search/?q=harassment&group=offences&page=2"),
    Case(name="toolkit search: htmx fragment (harassment)", run=_htmx_harassment),
    Case(name="toolkit behaviour page", url="/toolkit/behaviours/stalking/"),
    Case(name="toolkit API search", url="/api/v1/toolkit/offences/?search=put+something+in+her+drink"),
]
