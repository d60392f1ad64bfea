"""
SVG building blocks for server-made charts: escaping, elements and the accessible outer <svg>.

No style="" attributes (the Content-Security-Policy forbids inline styles): colours, fonts and
sizes are SVG presentation attributes. Every string that reaches the markup goes through
`escape`, so user text (a pillar title, an owner's name) can never become markup.
"""

from xml.sax.saxutils import escape as _xml_escape

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
_ATTR_ENTITIES = {'"': "&quot;", "'": "&#x27;"}


def escape(value) -> str:
    """Text made safe for SVG content and double-quoted attribute values."""
    return _xml_escape(str(value), _ATTR_ENTITIES)


def number(value: float) -> str:
    """A coordinate without needless decimals: 12, 12.5, 12.33."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def attrs(**values) -> str:
    """Attributes from keywords (`font_size` → `font-size`; None and False are left out), escaped."""
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        shown = number(value) if isinstance(value, float) else str(value)
        parts.append(f'{name}="{escape(shown)}"')
    return " ".join(parts)


def element(tag: str, content: str = "", **values) -> str:
    """One element; `content` is markup already built by these helpers (escape text first)."""
    opening = f"<{tag} {attrs(**values)}".rstrip()
    return f"{opening}>{content}</{tag}>" if content else f"{opening}/>"


def text(x: float, y: float, value, **values) -> str:
    """A <text> element holding escaped `value`."""
    values.setdefault("font_family", FONT_FAMILY)
    return element("text", escape(value), x=float(x), y=float(y), **values)


def document(*, width: float, height: float, title: str, description: str, body: str, id_prefix: str) -> str:
    """
    The outer <svg>: role="img" named by its <title> and described by its <desc>.

    It scales to its container through viewBox (no fixed width), so it fits a 320 px screen and an
    A4 page alike. `id_prefix` keeps ids unique when a page holds more than one chart.
    """
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    head = element("title", escape(title), id=title_id) + element("desc", escape(description), id=desc_id)
    outer = attrs(
        xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {number(width)} {number(height)}", role="img",
        aria_labelledby=title_id, aria_describedby=desc_id, class_="app-chart",
        preserveAspectRatio="xMinYMin meet",
    )
    return f"<svg {outer}>{head}{body}</svg>"
