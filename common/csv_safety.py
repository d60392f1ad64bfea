"""
Spreadsheet cells that cannot run as formulas (CSV/formula injection, OWASP "CSV Injection").

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@` (and,
in some versions, a leading tab or carriage return) as a formula. A plan's text comes from many
people, so every text cell we export goes through `cell_escape`, which puts a single quote in
front: spreadsheet programs then show the text as typed. A value that already starts with a quote
gets one too, so that `cell_unescape` can undo exactly one quote on import and an exported file
reads back unchanged.
"""

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def cell_escape(value: Any) -> Any:
    """Return text that a spreadsheet shows as typed; non-text values are returned unchanged."""
    if isinstance(value, str) and value.startswith((*FORMULA_PREFIXES, QUOTE)):
        return QUOTE + value
    return value


def cell_unescape(value: Any) -> Any:
    """Undo `cell_escape`: drop one leading quote when it guards a formula character or a quote."""
    if isinstance(value, str) and len(value) > 1 and value[0] == QUOTE and value[1] in (*FORMULA_PREFIXES, QUOTE):
        return value[1:]
    return value
