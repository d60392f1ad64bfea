"""
Line chart of a measure over reporting periods, with comparison series (national and peer
averages), as an SVG string for pages and PDFs alike.

Meaning never rests on colour: each series has its own line style (solid, dashed, dotted) and
marker shape, the legend shows both, the main series prints its values beside its points, and
pages put the same figures in a data table. Every label is escaped.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape

from .palette import BLACK, GREY, LIGHT_GREY, series_colour

DASHES = {"solid": "", "dashed": "6 4", "dotted": "2 3"}


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    style: str = "solid"  # solid | dashed | dotted
    marker: str = "circle"  # circle | square | diamond
    print_values: bool = False


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (about `count` of them), starting at or below low."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def format_number(value: float) -> str:
    """Short figures for axes and labels: 12,345; 12.3; 0.25."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:,.1f}"


def svg_line(x1: float, y1: float, x2: float, y2: float, *, stroke: str, width: float = 1, dash: str = "") -> str:
    """An SVG <line>; `dash` is a stroke-dasharray such as "6 4"."""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
            f'stroke-width="{width}"{dash_attr}/>')


def svg_text(x: float, y: float, text: str, *, anchor: str = "start", bold: bool = False) -> str:
    """An SVG <text> in the text colour, its content escaped."""
    weight = ' font-weight="bold"' if bold else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{BLACK}"{weight}>{escape(text)}</text>'


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" '
            f'fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def trend_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    width: int = 640,
    height: int = 300,
) -> str:
    """
    An SVG line chart: one point per label (period) for each series; None leaves a gap.

    `chart_id` must be unique on the page (it names the title and description). `unit` is
    appended to printed values ("%", " days").
    """
    left, right, top, bottom = 64, 16, 56, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [v for s in series for v in s.values if v is not None]
    low = min([0.0, *known]) if known else 0.0
    high = max(known) if known else 1.0
    ticks = nice_ticks(low, high * 1.1 if high > 0 else 1.0)
    y_min, y_max = ticks[0], ticks[-1]

    def x_at(i: int) -> float:
        return left + (plot_w * (i + 0.5) / max(len(labels), 1))

    def y_at(v: float) -> float:
        return top + plot_h - (v - y_min) / ((y_max - y_min) or 1) * plot_h

    described = "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{label} {format_number(v) + unit if v is not None else 'no figure'}"
            for label, v in zip(labels, s.values, strict=True)
        )
        for s in series
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" class="app-chart" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="12">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(described)}</desc>',
    ]
    for tick in ticks:
        y = y_at(tick)
        parts.append(svg_line(left, y, left + plot_w, y, stroke=LIGHT_GREY))
        parts.append(svg_text(left - 6, y + 4, format_number(tick), anchor="end"))
    for i, label in enumerate(labels):
        parts.append(svg_text(x_at(i), top + plot_h + 18, label, anchor="middle"))
    parts.append(svg_line(left, top + plot_h, left + plot_w, top + plot_h, stroke=GREY))

    for index, s in enumerate(series):
        colour = series_colour(index) if index else BLACK
        dash = DASHES.get(s.style, "")
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_at(i):.1f},{y_at(v):.1f}")
        if segment:
            segments.append(segment)
        for points in segments:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            parts.append(_marker(s.marker, x_at(i), y_at(v), colour))
            if s.print_values:
                parts.append(
                    f'<text x="{x_at(i):.1f}" y="{y_at(v) - 9:.1f}" text-anchor="middle" fill="{BLACK}" '
                    f'font-weight="bold">{escape(format_number(v) + unit)}</text>'
                )

    # Legend across the top: a line sample in the series' style and marker, then its name.
    x = left
    for index, s in enumerate(series):
        colour = series_colour(index) if index else BLACK
        dash = DASHES.get(s.style, "")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{x}" x2="{x + 28}" y1="20" y2="20" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        parts.append(_marker(s.marker, x + 14, 20, colour))
        parts.append(f'<text x="{x + 34}" y="24" fill="{BLACK}">{escape(s.name)}</text>')
        x += 40 + 7 * len(s.name)
    parts.append("</svg>")
    return "".join(parts)
