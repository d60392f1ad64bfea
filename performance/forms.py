"""
Forms for performance returns. They validate and normalise; the services write.

The return form is built from the period's measures: for each measure a figure field
(`v_<code>`), a field per breakdown category (`v_<code>__<category>`) and a note (`n_<code>`).
It is rendered by our own template (templates/performance/includes/), not crispy-forms, because
its labels are measure titles from a data file and must be escaped like any other text.
"""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from accounts.models import Force
from common.forms import BaseForm

from .models import Measure, ReturnValue, format_value
from .services.transfer import MAX_UPLOAD_BYTES
from .validation import Entry, FigureError, Key, parse_value

NOTE_MAX = 2000


def figure_name(code: str, breakdown: str = "") -> str:
    return f"v_{code}__{breakdown}" if breakdown else f"v_{code}"


def note_name(code: str) -> str:
    return f"n_{code}"


def category_label(code: str) -> str:
    return code.replace("_", " ").capitalize()


class ReturnForm(BaseForm):
    """Every figure of one return. `cleaned_entries()` gives {(code, breakdown): Entry} after is_valid()."""

    def __init__(self, *args, measures: list[Measure], stored: dict[Key, ReturnValue] | None = None, **kwargs):
        stored = stored or {}
        initial = {}
        for (code, breakdown), value in stored.items():
            initial[figure_name(code, breakdown)] = format_value(value.value)
            if breakdown == "":
                initial[note_name(code)] = value.note
        super().__init__(*args, initial=initial, **kwargs)
        self.measures = measures
        for measure in measures:
            self.fields[figure_name(measure.code)] = self._figure_field(
                measure, "Total" if measure.has_breakdown else "Figure"
            )
            for category in measure.breakdown_categories:
                self.fields[figure_name(measure.code, category)] = self._figure_field(measure, category_label(category))
            self.fields[note_name(measure.code)] = forms.CharField(
                label="Note",
                required=False,
                max_length=NOTE_MAX,
                error_messages={"max_length": f"The note for {measure.code} must be {NOTE_MAX} characters or fewer"},
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )

    @staticmethod
    def _figure_field(measure: Measure, label: str) -> forms.CharField:
        width = "govuk-input--width-10" if measure.unit == Measure.Unit.COUNT else "govuk-input--width-5"
        return forms.CharField(
            label=label,
            required=False,
            max_length=30,
            error_messages={"max_length": f"Enter a shorter figure for {measure.code}"},
            widget=forms.TextInput(
                attrs={
                    "class": f"govuk-input {width}",
                    "inputmode": "decimal",
                    "spellcheck": "false",
                    "autocomplete": "off",
                }
            ),
        )

    def clean(self):
        cleaned = super().clean()
        self._entries: dict[Key, Entry] = {}
        for measure in self.measures:
            note = (cleaned.get(note_name(measure.code)) or "").strip()
            for breakdown in ["", *measure.breakdown_categories]:
                name = figure_name(measure.code, breakdown)
                if name in self.errors:
                    continue
                try:
                    value = parse_value(measure, cleaned.get(name))
                except FigureError as exc:
                    prefix = measure.code if not breakdown else f"{measure.code} ({category_label(breakdown).lower()})"
                    self.add_error(name, f"{prefix}: {exc.message}")
                    continue
                self._entries[(measure.code, breakdown)] = Entry(value, note if breakdown == "" else "")
        return cleaned

    def cleaned_entries(self) -> dict[Key, Entry]:
        return self._entries


class ReviewForm(BaseForm):
    required_messages = {"decision": "Select whether to approve the return or return it to the force"}
    submit_label = "Confirm"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the return"), ("return", "Return it to the force with comments")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comments for the force",
        required=False,
        max_length=4000,
        help_text="Needed when you return it. Say which figures to check and why.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("comment", label_size=Size.SMALL),
        )
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Enter comments for the force")
        return cleaned


def parse_date(text: str) -> datetime.date | None:
    for fmt in ("%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


class LockExceptionForm(BaseForm):
    required_messages = {
        "force": "Select the force",
        "reason": "Enter the reason for the exception",
        "ends_on": "Enter the date the exception ends",
    }
    submit_label = "Grant the exception"

    force = forms.ModelChoiceField(queryset=Force.objects.order_by("name"), label="Force", empty_label="Select a force")
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    ends_on = forms.CharField(
        label="Open until",
        max_length=20,
        help_text="The last day the force can change its return, for example 31/3/2027",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("force"),
            Field.textarea("reason", label_size=Size.SMALL),
            Field.text("ends_on", label_size=Size.SMALL),
        )
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean_ends_on(self):
        value = parse_date(self.cleaned_data["ends_on"])
        if value is None:
            raise forms.ValidationError("Enter the date as day/month/year, for example 31/3/2027")
        return value


class CsvUploadForm(BaseForm):
    """One CSV file, under 8MB. The rows are checked by the import service."""

    required_messages = {"file": "Select a CSV file"}
    submit_label = "Upload and check the file"

    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A CSV file smaller than 8MB.",
        error_messages={"empty": "The selected file is empty", "invalid": "The selected file must be a CSV file"},
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("file", context={"label_size": Size.for_label(Size.MEDIUM)}))
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV file")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 8MB")
        return upload
