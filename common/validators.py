"""
Validators for text typed or imported by people.

A single-line value (a title, a name, a reference) must hold no line breaks or other control
characters: a round title with a line break broke every email whose subject used it (issue 7).
Multi-line text may hold line breaks and tabs, but no other control characters (NUL, escape, bell,
form feed...), which nobody types on purpose and which XML, spreadsheets and emails refuse.

`common.forms` attaches these to every text field of our forms; the spreadsheet import applies
them to each cell through `control_characters_message`.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# A multi-line answer (a description, a success measure): several paragraphs, and a bound on what
# one cell of an import can store. Single-line fields take their model field's max_length.
TEXT_MAX_LENGTH = 5_000

# Tab, line feed and carriage return: what a textarea legitimately sends.
_MULTI_LINE_ALLOWED = frozenset("\t\n\r")
# Line and paragraph separators are not control characters (Zl, Zp) but do break lines.
_LINE_SEPARATORS = frozenset("\u2028\u2029")


def has_control_characters(value: str, *, multi_line: bool) -> bool:
    """
    Whether `value` holds a character people should not be able to store in that kind of field.

    Single-line: any control character (Unicode category Cc, so NUL, tab, CR, LF, DEL, NEL...) or a
    line/paragraph separator. Multi-line: the same, except tab, LF and CR.
    """
    for char in value:
        if char in _LINE_SEPARATORS and not multi_line:
            return True
        if unicodedata.category(char) == "Cc" and not (multi_line and char in _MULTI_LINE_ALLOWED):
            return True
    return False


def control_characters_message(label: str, *, multi_line: bool) -> str:
    """The GOV.UK error message: "Title must not contain line breaks or control characters"."""
    label = str(label).strip()
    if label.endswith("?"):
        # A question as the label ("Why does this action not apply?") is answered, not named.
        label = "Your answer"
    label = label.rstrip(":").strip() or "The text"
    if label.endswith(")"):
        # "Comment on P1-01 (optional)" reads better without the bracket.
        label = label.rsplit("(", 1)[0].strip() or label
    subject = label[0].upper() + label[1:]
    return f"{subject} must not contain {'control characters' if multi_line else 'line breaks or control characters'}"


@deconstructible
class ControlCharactersValidator:
    """Refuse control characters; `multi_line` allows tab, LF and CR. `label` names the field in the message."""

    code = "control_characters"

    def __init__(self, *, multi_line: bool = False, label: str = "The text"):
        self.multi_line = multi_line
        self.label = label

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_control_characters(value, multi_line=self.multi_line):
            raise ValidationError(
                control_characters_message(self.label, multi_line=self.multi_line), code=self.code
            )

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, ControlCharactersValidator)
            and (self.multi_line, self.label) == (other.multi_line, other.label)
        )
