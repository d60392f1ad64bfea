"""Forms for moving plan actions in and out of spreadsheets."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from common.forms import BaseForm

from .spreadsheets import MAX_UPLOAD_BYTES, XLSX_CONTENT_TYPE

FILE_TYPE_MESSAGE = "The selected file must be a CSV or Excel (.xlsx) file"


class PlanImportForm(BaseForm):
    """One file: CSV or .xlsx, under 2MB. The rows themselves are checked by the import service."""

    required_messages = {"file": "Select a CSV or Excel (.xlsx) file"}
    submit_label = "Upload and check the file"

    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file smaller than 2MB, with the columns of the exported file.",
        error_messages={"empty": "The selected file is empty", "invalid": FILE_TYPE_MESSAGE},
        # crispy-forms-gds gives file inputs no GOV.UK class; add it here.
        widget=forms.FileInput(
            attrs={"class": "govuk-file-upload", "accept": f".csv,.xlsx,text/csv,{XLSX_CONTENT_TYPE}"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("file", context={"label_size": Size.for_label(Size.MEDIUM)}))
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(FILE_TYPE_MESSAGE)
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 2MB")
        return upload
