"""A small stacked RAG bar for a table cell: segment geometry only; the template prints the numbers."""

from dataclasses import dataclass

from common.charts import palette

BAR_WIDTH = 100


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str


def rag_segments(*, red: int, amber: int, green: int, not_rated: int, width: int = BAR_WIDTH) -> list[Segment]:
    """Segments left to right (red, amber, green, not rated) in proportion to the counts; none when all are 0."""
    counts = [("red", red), ("amber", amber), ("green", green), ("not_rated", not_rated)]
    total = sum(n for _, n in counts)
    segments, x = [], 0.0
    if not total:
        return segments
    for name, n in counts:
        if n:
            w = round(width * n / total, 2)
            segments.append(Segment(x=round(x, 2), width=w, colour=palette.RAG[name]))
            x += w
    return segments
