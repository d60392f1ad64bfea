"""Forms of the framework pages."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms

from common.forms import BaseForm


class FrameworkCompareForm(BaseForm):
    """
    Choose two frameworks to compare, as `slug:version` keys (`?from=...&to=...`).

    `from` is a Python keyword, so the fields are added by name in __init__. cleaned_data gives
    (slug, version) pairs.
    """

    submit_label = "Compare"

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, which in (("from", "Compare from", "earlier"), ("to", "Compare to", "later")):
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[("", "Select a framework")] + choices,
                error_messages={
                    "required": f"Select the {which} framework to compare",
                    "invalid_choice": "Select a framework from the list",
                },
            )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("compare", self.submit_label))

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("from") == data.get("to"):
            self.add_error("to", "Select a different framework from the one you compare from")
        return data

    def pair(self, name: str) -> tuple[str, str]:
        slug, _, version = self.cleaned_data[name].partition(":")
        return slug, version
