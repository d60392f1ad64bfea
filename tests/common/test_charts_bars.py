"""Server-made SVG bar charts: escaped labels, printed values, no inline styles, an accessible name."""

import re
import xml.etree.ElementTree as ET

from common.charts import palette
from common.charts.bars import Bar, Series, bar_chart, stacked_bar_chart
from common.charts.svg import attrs, escape

SERIES = [Series("Red", palette.RAG["red"]), Series("Amber", palette.RAG["amber"]),
          Series("Green", palette.RAG["green"]), Series("Not rated", palette.RAG["not_rated"])]


def _chart(label="P1 Prevent") -> str:
    return stacked_bar_chart(bars=[Bar(label, (3, 1, 7, 0)), Bar("P2", (0, 0, 1, 0))], series=SERIES,
                             title="Actions by pillar", description="P1: 11 actions.", id_prefix="c1", unit="actions")


def test_the_chart_is_well_formed_and_named_by_its_title():
    root = ET.fromstring(_chart())
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title" and root.get("aria-describedby") == "c1-desc"
    assert root.find(f"{ns}title").text == "Actions by pillar"
    assert root.find(f"{ns}desc").text == "P1: 11 actions."


def test_every_value_is_printed_with_its_series_name():
    svg = _chart()
    assert "Red 3 · Amber 1 · Green 7 · Not rated 0" in svg
    assert ">11 actions<" in svg and ">1 actions<" in svg


def test_labels_are_escaped():
    svg = _chart(label='<script>alert(1)</script> "quoted"')
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;" in svg
    ET.fromstring(svg)


def test_no_style_attributes_only_presentation_attributes():
    svg = _chart()
    assert not re.search(r"\sstyle=", svg)
    assert 'fill="#d4351c"' in svg


def test_a_plain_bar_chart_and_an_empty_chart():
    svg = bar_chart(bars=[("Kent", 4)], title="T", description="D", id_prefix="b", unit="plans")
    assert ">4 plans<" in svg
    empty = stacked_bar_chart(bars=[], series=SERIES, title="T", description="D", id_prefix="e")
    assert ">No data<" in empty


def test_attribute_helpers():
    assert attrs(font_size=12.0, class_="x", hidden=False, skip=None) == 'font-size="12" class="x"'
    assert escape("a'b\"c<d>&") == "a&#x27;b&quot;c&lt;d&gt;&amp;"


def test_the_view_box_is_the_width_asked_for():
    for width in (360, 640):
        svg = stacked_bar_chart(bars=[Bar("P1", (5, 1, 2, 0))], series=SERIES, title="T", description="D",
                                id_prefix="w", width=width)
        assert ET.fromstring(svg).get("viewBox").startswith(f"0 0 {width} ")
