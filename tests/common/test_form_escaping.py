"""
Form labels, legends, hints and choices are escaped (issue 7, finding 1).

crispy-forms-gds prints labels, legends, help text and button text with |safe. Our copies under
templates/gds/ drop it; these tests check that every template Django resolves for the package has
|safe only on variables that hold markup crispy itself rendered, and that a form whose every label
carries a payload renders it escaped.
"""

import re
from pathlib import Path

import crispy_forms_gds
import pytest
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Field, Fieldset, Layout
from django import forms
from django.template.loader import get_template

from common.forms import BaseForm

PACKAGE_TEMPLATES = Path(crispy_forms_gds.__file__).parent / "templates"
# Variables crispy fills with HTML it has rendered from escaped parts, or attribute strings built
# by django.forms.utils.flatatt (which escapes): |safe on these does not trust user text.
RENDERED_MARKUP = {"fields", "content", "links", "choices", "conditional_content", "flat_attrs",
                   "div.flat_attrs", "fieldset.flat_attrs", "input.flat_attrs", "accordion.flat_attrs",
                   "tabs.flat_attrs"}
PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def _package_template_names() -> list[str]:
    return sorted(str(p.relative_to(PACKAGE_TEMPLATES)) for p in PACKAGE_TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", _package_template_names())
def test_the_template_in_use_trusts_no_user_text(name):
    source = Path(get_template(name).origin.name).read_text()
    trusted = set(re.findall(r"\{\{\s*([\w.]+)\s*\|\s*safe\s*\}\}", source))
    assert trusted <= RENDERED_MARKUP, f"{name} prints {trusted - RENDERED_MARKUP} with |safe"


class EveryKindOfField(BaseForm):
    text = forms.CharField(label=PAYLOAD, help_text=PAYLOAD)
    area = forms.CharField(label=PAYLOAD, help_text=PAYLOAD, widget=forms.Textarea)
    pick = forms.ChoiceField(label=PAYLOAD, help_text=PAYLOAD, choices=[("a", PAYLOAD)], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(label=PAYLOAD, help_text=PAYLOAD, choices=[("a", PAYLOAD)],
                                     widget=forms.CheckboxSelectMultiple)
    one = forms.BooleanField(label=PAYLOAD, help_text=PAYLOAD)
    menu = forms.ChoiceField(label=PAYLOAD, choices=[("a", PAYLOAD)])
    submit_label = PAYLOAD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(Field.text("text"), Field.textarea("area"), legend=PAYLOAD),
            Field.radios("pick"), Field.checkboxes("many"), Field.checkbox("one"), Field.select("menu"),
        )


def test_every_label_legend_hint_and_choice_is_escaped():
    html = render_crispy_form(EveryKindOfField(data={"text": PAYLOAD}))
    assert "<script>" not in html
    assert "<img" not in html
    # Each field's label, hint and choice came through as text.
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 14
