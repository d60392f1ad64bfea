"""Pure text helpers for pages and emails."""

import datetime
import unicodedata


def duration_in_words(delta: datetime.timedelta) -> str:
    """A whole-minute duration for people: "30 minutes", "1 hour", "2 hours 15 minutes"."""
    minutes = max(1, round(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def single_line(text: str, *, max_length: int) -> str:
    """
    One safe line of at most `max_length` characters, for an email subject or a log line.

    Line breaks, tabs and every other control or format character (Unicode categories Cc, Cf, Zl,
    Zp) become spaces, runs of spaces collapse, and a text that is too long is cut at a word where
    possible and ends with "…". A header built from it can never be split by user text.
    """
    cleaned = "".join(" " if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in str(text))
    cleaned = " ".join(cleaned.split())
    if len(cleaned) <= max_length:
        return cleaned
    cut = cleaned[: max_length - 1]
    if " " in cut[max_length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
