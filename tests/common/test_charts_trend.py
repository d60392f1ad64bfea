"""The trend chart: an escaped, labelled SVG whose meaning does not rest on colour."""

import re
import xml.etree.ElementTree as ET

from common.charts.trend import Series, format_number, nice_ticks, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def chart(**kwargs):
    defaults = {
        "chart_id": "t1",
        "title": "Crimes <recorded>",
        "labels": ["2024-25 H1", "2024-25 H2", "2025-26 H1"],
        "series": [
            Series("Force & co", [10, None, 30], "solid", "circle", print_values=True),
            Series("National average", [12, 14, 16], "dashed", "square"),
        ],
    }
    return trend_chart(**{**defaults, **kwargs})


def test_it_is_well_formed_svg_with_a_title_and_description():
    root = ET.fromstring(chart())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.find(f"{SVG}title").text == "Crimes <recorded>"
    desc = root.find(f"{SVG}desc").text
    assert "Force & co: 2024-25 H1 10, 2024-25 H2 no figure, 2025-26 H1 30" in desc


def test_it_escapes_every_label():
    svg = chart(labels=["<script>", "b", "c"], series=[Series('"><img src=x>', [1, 2, 3])])
    assert "<script>" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg


def test_a_gap_splits_the_line_and_printed_values_label_the_main_series():
    root = ET.fromstring(chart())
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 3  # the force's two segments either side of the gap, then the average
    printed = [t.text for t in root.findall(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert printed == ["10", "30"]


def test_series_differ_by_line_style_and_marker_not_only_colour():
    svg = chart()
    assert 'stroke-dasharray="6 4"' in svg
    assert re.search(r"<rect [^>]*width=\"8\"", svg) and "<circle" in svg


def test_nice_ticks_cover_the_range_with_round_steps():
    assert nice_ticks(0, 97) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 0) == [0, 0.25, 0.5, 0.75, 1]


def test_format_number():
    assert [format_number(v) for v in (12345, 12.34, 0.25, 250.6)] == ["12,345", "12.3", "0.25", "251"]
