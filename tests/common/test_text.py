import datetime

import pytest

from common.text import duration_in_words, single_line


@pytest.mark.parametrize("minutes,words", [
    (30, "30 minutes"), (1, "1 minute"), (60, "1 hour"), (135, "2 hours 15 minutes"), (0.2, "1 minute"),
])
def test_duration_in_words(minutes, words):
    assert duration_in_words(datetime.timedelta(minutes=minutes)) == words


@pytest.mark.parametrize("text,expected", [
    ("Plans 2026", "Plans 2026"),
    ("Plans\r\n2026", "Plans 2026"),
    ("Plans\nBcc: someone@evil.example", "Plans Bcc: someone@evil.example"),
    ("Tab\there\x00and\x1b[31m", "Tab here and [31m"),
    ("Line\u2028separator\u2029and\u200bzero-width", "Line separator and zero-width"),
    ("  spaced   out  ", "spaced out"),
])
def test_single_line_removes_breaks_and_control_characters(text, expected):
    assert single_line(text, max_length=100) == expected


def test_single_line_cuts_long_text_at_a_word_with_an_ellipsis():
    assert single_line("one two three four five", max_length=12) == "one two…"
    assert len(single_line("x" * 500, max_length=150)) == 150
