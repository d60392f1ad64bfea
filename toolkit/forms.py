"""Forms of the toolkit: the search (GET) and the curator's edit of one entry."""

import datetime

from django import forms

from common.forms import BaseModelForm, date_field

from .models import Behaviour, Category, ModeOfTrial, Offence, Tactic
from .services import CURATOR_FIELDS


def _choices(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


class ToolkitSearchForm(forms.Form):
    """The search box and its filters. Rendered by hand in the template (a GET form with no button group)."""

    q = forms.CharField(label="Search the toolkit", required=False, max_length=200)
    category = forms.ChoiceField(label="Category", required=False, choices=_choices("Any category", Category.choices))
    mode_of_trial = forms.ChoiceField(
        label="Mode of trial", required=False, choices=_choices("Any mode of trial", ModeOfTrial.choices)
    )
    kind = forms.ChoiceField(
        label="Kind of tool", required=False, choices=_choices("Any kind of tool", Tactic.Kind.choices)
    )
    status = forms.ChoiceField(label="Status", required=False, choices=_choices("Any status", Offence.Status.choices))

    choice_messages = {
        "category": "Choose a category from the list",
        "mode_of_trial": "Choose a mode of trial from the list",
        "kind": "Choose a kind of tool from the list",
        "status": "Choose a status from the list",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.choice_messages.items():
            self.fields[name].error_messages["invalid_choice"] = message
        self.fields["q"].error_messages["max_length"] = "Search for 200 characters or fewer"

    @property
    def filters_open(self) -> bool:
        fields = ("category", "mode_of_trial", "kind", "status")
        return self.is_bound and any(self.data.get(name) or self.errors.get(name) for name in fields)

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "q" and v}


class CuratorForm(BaseModelForm):
    submit_label = "Save"
    required_messages = {
        "name": "Enter a name",
        "summary": "Enter a summary",
        "max_penalty": "Enter the maximum penalty",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # GOV.UK pattern: the server validates and shows the error summary, not the browser.
        self.helper.attrs = {"novalidate": ""}


def curator_form_class(model) -> type[BaseModelForm]:
    """A GOV.UK ModelForm over the fields a curator may change on this kind of entry."""
    fields = CURATOR_FIELDS[model]
    # GOV.UK date inputs (day, month, year). The law's dates go back centuries; a review date is ahead.
    date_fields = {
        name: date_field(label, required=False, min_date=min_date, help_text=hint)
        for name, label, min_date, hint in (
            ("in_force_from", "In force from", datetime.date(1800, 1, 1), "For example, 31 1 2024"),
            ("in_force_until", "In force until", datetime.date(1800, 1, 1), "For example, 31 1 2024"),
            ("review_due_on", "Review due on", datetime.date(2020, 1, 1),
             "A statement in this entry depends on this date: from it, the entry says it needs review. "
             "Leave it empty when nothing does. For example, 1 4 2027"),
        )
        if name in fields
    }
    meta = type("Meta", (), {"model": model, "fields": fields})
    mark_reviewed = forms.BooleanField(
        label="I have checked this entry against the legislation: mark it reviewed today",
        required=False,
    )
    url_fields = {
        name: forms.URLField(label=label, required=False, assume_scheme="https", max_length=500)
        for name, label in (("source_url", "Source URL"), ("legislation_url", "Link to the legislation"))
        if name in fields
    }
    return type(
        f"{model.__name__}CuratorForm",
        (CuratorForm,),
        {"Meta": meta, "mark_reviewed": mark_reviewed, **url_fields, **date_fields},
    )


CURATOR_MODELS = {"behaviour": Behaviour, "offence": Offence, "tool": Tactic}
