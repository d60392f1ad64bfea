"""Base forms for GOV.UK-styled forms rendered by crispy-forms-gds."""

import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.utils import pretty_name
from django.forms.widgets import Input
from django.utils.dateformat import format as format_date

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
        _set_novalidate(self.helper)
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


# Validation: the service's, never the browser's ---------------------------------------------------
def _set_novalidate(helper: FormHelper) -> None:
    """
    Turn off the browser's own validation, so the GOV.UK error summary and "Error:" title are seen.

    Django renders `required` and `maxlength` on inputs; without `novalidate` Chromium stops the
    submission with its own tooltip. templates/gds/whole_uni_form.html adds the attribute to every
    crispy form too, including forms that build their own FormHelper.
    """
    helper.attrs = {**helper.attrs, "novalidate": ""}


# Error-summary links ------------------------------------------------------------------------------
def error_anchor(bound_field: forms.BoundField) -> str:
    """
    The id of the focusable element an error-summary link for this field must point at.

    Radios and checkboxes: crispy-forms-gds names each choice `id_<html_name>_<n>`, counting from 1,
    and no element carries the field's own id, so the link goes to the first choice. A date input
    (any MultiWidget): the first box with a problem (`<id>_0` is the day), as GOV.UK asks. Anything
    else: the id its label points at (a widget may carry its own id, as the toolkit search does).
    """
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        parts = getattr(bound_field.field, "fields", ())
        index = next((i for i, part in enumerate(parts) if getattr(part.widget, "errors", None)), 0)
        return f"{bound_field.auto_id}_{index}"
    return bound_field.id_for_label or bound_field.auto_id


def error_links(form: forms.BaseForm) -> list[tuple[str, str]]:
    """
    (anchor, message) for each error of a bound form, in page order, for the GOV.UK error summary.

    Errors not tied to a visible field (the form's own, or a hidden field's) link to the first
    visible field, or to the main content when the form has none.
    """
    visible = form.visible_fields()
    first = error_anchor(visible[0]) if visible else "main-content"
    links = [(first, str(message)) for message in form.non_field_errors()]
    for field in form:
        anchor = first if field.is_hidden else error_anchor(field)
        links.extend((anchor, str(message)) for message in field.errors)
    return links


# Dates --------------------------------------------------------------------------------------------
# A plan, an action or an update outside these years is a typing mistake (2202, 1900, 9999).
DATE_MIN = datetime.date(2020, 1, 1)
DATE_MAX = datetime.date(2040, 12, 31)

_PARTS = ("day", "month", "year")
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}


def _long_date(value: datetime.date) -> str:
    return format_date(value, "j F Y")


class GovukDateField(DateInputField):
    """
    A GOV.UK date input (day, month, year boxes) with the Design System's error messages.

    "Enter the date of sign-off"; "Date of sign-off must include a year"; "… must be a real date";
    "… must be between 1 January 2020 and 31 December 2040". Each message is tied to the box with
    the problem (crispy-forms-gds reads `widget.errors` on the part fields to style and describe
    each box, and error_anchor() to link the summary to the first of them); a date that is wrong
    as a whole marks no box, so every box is styled and the link goes to the day.
    """

    def __init__(
        self,
        *,
        label: str,
        required: bool = True,
        help_text: str = "For example, 31 3 2027",
        min_date: datetime.date = DATE_MIN,
        max_date: datetime.date = DATE_MAX,
        **kwargs,
    ):
        super().__init__(label=label, required=required, help_text=help_text, **kwargs)
        self.min_date, self.max_date = min_date, max_date
        self.subject = label[:1].upper() + label[1:]
        self.error_messages["required"] = f"Enter the {label[:1].lower()}{label[1:]}"

    def clean(self, value):
        if self.disabled and not isinstance(value, list):
            value = self.widget.decompress(value)
        for part in self.fields:
            part.widget.errors = []
        texts = [str(v).strip() if v is not None else "" for v in list(value or [])[:3]]
        texts += [""] * (3 - len(texts))
        if not any(texts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [name for name, text in zip(_PARTS, texts, strict=True) if not text]
        if missing:
            self._fail(f"{self.subject} must include a {' and '.join(missing)}", "incomplete", missing)
        day_text, month_text, year_text = texts
        wrong = []
        if not re.fullmatch(r"[0-9]{1,2}", day_text):
            wrong.append("day")
        month = int(month_text) if re.fullmatch(r"[0-9]{1,2}", month_text) else _MONTH_NAMES.get(month_text.lower())
        if month is None:
            wrong.append("month")
        if not re.fullmatch(r"[0-9]+", year_text):
            wrong.append("year")
        if wrong:
            self._fail(f"{self.subject} must be a real date", "invalid", wrong)
        if len(year_text) != 4:
            self._fail(f"{self.subject} must include a year with 4 numbers, like 2027", "invalid_year", ["year"])
        try:
            date = datetime.date(int(year_text), month, int(day_text))
        except ValueError:
            self._fail(f"{self.subject} must be a real date", "invalid", [])
        if not self.min_date <= date <= self.max_date:
            self._fail(
                f"{self.subject} must be between {_long_date(self.min_date)} and {_long_date(self.max_date)}",
                "out_of_range", [],
            )
        self.validate(date)
        self.run_validators(date)
        return date

    def _fail(self, message: str, code: str, parts: list[str]):
        """Raise one error, noting it on the boxes it concerns (none: the date as a whole)."""
        for name in parts:
            self.fields[_PARTS.index(name)].widget.errors = [message]
        raise ValidationError(message, code=code)


def date_field(label: str, *, required: bool = True, **kwargs) -> GovukDateField:
    """A GOV.UK date input for a form; see GovukDateField for the messages and the allowed range."""
    return GovukDateField(label=label, required=required, **kwargs)
