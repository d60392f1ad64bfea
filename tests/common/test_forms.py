"""The shared GOV.UK form pieces: the date input's messages and range, error-summary anchors, novalidate."""

import datetime

import pytest
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.template import Context, Template

from common.forms import BaseForm, GovukDateField, date_field, error_anchor, error_links


class DateForm(BaseForm):
    signed_on = date_field("Date of sign-off")
    start_on = date_field("Start date", required=False)


def _date(prefix: str, day="", month="", year="") -> dict:
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def _errors(data: dict) -> tuple[list[str], DateForm]:
    form = DateForm(data)
    assert not form.is_valid()
    return form.errors.get("signed_on", []), form


@pytest.mark.parametrize("parts,message,anchor", [
    (("", "", ""), "Enter the date of sign-off", "id_signed_on_0"),
    (("", "", "2024"), "Date of sign-off must include a day and month", "id_signed_on_0"),
    (("3", "", "2024"), "Date of sign-off must include a month", "id_signed_on_1"),
    (("3", "4", ""), "Date of sign-off must include a year", "id_signed_on_2"),
    (("x", "4", "2024"), "Date of sign-off must be a real date", "id_signed_on_0"),
    (("3", "²", "2024"), "Date of sign-off must be a real date", "id_signed_on_1"),
    (("31", "2", "2024"), "Date of sign-off must be a real date", "id_signed_on_0"),
    (("1", "1", "99999"), "Date of sign-off must include a year with 4 numbers, like 2027", "id_signed_on_2"),
    (("1", "1", "24"), "Date of sign-off must include a year with 4 numbers, like 2027", "id_signed_on_2"),
    (("1", "1", "1900"), "Date of sign-off must be between 1 January 2020 and 31 December 2040", "id_signed_on_0"),
    (("1", "1", "9999"), "Date of sign-off must be between 1 January 2020 and 31 December 2040", "id_signed_on_0"),
    (("1", "1", "0001"), "Date of sign-off must be between 1 January 2020 and 31 December 2040", "id_signed_on_0"),
])
def test_the_date_input_gives_govuk_messages_tied_to_the_box_with_the_problem(parts, message, anchor):
    errors, form = _errors(_date("signed_on", *parts) | _date("start_on"))
    assert errors == [message]
    assert error_anchor(form["signed_on"]) == anchor


def test_a_year_alone_is_refused_not_saved_blank():
    form = DateForm(_date("signed_on", "1", "2", "2024") | _date("start_on", year="2025"))
    assert not form.is_valid()
    assert form.errors["start_on"] == ["Start date must include a day and month"]


def test_an_optional_date_left_blank_is_none_and_month_names_are_understood():
    form = DateForm(_date("signed_on", " 7 ", "Sept", "2024") | _date("start_on"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"signed_on": datetime.date(2024, 9, 7), "start_on": None}


def test_only_the_boxes_with_the_problem_are_styled_as_errors():
    form = DateForm(_date("signed_on", "3", "4", "") | _date("start_on"))
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    year = html.split('id="id_signed_on_2"')[0].rsplit("<input", 1)[1]
    day = html.split('id="id_signed_on_0"')[0].rsplit("<input", 1)[1]
    assert "govuk-input--error" in year
    assert "govuk-input--error" not in day


class ChoiceForm(BaseForm):
    rag = forms.ChoiceField(label="RAG", choices=[("red", "Red"), ("green", "Green")], widget=forms.RadioSelect)
    forces = forms.MultipleChoiceField(label="Forces", choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label="Title")
    search = forms.CharField(label="Search", widget=forms.TextInput(attrs={"id": "own-id"}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        self.add_error(None, "Something as a whole")
        return super().clean()


def test_every_error_link_points_at_an_element_that_exists_in_the_rendered_form():
    form = ChoiceForm({})
    assert not form.is_valid()
    links = error_links(form)
    assert [anchor for anchor, _ in links] == [
        "id_rag_1", "id_rag_1", "id_forces_1", "id_title", "own-id", "id_rag_1",
    ]
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    for anchor, _ in links:
        assert f'id="{anchor}"' in html


def test_the_error_summary_component_uses_the_anchors():
    form = ChoiceForm({})
    form.is_valid()
    html = Template('{% include "components/error_summary.html" with form=form only %}').render(
        Context({"form": form})
    )
    assert 'href="#id_rag_1"' in html
    assert 'href="#id_rag"' not in html


class OwnHelperForm(forms.Form):
    name = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()


@pytest.mark.parametrize("form_class", [DateForm, ChoiceForm, OwnHelperForm])
def test_every_crispy_form_tag_has_novalidate_once(form_class):
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form_class()}))
    form_tag = html[html.index("<form"):html.index(">", html.index("<form"))]
    assert form_tag.count("novalidate") == 1


def test_the_plan_forms_use_the_shared_date_field_with_its_range():
    from action_plans.forms import ActionForm, ProgressForm, RoundOpenForm, SignOffForm

    for form_class, names in [(SignOffForm, ["signed_on"]), (ProgressForm, ["on"]),
                              (RoundOpenForm, ["due_on"]), (ActionForm, ["start_on", "target_on"])]:
        for name in names:
            field = form_class.base_fields[name]
            assert isinstance(field, GovukDateField), (form_class, name)
            assert (field.min_date, field.max_date) == (datetime.date(2020, 1, 1), datetime.date(2040, 12, 31))


def test_sign_off_refuses_a_future_date_in_govuk_words_and_offers_autocomplete():
    from action_plans.forms import SignOffForm

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    form = SignOffForm({"name": "A", "rank": "B", "statement": "C",
                        **_date("signed_on", tomorrow.day, tomorrow.month, tomorrow.year)})
    assert form.errors["signed_on"] == ["Date of sign-off must be today or in the past"]
    assert form.fields["name"].widget.attrs["autocomplete"] == "name"
    assert form.fields["rank"].widget.attrs["autocomplete"] == "organization-title"
