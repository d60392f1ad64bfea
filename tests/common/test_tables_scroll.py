"""
Every data table of the web pages sits in a labelled scrolling region, so a wide table scrolls
inside the region at 320 or 390 px instead of the whole page scrolling sideways. (The PDF
templates are paged documents, not screens, and are left out.)
"""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PAGES = sorted(p for p in TEMPLATES.rglob("*.html") if "pdf" not in p.relative_to(TEMPLATES).parts)
REGION = re.compile(r'<div class="app-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*$')
TAG = re.compile(r"{%.*?%}|{#.*?#}", re.S)
VARIABLE = re.compile(r"{{.*?}}", re.S)


def _tables(path: Path) -> list[tuple[int, str]]:
    text = path.read_text()
    return [(text.count("\n", 0, m.start()) + 1, VARIABLE.sub("x", TAG.sub("", text[:m.start()])).rstrip() + "\n")
            for m in re.finditer(r"<table\b", text)]


def test_the_audit_finds_the_tables():
    assert sum(len(_tables(p)) for p in PAGES) >= 20


@pytest.mark.parametrize("path", [p for p in PAGES if _tables(p)], ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_table_sits_in_a_labelled_scrolling_region(path):
    for line, before in _tables(path):
        last_line = before.rstrip().splitlines()[-1].strip()
        assert REGION.search(last_line + "\n"), f"{path.name}:{line}: <table> not in a labelled app-table-scroll"
