"""Base forms for GOV.UK-styled forms rendered by crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.utils import pretty_name
from django.forms.widgets import Input

from .validators import ControlCharactersValidator

# Input types that hold one line of text. Passwords are left as people chose them.
_SINGLE_LINE_INPUT_TYPES = {"text", "email", "url", "search", "tel"}


def _text_validator_for(name: str, field: forms.Field) -> ControlCharactersValidator | None:
    """The control-character validator a text field needs, by its widget: one line or many."""
    if not isinstance(field, forms.CharField):
        return None
    label = field.label or pretty_name(name)
    if isinstance(field.widget, forms.Textarea):
        return ControlCharactersValidator(multi_line=True, label=label)
    if isinstance(field.widget, Input) and field.widget.input_type in _SINGLE_LINE_INPUT_TYPES:
        return ControlCharactersValidator(multi_line=False, label=label)
    return None


class _GovukForm:
    """
    GOV.UK error messages and a crispy-forms-gds helper, for Form and ModelForm alike.

    Subclasses set `required_messages` ({"title": "Enter the action title"}) and `submit_label`.
    """

    required_messages: dict[str, str] = {}
    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))

    def full_clean(self):
        self._text_validators_add()
        super().full_clean()

    def _text_validators_add(self) -> None:
        """
        Refuse control characters in every text field (line breaks too in single-line ones), and
        say "Title must be 200 characters or fewer" rather than Django's message for a long one.

        Done when the form is cleaned rather than in __init__ so that fields and labels that
        subclasses add or change after __init__ (the review form's per-action comments) are
        covered too. The validator also refuses NUL, so it replaces Django's NUL validator and
        the user sees one message, naming the field.
        """
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and field.max_length:
                label = str(field.label or pretty_name(name))
                field.error_messages.setdefault(
                    "max_length", f"{label.rstrip('?: ')} must be {field.max_length:,} characters or fewer"
                )
            validator = _text_validator_for(name, field)
            if validator is None or any(isinstance(v, ControlCharactersValidator) for v in field.validators):
                continue
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ] + [validator]


class BaseForm(_GovukForm, forms.Form):
    pass


class BaseModelForm(_GovukForm, forms.ModelForm):
    """A ModelForm for one-model edits. Saving still goes through a service."""

    submit_label = "Save"
