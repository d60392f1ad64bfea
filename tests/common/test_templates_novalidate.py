"""Every form the portal renders leaves validation to the service (GOV.UK error summary), not the browser."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A form tag, allowing template tags ({% ... %}, {{ ... }}) inside it that may hold a ">".
FORM_TAG = re.compile(r"<form\b(?:[^>{]|\{[^}]*\}\}?)*>", re.S)


def test_every_hand_written_form_tag_has_novalidate():
    lacking = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in FORM_TAG.findall(path.read_text()):
            if "novalidate" not in tag:
                lacking.append(f"{path.relative_to(TEMPLATES)}: {' '.join(tag.split())[:120]}")
    assert lacking == []


def test_the_scan_finds_form_tags_across_lines_and_template_tags():
    html = '<form method="post"\n action="{% url \'x\' a>b %}">'
    assert FORM_TAG.findall(html) == [html]
