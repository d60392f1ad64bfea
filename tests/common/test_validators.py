"""Control characters in text (issue 7, finding 6): the validator, and the form base that applies it."""

import pytest
from django import forms

from common.forms import BaseForm
from common.validators import ControlCharactersValidator, control_characters_message, has_control_characters


@pytest.mark.parametrize("value", ["A\nB", "A\rB", "A\tB", "A\x00B", "A\x1bB", "A\x7fB", "A\x85B", "A\u2028B"])
def test_single_line_text_refuses_line_breaks_and_control_characters(value):
    assert has_control_characters(value, multi_line=False)


@pytest.mark.parametrize("value", ["A\x00B", "A\x07B", "A\x0cB", "A\x1bB", "A\x7fB", "A\x85B"])
def test_multi_line_text_refuses_control_characters(value):
    assert has_control_characters(value, multi_line=True)


@pytest.mark.parametrize("value", ["Plain", "Café – “quoted” ✓", "Line one\r\nLine two\n\tIndented", ""])
def test_multi_line_text_keeps_line_breaks_tabs_and_any_printable_character(value):
    assert not has_control_characters(value, multi_line=True)


def test_single_line_text_keeps_any_printable_character():
    assert not has_control_characters("Café – “quoted” ✓ ‘Pat’ O’Neil", multi_line=False)


@pytest.mark.parametrize("label, multi_line, message", [
    ("Round title", False, "Round title must not contain line breaks or control characters"),
    ("lead chief officer", False, "Lead chief officer must not contain line breaks or control characters"),
    ("Description", True, "Description must not contain control characters"),
    ("Why does this action not apply to your force?", True, "Your answer must not contain control characters"),
    ("Comment on P1-01: Train (optional)", True, "Comment on P1-01: Train must not contain control characters"),
])
def test_the_message_names_the_field(label, multi_line, message):
    assert control_characters_message(label, multi_line=multi_line) == message


class _Form(BaseForm):
    title = forms.CharField(label="Title", max_length=20)
    email = forms.EmailField(label="Email address", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    password = forms.CharField(label="Password", required=False, widget=forms.PasswordInput)
    choice = forms.ChoiceField(label="Choice", required=False, choices=[("", "None"), ("a", "A")])


def test_the_form_base_refuses_a_line_break_in_a_single_line_field():
    form = _Form(data={"title": "Two\nlines"})
    assert not form.is_valid()
    assert form.errors["title"] == ["Title must not contain line breaks or control characters"]


def test_the_form_base_keeps_line_breaks_in_a_textarea_but_refuses_nul_with_one_message():
    assert _Form(data={"title": "Fine", "notes": "One\r\nTwo\tthree"}).is_valid()
    form = _Form(data={"title": "Fine", "notes": "NUL\x00here"})
    assert not form.is_valid()
    assert form.errors["notes"] == ["Notes must not contain control characters"]


def test_the_form_base_leaves_passwords_as_typed():
    assert _Form(data={"title": "Fine", "password": "tab\there"}).is_valid()


def test_the_form_base_covers_fields_added_after_init_with_their_final_label():
    form = _Form(data={"title": "Fine", "later": "a\x1bb"})
    form.fields["later"] = forms.CharField(label="Added later", widget=forms.Textarea)
    form.fields["title"].label = "Renamed"
    assert not form.is_valid()
    assert form.errors["later"] == ["Added later must not contain control characters"]


def test_the_form_base_says_how_long_a_field_may_be_in_govuk_words():
    form = _Form(data={"title": "x" * 21})
    assert not form.is_valid()
    assert form.errors["title"] == ["Title must be 20 characters or fewer"]


def test_the_validator_deconstructs_for_model_fields():
    validator = ControlCharactersValidator(multi_line=True, label="Notes")
    path, args, kwargs = validator.deconstruct()
    assert path == "common.validators.ControlCharactersValidator"
    assert kwargs == {"multi_line": True, "label": "Notes"}
    assert validator == ControlCharactersValidator(**kwargs)
