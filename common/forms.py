"""Base forms for GOV.UK-styled forms rendered by crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


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


class BaseForm(_GovukForm, forms.Form):
    pass


class BaseModelForm(_GovukForm, forms.ModelForm):
    """A ModelForm for one-model edits. Saving still goes through a service."""

    submit_label = "Save"
