"""
Horizontal bar and stacked-bar charts as SVG strings.

Each bar is labelled, and under it every value is printed with its series name ("Red 3 · Amber 1 ·
Green 7"), so colour is never the only carrier of meaning; a segment wide enough also shows its
number inside. Pages and PDFs put a data table beside the chart as well.
"""

from dataclasses import dataclass

from . import palette
from .svg import document, element, escape, number, text

WIDTH = 480
LEFT = 4
RIGHT = 88  # room for the printed total ("150 actions")
BAR_HEIGHT = 18
FONT_SIZE = 13
SMALL_FONT_SIZE = 11
ROW_HEIGHT = 62
LEGEND_ROW = 22
MIN_INSIDE_LABEL = 22  # px a segment needs to hold its number


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]

    @property
    def total(self) -> float:
        return sum(self.values)


def _ink_on(fill: str) -> str:
    """Black or white text, whichever reads better on `fill` (WCAG relative luminance)."""
    red, green, blue = (int(fill.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    # Contrast against white is (1.05)/(L+0.05); against black (L+0.05)/0.05. Pick the larger.
    return "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else palette.BLACK


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _legend(series: list[Series], y: float, width: float) -> tuple[str, float]:
    """Swatches with names, wrapping onto new lines; returns the markup and the height used."""
    parts, x, line = [], LEFT, 0
    for item in series:
        needed = 18 + len(item.name) * 7 + 16
        if x + needed > width and x > LEFT:
            x, line = LEFT, line + 1
        top = y + line * LEGEND_ROW
        parts.append(element("rect", x=float(x), y=top, width=12.0, height=12.0, fill=item.colour,
                             stroke=palette.BLACK, stroke_width="0.5"))
        parts.append(text(x + 17, top + 11, item.name, font_size=FONT_SIZE, fill=palette.BLACK))
        x += needed
    return "".join(parts), (line + 1) * LEGEND_ROW


def stacked_bar_chart(*, bars: list[Bar], series: list[Series], title: str, description: str,
                      id_prefix: str, unit: str = "", width: float = WIDTH) -> str:
    """
    One horizontal bar per item, split into the series' segments, with every value printed.

    All bars share one scale (the largest total), so bar lengths compare. `unit` follows each
    total ("40 actions"). `width` is in user units: the chart scales to its container, so a
    narrower chart prints its text larger (pages use about 360 so text stays readable on a phone;
    A4 PDFs about 640).
    """
    legend, legend_height = _legend(series, 4, width)
    scale_max = max((bar.total for bar in bars), default=0) or 1
    plot_width = width - LEFT - RIGHT
    parts = [legend]
    y = legend_height + 10
    for bar in bars:
        parts.append(text(LEFT, y + FONT_SIZE, bar.label, font_size=FONT_SIZE, font_weight="bold",
                          fill=palette.BLACK))
        top = y + FONT_SIZE + 6
        x = float(LEFT)
        parts.append(element("rect", x=x, y=float(top), width=float(plot_width), height=float(BAR_HEIGHT),
                             fill="none", stroke=palette.LIGHT_GREY, stroke_width="1"))
        for value, item in zip(bar.values, series, strict=True):
            if value <= 0:
                continue
            segment = plot_width * value / scale_max
            parts.append(element("rect", x=x, y=float(top), width=segment, height=float(BAR_HEIGHT),
                                 fill=item.colour, stroke="#ffffff", stroke_width="1"))
            if segment >= MIN_INSIDE_LABEL:
                parts.append(text(x + segment / 2, top + BAR_HEIGHT - 5, _shown(value), font_size=SMALL_FONT_SIZE,
                                  text_anchor="middle", fill=_ink_on(item.colour), aria_hidden="true"))
            x += segment
        total = f"{_shown(bar.total)} {unit}".strip()
        parts.append(text(LEFT + plot_width + 6, top + BAR_HEIGHT - 4, total, font_size=FONT_SIZE,
                          fill=palette.BLACK))
        breakdown = " · ".join(f"{item.name} {_shown(value)}" for value, item in zip(bar.values, series, strict=True))
        parts.append(text(LEFT, top + BAR_HEIGHT + 16, breakdown, font_size=SMALL_FONT_SIZE, fill=palette.GREY))
        y += ROW_HEIGHT
    height = y + 4
    if not bars:
        parts.append(text(LEFT, y + FONT_SIZE, "No data", font_size=FONT_SIZE, fill=palette.GREY))
        height += 24
    return document(width=width, height=height, title=title, description=description, body="".join(parts),
                    id_prefix=id_prefix)


def bar_chart(*, bars: list[tuple[str, float]], title: str, description: str, id_prefix: str,
              colour: str = palette.SERIES[0], unit: str = "", width: float = WIDTH) -> str:
    """A plain horizontal bar chart: one series, each bar labelled and its value printed."""
    return stacked_bar_chart(
        bars=[Bar(label, (value,)) for label, value in bars], series=[Series(unit or "Value", colour)],
        title=title, description=description, id_prefix=id_prefix, unit=unit, width=width,
    )


__all__ = ["Bar", "Series", "bar_chart", "escape", "number", "stacked_bar_chart"]
