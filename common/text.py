"""Pure text helpers for pages and emails."""

import datetime


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
