"""
Funnel plot: each force's rate or percentage against its denominator, with 95% and 99.8% control
limits around the national value (Spiegelhalter, "Funnel plots for comparing institutional
performance", Statistics in Medicine 2005).

Percentages use binomial limits, p0 ± z·sqrt(p0(1 - p0)/n); rates per 1,000 use Poisson limits,
r0 ± z·sqrt(1,000·r0/n). z is 1.96 for 95% and 3.09 for 99.8%. Points outside the limits are drawn
with their own shapes and named on the chart, and `funnel_classify` gives pages the same verdict
to print in text, so colour never carries the meaning alone.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape

from .palette import BLACK, GREY, LIGHT_GREY, SERIES
from .trend import format_number, nice_ticks, svg_line, svg_text

Z95 = 1.959964
Z998 = 3.090232

WITHIN = "within"
ABOVE_95, BELOW_95 = "above_95", "below_95"
ABOVE_998, BELOW_998 = "above_998", "below_998"
VERDICTS = {
    WITHIN: "within the 95% limits",
    ABOVE_95: "above the 95% limit",
    BELOW_95: "below the 95% limit",
    ABOVE_998: "above the 99.8% limit",
    BELOW_998: "below the 99.8% limit",
}


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    value: float
    denominator: float


def funnel_sd(target: float, denominator: float, *, kind: str) -> float:
    """The standard error at `denominator` for a value on the percentage (0-100) or per-1,000 scale."""
    if denominator <= 0:
        return math.inf
    if kind == "percentage":
        p = min(max(target / 100, 0.0), 1.0)
        return 100 * math.sqrt(p * (1 - p) / denominator)
    return math.sqrt(1000 * max(target, 0.0) / denominator)


def funnel_limits(target: float, denominator: float, *, kind: str, z: float) -> tuple[float, float]:
    """(lower, upper) control limits at `denominator`; percentages are kept within 0 to 100."""
    sd = funnel_sd(target, denominator, kind=kind)
    low, high = target - z * sd, target + z * sd
    if kind == "percentage":
        return max(low, 0.0), min(high, 100.0)
    return max(low, 0.0), high


def funnel_classify(point: FunnelPoint, target: float, *, kind: str) -> str:
    """Where the point sits against the limits: one of the keys of VERDICTS."""
    low998, high998 = funnel_limits(target, point.denominator, kind=kind, z=Z998)
    low95, high95 = funnel_limits(target, point.denominator, kind=kind, z=Z95)
    if point.value > high998:
        return ABOVE_998
    if point.value < low998:
        return BELOW_998
    if point.value > high95:
        return ABOVE_95
    if point.value < low95:
        return BELOW_95
    return WITHIN


def _shape(verdict: str, x: float, y: float) -> str:
    colour = SERIES[0] if verdict == WITHIN else SERIES[5]
    if verdict in (ABOVE_998, ABOVE_95):
        filled = colour if verdict == ABOVE_998 else "white"
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" fill="{filled}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    if verdict in (BELOW_998, BELOW_95):
        filled = colour if verdict == BELOW_998 else "white"
        return (
            f'<polygon points="{x:.1f},{y + 6:.1f} {x + 6:.1f},{y - 5:.1f} {x - 6:.1f},{y - 5:.1f}" fill="{filled}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def funnel_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[FunnelPoint],
    target: float,
    kind: str,
    unit: str = "",
    x_label: str = "Denominator",
    width: int = 640,
    height: int = 380,
) -> str:
    """
    An SVG funnel plot. `kind` is "percentage" or "rate"; `target` the national value on the
    same scale; `unit` is appended to printed values.
    """
    left, right, top, bottom = 64, 20, 60, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    n_max = max([p.denominator for p in points] or [1.0]) * 1.05
    n_min = max(min([p.denominator for p in points] or [1.0]) * 0.5, n_max / 200)
    samples = [n_min + (n_max - n_min) * i / 60 for i in range(61)]
    curves = {z: [funnel_limits(target, n, kind=kind, z=z) for n in samples] for z in (Z95, Z998)}
    values = [p.value for p in points] + [target]
    low = min(values + [c[0] for c in curves[Z998]])
    high = max(values + [c[1] for c in curves[Z998]])
    if kind == "percentage":
        low, high = max(low, 0.0), min(high, 100.0)
    ticks = nice_ticks(max(low, 0.0) if low >= 0 else low, high)
    y_min, y_max = ticks[0], ticks[-1]
    x_ticks = nice_ticks(0, n_max)

    def x_at(n: float) -> float:
        return left + n / (x_ticks[-1] or 1) * plot_w

    def y_at(v: float) -> float:
        v = min(max(v, y_min), y_max)
        return top + plot_h - (v - y_min) / ((y_max - y_min) or 1) * plot_h

    verdicts = [(p, funnel_classify(p, target, kind=kind)) for p in points]
    outside = [f"{p.label} ({VERDICTS[v]})" for p, v in verdicts if v != WITHIN]
    description = f"National value {format_number(target)}{unit}. {len(points)} forces. " + (
        f"Outside the 95% limits: {'; '.join(outside)}." if outside else "Every force is within the 95% limits."
    )
    cid = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" class="app-chart" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="12">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]
    for tick in ticks:
        y = y_at(tick)
        parts.append(svg_line(left, y, left + plot_w, y, stroke=LIGHT_GREY))
        parts.append(svg_text(left - 6, y + 4, format_number(tick) + unit, anchor="end"))
    for tick in x_ticks:
        parts.append(svg_text(x_at(tick), top + plot_h + 18, format_number(tick), anchor="middle"))
    parts.append(svg_text(left + plot_w / 2, height - 10, x_label, anchor="middle"))
    parts.append(svg_line(left, top + plot_h, left + plot_w, top + plot_h, stroke=GREY))
    parts.append(svg_line(left, y_at(target), left + plot_w, y_at(target), stroke=BLACK, width=2))
    for z, dash in ((Z95, "6 4"), (Z998, "2 3")):
        for side in (0, 1):
            path = " ".join(f"{x_at(n):.1f},{y_at(c[side]):.1f}" for n, c in zip(samples, curves[z], strict=True))
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{GREY}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
            )
    for p, verdict in verdicts:
        x, y = x_at(p.denominator), y_at(p.value)
        parts.append(_shape(verdict, x, y))
        if verdict != WITHIN:
            anchor = "end" if x > left + plot_w * 0.7 else "start"
            dx = -8 if anchor == "end" else 8
            parts.append(svg_text(x + dx, y + 4, p.label, anchor=anchor))
    legend = [
        (svg_line(0, 0, 24, 0, stroke=BLACK, width=2), "National value"),
        (svg_line(0, 0, 24, 0, stroke=GREY, width=1.5, dash="6 4"), "95% limits"),
        (svg_line(0, 0, 24, 0, stroke=GREY, width=1.5, dash="2 3"), "99.8% limits"),
        (_shape(ABOVE_998, 12, 0), "Outside 99.8%"),
        (_shape(ABOVE_95, 12, 0), "Outside 95%"),
    ]
    for i, (sample, name) in enumerate(legend):
        x, y = left + (i % 3) * 180, 16 + (i // 3) * 20
        parts.append(f'<g transform="translate({x},{y})">{sample}{svg_text(30, 4, name)}</g>')
    parts.append("</svg>")
    return "".join(parts)
