"""
Toolkit search at 50 times the shipped data (toolkit/demo.py makes the copies), read anonymously.

Each search goes through the full page: parse, candidates, scoring and rendering.
"""

from bench.harness import Case


def ensure_fifty_times() -> None:
    from toolkit.demo import seed

    seed("national")


def _htmx_harassment(client) -> None:
    response = client.get("/toolkit/?q=harassment", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="toolkit-results")
    if response.status_code != 200 or b"<html" in response.content:
        raise SystemExit("toolkit htmx search did not answer with the results fragment")


CASES = [
    Case(name="toolkit search: everyday words", url="/toolkit/?q=someone+keeps+following+me+home",
         setup=ensure_fifty_times),
    Case(name="toolkit search: revenge porn", url="/toolkit/?q=revenge+porn"),
    Case(name="toolkit search: section (s66B)", url="/toolkit/?q=s66B"),
    Case(name="toolkit search: typo (stalkng)", url="/toolkit/?q=stalkng"),
    Case(name="toolkit search: htmx fragment (harassment)", run=_htmx_harassment),
    Case(name="toolkit behaviour page", url="/toolkit/behaviours/stalking/"),
    Case(name="toolkit API search", url="/api/v1/toolkit/behaviours/?search=drink+spiking"),
]
