"""
Line breaks and control characters in the plan forms (issue 7, finding 6).

A round title with a line break made every later workflow email fail. Every single-line field
of every form refuses them through the form base (common.forms); multi-line fields keep line
breaks but refuse the other control characters, NUL included.
"""

import datetime

import pytest
from django.urls import reverse

from action_plans.forms import (
    ActionForm,
    CommentForm,
    ExemptionForm,
    PlanDetailsForm,
    ReviewForm,
    RoundOpenForm,
    SignOffForm,
)
from action_plans.models import PlanningRound
from toolkit.forms import curator_form_class
from toolkit.models import Behaviour

SINGLE = "must not contain line breaks or control characters"


def _form(name, plan):
    return {
        "round": lambda data: RoundOpenForm(data=data),
        "action": lambda data: ActionForm(data=data, plan=plan),
        "details": lambda data: PlanDetailsForm(data=data),
        "signoff": lambda data: SignOffForm(data=data),
        "curator": lambda data: curator_form_class(Behaviour)(data=data),
        "exemption": lambda data: ExemptionForm(data=data),
        "comment": lambda data: CommentForm(data=data, label="Why are you returning the plan?",
                                            required_message="Enter a comment", submit_label="Return"),
        "review": lambda data: ReviewForm(data=data, actions=list(plan.actions.all())),
    }[name]


@pytest.mark.parametrize("form, field, message", [
    ("round", "title", f"Round title {SINGLE}"),
    ("action", "title", f"Title {SINGLE}"),
    ("action", "reference", f"Reference {SINGLE}"),
    ("action", "owner_team", f"Owner team {SINGLE}"),
    ("action", "lead_officer", f"Lead officer {SINGLE}"),
    ("details", "lead_chief_officer", f"Lead chief officer {SINGLE}"),
    ("signoff", "name", f"Full name {SINGLE}"),
    ("signoff", "rank", f"Rank {SINGLE}"),
    ("curator", "name", f"Name {SINGLE}"),
])
@pytest.mark.parametrize("bad", ["Plans\n2026", "Plans\r\n2026", "Plans\t2026", "Plans\x00 2026", "Plans\u2028 2026"])
def test_single_line_fields_refuse_line_breaks_and_control_characters(plan_a, form, field, message, bad):
    bound = _form(form, plan_a)({field: bad})
    assert not bound.is_valid()
    assert bound.errors[field] == [message]


@pytest.mark.parametrize("form, field, message", [
    ("action", "description", "Description must not contain control characters"),
    ("details", "foreword", "Foreword must not contain control characters"),
    ("signoff", "statement", "Sign-off statement must not contain control characters"),
    ("exemption", "reason", "Your answer must not contain control characters"),
    ("comment", "comment", "Your answer must not contain control characters"),
    ("review", "comment", "Overall comment must not contain control characters"),
])
def test_multi_line_fields_keep_line_breaks_but_refuse_other_control_characters(plan_a, form, field, message):
    kept = _form(form, plan_a)({field: "First line.\r\nSecond\tline."})
    kept.is_valid()
    assert field not in kept.errors
    for bad in ("NUL\x00", "bell\x07", "escape\x1b"):
        bound = _form(form, plan_a)({field: bad})
        assert not bound.is_valid()
        assert bound.errors[field] == [message]


def test_a_round_title_with_a_line_break_is_refused_by_the_page(coordinator, framework, force_a):
    data = {"framework": framework.pk, "title": "Plans\r\n2026", "forces": [force_a.pk],
            "due_on_0": "31", "due_on_1": "3", "due_on_2": str(datetime.date.today().year + 1)}
    response = coordinator.post(reverse("action_plans:round-open"), data)
    assert response.status_code == 200
    assert f"Round title {SINGLE}" in response.content.decode()
    assert not PlanningRound.objects.exists()
