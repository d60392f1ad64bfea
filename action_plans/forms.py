"""GOV.UK forms for action plans. They validate and normalise; the views pass cleaned_data to services."""

import datetime
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Submit
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import Force
from common.forms import BaseForm, date_field
from common.validators import TEXT_MAX_LENGTH
from frameworks.models import Framework, FrameworkAction, Outcome, Pillar
from toolkit.models import Tactic

from .models import ActionPlan, LocalAction, PlanningRound
from .selectors import ACTION_SORTS, PLAN_SORTS, ActionFilters, PlanListFilters
from .services import ProgressEntry


def progress_field(*, label: str = "Progress (%)", subject: str = "Progress", widget=None,
                   **kwargs) -> forms.IntegerField:
    """A 0-100 whole-number field with the GOV.UK messages; `subject` begins each message ("Progress of P1-01")."""
    # Django %-formats the min and max messages with the limit: a "%" of ours must be doubled.
    limit_subject = subject.replace("%", "%%")
    return forms.IntegerField(
        label=label, min_value=0, max_value=100, widget=widget or forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": f"{subject} must be a whole number from 0 to 100",
                        "min_value": f"{limit_subject} must be 0 or more",
                        "max_value": f"{limit_subject} must be 100 or less"},
        **kwargs,
    )


class RoundOpenForm(BaseForm):
    """A coordinator opens a planning round. Forces default to the 43 territorial forces and BTP."""

    framework = forms.ModelChoiceField(
        queryset=Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-published_on"),
        label="Framework", empty_label=None,
    )
    title = forms.CharField(label="Round title", max_length=200, help_text="For example, Local action plans 2022")
    due_on = date_field("Due date")
    forces = forms.ModelMultipleChoiceField(
        queryset=Force.objects.order_by("name"), label="Forces in scope", widget=forms.CheckboxSelectMultiple,
    )
    previous_round = forms.ModelChoiceField(
        queryset=PlanningRound.objects.select_related("framework"), required=False, label="Previous round",
        help_text="Forces may start from their approved plan in this round.",
    )
    required_messages = {
        "framework": "Select a framework",
        "title": "Enter the round title",
        "forces": "Select at least one force",
    }
    submit_label = "Open round"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["forces"] = list(
                Force.objects.filter(
                    Q(kind=Force.Kind.TERRITORIAL) | Q(name__icontains="British Transport")
                ).values_list("pk", flat=True)
            )
        self.helper.layout = Layout(
            Field.select("framework"), Field.text("title"), Field("due_on"), Field.checkboxes("forces", small=True),
            Field.select("previous_round"),
        )


class ActionForm(BaseForm):
    """Add or edit a local action. `lock_version` carries the version the editor opened."""

    reference = forms.CharField(
        label="Reference", max_length=20,
        help_text="For example, P2-04. A new action starts with the next free number for its pillar filled in.",
    )
    title = forms.CharField(
        label="Title", max_length=200,
        help_text="Say what the force will do, starting with a verb, in a short sentence. For example, "
                  "Use domestic abuse protection orders in every eligible case.",
    )
    description = forms.CharField(
        label="Description", required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    pillar = forms.ModelChoiceField(queryset=Pillar.objects.none(), label="Pillar", empty_label="Choose a pillar")
    outcome = forms.ModelChoiceField(queryset=Outcome.objects.none(), label="Outcome (optional)", required=False)
    # Rendered by templates/action_plans/includes/action_framework_actions.html: a fieldset per
    # pillar with its outcomes, and with htmx the chosen pillar's actions first (the others folded
    # away, still in the form so nothing ticked is lost).
    framework_actions = forms.ModelMultipleChoiceField(
        queryset=FrameworkAction.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Framework actions this addresses",
        help_text="Grouped by pillar and outcome. Tick every framework action the action helps to deliver.",
    )
    # The action's tools are two fields on one fieldset (templates/action_plans/includes/action_tools.html):
    # `tools`, a checkbox for each tool the action already uses (untick to remove), and `tools_add`,
    # a list of every other tool grouped by kind. One checkbox per tool made the edit page 458 KB at
    # national scale; a grouped list costs a tenth of that. clean() joins them back into `tools`.
    tools = forms.ModelMultipleChoiceField(
        queryset=Tactic.objects.order_by("kind", "name"), required=False, widget=forms.CheckboxSelectMultiple,
        label="Toolkit tools this action uses", help_text="Orders, notices and schemes from the VAWG toolkit.",
    )
    tools_add = forms.TypedMultipleChoiceField(
        coerce=int, required=False, label="Add tools", widget=forms.SelectMultiple,
        help_text="Grouped by kind. To choose more than one, hold Ctrl (Cmd on a Mac) as you select.",
        error_messages={"invalid_choice": "Select tools from the list"},
    )
    owner_team = forms.CharField(label="Owner team", max_length=150, required=False)
    lead_officer = forms.CharField(label="Lead officer", max_length=150, required=False)
    partners = forms.CharField(
        label="Partners", required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    start_on = date_field("Start date", required=False)
    target_on = date_field("Target date", required=False)
    status = forms.ChoiceField(label="Status", choices=LocalAction.Status.choices, widget=forms.RadioSelect)
    rag = forms.ChoiceField(
        label="RAG status", choices=LocalAction.Rag.choices, required=False, widget=forms.RadioSelect,
        help_text="Green: on track. Amber: at risk, with a plan to recover. Red: off track and needs help. "
                  "Leave it not rated until the work starts.",
    )
    progress = progress_field()
    success_measure = forms.CharField(
        label="Success measure", required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How you will know the action worked: a number, a date or a change people can see. For example, "
                  "an order applied for in 9 of 10 eligible cases by March 2027.",
    )
    priority = forms.ChoiceField(label="Priority", choices=LocalAction.Priority.choices, widget=forms.RadioSelect)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    required_messages = {
        "reference": "Enter the action reference",
        "title": "Enter the action title",
        "pillar": "Select a pillar",
        "status": "Select the status",
        "progress": "Enter the progress, from 0 to 100",
        "priority": "Select the priority",
    }
    submit_label = "Save action"

    def __init__(self, *args, plan: ActionPlan, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        framework_id = plan.round.framework_id
        self.fields["pillar"].queryset = Pillar.objects.filter(framework_id=framework_id).order_by("position", "code")
        self.fields["outcome"].queryset = Outcome.objects.filter(pillar__framework_id=framework_id).select_related(
            "pillar").order_by("pillar__position", "position", "code")
        self.fields["outcome"].label_from_instance = lambda o: f"{o.code} {o.title}"
        self.fields["pillar"].label_from_instance = lambda p: f"{p.code} {p.title}"
        self.fields["framework_actions"].queryset = framework_actions_expected(plan)
        self.fields["framework_actions"].label_from_instance = lambda fa: f"{fa.code} {fa.text}"
        self._plan = plan
        # With htmx, choosing a pillar asks for the framework actions again, that pillar's first;
        # the ticked ones go with the request so they stay ticked. On the add form the reference
        # goes too: while it is still a suggestion, the answer swaps in the new pillar's (out of band).
        self.fields["pillar"].widget.attrs.update({
            "hx-get": reverse("action_plans:action-framework-actions", args=[plan.pk]),
            "hx-trigger": "change", "hx-target": "#div_id_framework_actions", "hx-swap": "outerHTML",
            "hx-include": "[name='framework_actions'], [name='reference']" if adding else "[name='framework_actions']",
        })
        self._tool_rows = list(Tactic.objects.order_by("kind", "name").values_list("pk", "name", "kind"))
        kinds = dict(Tactic.Kind.choices)
        groups: dict[str, list[tuple[int, str]]] = {}
        for pk, name, kind in self._tool_rows:
            groups.setdefault(kinds.get(kind, kind), []).append((pk, name))
        self.fields["tools_add"].choices = list(groups.items())
        self.initial.setdefault("status", LocalAction.Status.NOT_STARTED)
        self.initial.setdefault("priority", LocalAction.Priority.MEDIUM)
        self.initial.setdefault("progress", 0)
        self.helper.layout = Layout(
            Field.text("reference", field_width=10), Field.text("title"), Field.textarea("description", rows=4),
            Field.select("pillar"), Field.select("outcome"),
            HTML('{% include "action_plans/includes/action_framework_actions.html" '
                 'with fas=form.framework_action_choices %}'),
            HTML('{% include "action_plans/includes/action_tools.html" with tools=form.tool_choices %}'),
            Field.text("owner_team", field_width=20), Field.text("lead_officer", field_width=20),
            Field.textarea("partners", rows=2), Field("start_on"), Field("target_on"),
            Field.radios("status", inline=True, small=True), Field.radios("rag", inline=True, small=True),
            Field.text("progress", field_width=3), Field.textarea("success_measure", rows=3),
            Field.radios("priority", inline=True, small=True), "lock_version",
        )
        if adding:
            self.helper.add_input(Submit("add_another", "Save and add another", css_class="govuk-button--secondary"))

    def framework_action_choices(self) -> dict:
        """What the framework actions fieldset shows: every pillar's, each ticked one ticked."""
        field = self["framework_actions"]
        ticked = {str(v.pk if hasattr(v, "pk") else v) for v in (field.value() or [])}
        return framework_action_groups(self._plan, ticked=ticked, field=field)

    def tool_choices(self) -> dict:
        """
        What the tools fieldset shows: a ticked checkbox for each tool kept, and every other tool
        by kind for the "Add tools" list (chosen ones stay selected when the form comes back).
        """
        field = self["tools"]
        current = {str(v.pk if hasattr(v, "pk") else v) for v in (self.initial.get("tools") or [])}
        ticked = {str(v) for v in (field.value() or [])} if self.is_bound else current
        shown = current | ticked
        added = {str(v) for v in (self["tools_add"].value() or [])}
        kept = [(pk, name, str(pk) in ticked) for pk, name, _ in self._tool_rows if str(pk) in shown]
        groups = [
            (kind, [(pk, name, str(pk) in added) for pk, name in choices if str(pk) not in shown])
            for kind, choices in self.fields["tools_add"].choices
        ]
        return {
            "field": field, "add": self["tools_add"], "kept": kept,
            "groups": [(kind, options) for kind, options in groups if options],
        }

    def clean(self):
        data = super().clean()
        added = Tactic.objects.filter(pk__in=data.pop("tools_add", None) or [])
        data["tools"] = list({tool.pk: tool for tool in [*data.get("tools", []), *added]}.values())
        pillar, outcome = data.get("pillar"), data.get("outcome")
        if pillar and outcome and outcome.pillar_id != pillar.pk:
            self.add_error("outcome", f"Choose an outcome of pillar {pillar.code}")
        start, target = data.get("start_on"), data.get("target_on")
        if start and target and target < start:
            self.add_error("target_on", "The target date must be the same as or after the start date")
        return data

    def service_fields(self) -> dict:
        """The cleaned values the action services take (all but framework_actions, tools and lock_version)."""
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        data.pop("framework_actions", None)
        data.pop("tools", None)
        data["rag"] = data.get("rag") or ""
        return data


def framework_actions_expected(plan: ActionPlan):
    """The framework actions a local action of this plan may address, in the framework's order."""
    return FrameworkAction.objects.filter(
        framework_id=plan.round.framework_id, audience=FrameworkAction.Audience.FORCES
    ).order_by("outcome__pillar__position", "outcome__position", "position", "code")


def framework_action_groups(plan: ActionPlan, *, ticked: set[str], field=None, first_pillar: int | None = None) -> dict:
    """
    The framework actions as the action form shows them: by pillar, then outcome.

    Each checkbox keeps its number in the framework's order (`id_framework_actions_<n>`, as the
    error summary links to the first), whichever pillar comes first. With `first_pillar` (the
    htmx answer to choosing a pillar) that pillar is `chosen` and the others are `others`;
    otherwise every pillar is in `chosen`, each in its own fieldset.
    """
    pillars: dict[int, dict] = {}
    rows = framework_actions_expected(plan).select_related("outcome__pillar")
    for number, fa in enumerate(rows, start=1):
        outcome = fa.outcome
        pillar = pillars.setdefault(outcome.pillar_id, {"pillar": outcome.pillar, "outcomes": {}})
        group = pillar["outcomes"].setdefault(outcome.pk, {"outcome": outcome, "actions": []})
        group["actions"].append({"number": number, "pk": fa.pk, "label": f"{fa.code} {fa.text}",
                                 "checked": str(fa.pk) in ticked})
    groups = [{"pillar": p["pillar"], "outcomes": list(p["outcomes"].values())} for p in pillars.values()]
    if first_pillar is not None and first_pillar in pillars:
        chosen = [g for g in groups if g["pillar"].pk == first_pillar]
        others = [g for g in groups if g["pillar"].pk != first_pillar]
    else:
        chosen, others = groups, []
    return {"field": field, "chosen": chosen, "others": others,
            "others_ticked": sum(1 for g in others for o in g["outcomes"] for a in o["actions"] if a["checked"])}


class ConfirmForm(BaseForm):
    """A form with only a button: sending on, submitting, deleting, starting a revision."""

    def __init__(self, *args, submit_label: str = "Continue", primary: bool = True, **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        if not primary:
            # The step cannot succeed yet (the page says why): its button is not the primary one.
            self.helper.inputs = [Submit("submit", submit_label, css_class="govuk-button--secondary")]


class PlanDetailsForm(BaseForm):
    lead_chief_officer = forms.CharField(label="Lead chief officer", max_length=150)
    foreword = forms.CharField(label="Foreword", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    required_messages = {"lead_chief_officer": "Enter the name of the lead chief officer"}
    submit_label = "Save details"


class ExemptionForm(BaseForm):
    reason = forms.CharField(
        label="Why does this action not apply to your force?", widget=forms.Textarea(attrs={"rows": 4}),
    )
    required_messages = {"reason": "Enter why the action does not apply to your force"}
    submit_label = "Mark not applicable"


class SignOffForm(BaseForm):
    # autocomplete tokens let browsers and assistive tools fill in the signer's details (WCAG 1.3.5).
    name = forms.CharField(label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    rank = forms.CharField(
        label="Rank", max_length=100, help_text="For example, Deputy Chief Constable",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    signed_on = date_field("Date of sign-off")
    statement = forms.CharField(
        label="Sign-off statement", widget=forms.Textarea(attrs={"rows": 4}),
        initial="I have read this plan and approve it on behalf of the force.",
    )
    required_messages = {
        "name": "Enter your full name",
        "rank": "Enter your rank",
        "statement": "Enter the sign-off statement",
    }
    submit_label = "Sign off plan"

    def clean_signed_on(self) -> datetime.date:
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Date of sign-off must be today or in the past")
        return value


class CommentForm(BaseForm):
    """One required comment: sending back, answering a review comment."""

    comment = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, label: str, required_message: str, submit_label: str, **kwargs):
        self.required_messages = {"comment": required_message}
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = label


class ReviewForm(BaseForm):
    """
    The national review: an overall comment, an optional comment per action, and the decision.

    The button pressed decides: "Return to force" needs the overall comment; "Approve plan" may
    have one, and needs the box that confirms the approval ticked, so one click cannot approve a
    plan by mistake (this works without JavaScript). The per-action comment boxes are drawn by
    templates/action_plans/includes/review_action.html beside each action's details, so their
    labels, which name the force's own reference, are escaped by the template; crispy-forms-gds
    draws only the overall comment, the confirmation and the buttons.
    """

    comment = forms.CharField(
        label="Overall comment", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required when you return the plan. When you approve it, the comment shows on the approved plan.",
    )
    confirm_approval = forms.BooleanField(
        label="I have reviewed the plan and confirm it is approved", required=False,
        help_text="Needed only to approve. Approving makes the plan read-only and open to every force.",
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.approving = self.is_bound and "approve" in self.data
        self.action_fields: list[tuple[LocalAction, str]] = []
        for action in actions:
            name = f"action_{action.pk}"
            self.fields[name] = forms.CharField(
                label=f"Comment on {action.reference}", required=False, widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.action_fields.append((action, name))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("approve", "Approve plan"))
        self.helper.add_input(Submit("return", "Return to force", css_class="govuk-button--secondary"))
        self.helper.layout = Layout(
            Field.textarea("comment", rows=5), Field.checkbox("confirm_approval", small=True),
        )

    def clean(self):
        data = super().clean()
        if self.approving and not data.get("confirm_approval"):
            self.add_error("confirm_approval", "Confirm that you have reviewed the plan and approve it")
        if not self.approving and "comment" in data and not data["comment"].strip():
            self.add_error("comment", "Enter an overall comment for the force")
        return data

    def bound_action_fields(self) -> list[tuple[LocalAction, forms.BoundField]]:
        """Each action with its comment box, for the template to draw beside the action's details."""
        return [(action, self[name]) for action, name in self.action_fields]

    def action_comments(self) -> dict[int, str]:
        return {action.pk: self.cleaned_data.get(name, "") for action, name in self.action_fields}


class _UpdateDateMixin:
    """The date of a progress update: today or in the past (the service refuses a later one too)."""

    def clean_on(self) -> datetime.date:
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Date of update must be today or in the past")
        return value


class ProgressForm(_UpdateDateMixin, BaseForm):
    on = date_field("Date of update")
    narrative = forms.CharField(
        label="What has happened since the last update?", widget=forms.Textarea(attrs={"rows": 5})
    )
    rag = forms.ChoiceField(label="RAG status", choices=LocalAction.Rag.choices[1:], widget=forms.RadioSelect)
    progress = progress_field()
    required_messages = {
        "narrative": "Enter what has happened since the last update",
        "rag": "Select the RAG status",
        "progress": "Enter the progress, from 0 to 100",
    }
    submit_label = "Post update"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("on"), Field.textarea("narrative", rows=5), Field.radios("rag", inline=True),
            Field.text("progress", field_width=3),
        )


_RAG_VALUES = frozenset(value for value, _ in LocalAction.Rag.choices)


def _rag_validator(reference: str):
    def validate(value: str) -> None:
        if value not in _RAG_VALUES:
            message = f"The RAG status of {reference} must be red, amber, green or not rated"
            raise forms.ValidationError(message, code="invalid_choice")

    return validate


@dataclass
class GridRow:
    """One action of the progress grid and its three bound fields."""

    action: LocalAction
    rag: forms.BoundField
    progress: forms.BoundField
    comment: forms.BoundField

    @property
    def has_errors(self) -> bool:
        return bool(self.rag.errors or self.progress.errors or self.comment.errors)


class ProgressGridForm(_UpdateDateMixin, BaseForm):
    """
    A quarter's progress for every action of a plan, in one form: per action, the RAG status,
    % complete and a comment. A row whose values are unchanged and whose comment is empty records
    nothing; a changed row needs a comment and a RAG rating, as a single update does.

    Labels are our own words only; the action's reference is added beside them in the template
    (escaped) and named in each error message, so the error summary says which row is wrong.
    """

    on = date_field("Date of update",
                    help_text="Every update saved from this page has this date. For example, 31 3 2027")
    rag_choices = LocalAction.Rag.choices
    required_messages = {"on": "Enter the date of the update"}
    submit_label = "Save progress"

    def __init__(self, *args, actions: list[LocalAction], **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())
        self.rows: list[GridRow] = []
        for action in actions:
            ref = action.reference
            # A CharField checked against the choices, not a ChoiceField: the template draws the
            # select from `rag_choices`, and 150 ChoiceFields normalising their choices cost a
            # fifth of the page's time.
            self.fields[f"rag_{action.pk}"] = forms.CharField(
                label="RAG status", required=False, validators=[_rag_validator(ref)],
            )
            # Widget classes, not instances (which each field would deep-copy): the template
            # draws these controls itself.
            self.fields[f"progress_{action.pk}"] = progress_field(
                label="% complete", subject=f"% complete of {ref}", widget=forms.TextInput,
            )
            self.fields[f"progress_{action.pk}"].error_messages["required"] = (
                f"Enter the % complete of {ref}, from 0 to 100")
            self.fields[f"comment_{action.pk}"] = forms.CharField(
                label="Comment", required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea,
                error_messages={"max_length": f"The comment on {ref} must be {TEXT_MAX_LENGTH:,} characters or fewer"},
            )
            self.initial.setdefault(f"rag_{action.pk}", action.rag)
            self.initial.setdefault(f"progress_{action.pk}", action.progress)
            self.rows.append(GridRow(action, self[f"rag_{action.pk}"], self[f"progress_{action.pk}"],
                                     self[f"comment_{action.pk}"]))

    def _changed(self, action: LocalAction) -> bool:
        data = self.cleaned_data
        progress = data.get(f"progress_{action.pk}")
        return (
            (data.get(f"rag_{action.pk}") or "") != action.rag
            or (progress is not None and progress != action.progress)
            or bool((data.get(f"comment_{action.pk}") or "").strip())
        )

    def clean(self):
        data = super().clean()
        for row in self.rows:
            action, pk = row.action, row.action.pk
            if row.progress.name not in data or not self._changed(action):
                continue
            if not (data.get(f"comment_{pk}") or "").strip():
                self.add_error(f"comment_{pk}", f"Enter a comment on {action.reference}: what has happened since "
                                                "the last update")
            if not data.get(f"rag_{pk}"):
                self.add_error(f"rag_{pk}", f"Select the RAG status of {action.reference}")
        return data

    def entries(self) -> list[ProgressEntry]:
        """The rows that changed, as the service takes them (unchanged rows record nothing)."""
        data = self.cleaned_data
        return [
            ProgressEntry(action_id=pk, rag=data[f"rag_{pk}"], progress=data[f"progress_{pk}"],
                          narrative=data[f"comment_{pk}"].strip())
            for pk in (row.action.pk for row in self.rows if self._changed(row.action))
        ]

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if row.has_errors)


class LinkActionForm(BaseForm):
    """Choose one of the plan's existing actions to also address a framework action (closing a gap)."""

    action = forms.ModelChoiceField(
        queryset=LocalAction.objects.none(), label="Which of your plan's actions also addresses it?",
        empty_label="Choose an action",
        help_text="The action keeps the framework actions it already addresses.",
    )
    required_messages = {"action": "Choose the action that also addresses this framework action"}
    submit_label = "Link action"

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = plan.actions.order_by("reference").only("pk", "reference", "title")
        self.fields["action"].label_from_instance = lambda a: f"{a.reference} {a.title}"
        self.fields["action"].error_messages["invalid_choice"] = "Choose an action of this plan"
        self.helper.layout = Layout(Field.select("action"))


class ActionFilterForm(forms.Form):
    """The plan page's GET filters. Invalid values are dropped rather than refused."""

    pillar = forms.ModelChoiceField(queryset=Pillar.objects.none(), required=False, empty_label="All pillars")
    # Choices from one list of the framework's outcomes (no second query to validate the value).
    outcome = forms.TypedChoiceField(label="Framework outcome", required=False, coerce=int, empty_value=None)
    rag = forms.ChoiceField(
        label="RAG status", required=False, choices=[("", "Any"), *LocalAction.Rag.choices[1:], ("none", "Not rated")]
    )
    owner = forms.ChoiceField(label="Owner team", required=False)
    overdue = forms.BooleanField(label="Only overdue actions", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=[(k, v[0]) for k, v in ACTION_SORTS.items()])

    def __init__(self, *args, pillars, owners: list[str], outcomes: list[Outcome] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = pillars
        self.fields["pillar"].label_from_instance = lambda p: f"{p.code} {p.title}"
        self.fields["outcome"].choices = [("", "All outcomes"),
                                          *[(o.pk, Truncator(f"{o.code} {o.title}").chars(60)) for o in outcomes]]
        self.fields["owner"].choices = [("", "Any"), *[(o, o) for o in owners]]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("pillar"), Field.select("outcome"), Field.select("rag"), Field.select("owner"),
            Field.checkbox("overdue", small=True),
            Field.select("sort"),
        )
        self.helper.add_input(Submit("apply", "Apply filters", css_class="govuk-button--secondary"))

    def filters(self) -> ActionFilters:
        if not self.is_valid():
            return ActionFilters()
        data = self.cleaned_data
        rag = data.get("rag") or None
        return ActionFilters(
            pillar=data["pillar"].pk if data.get("pillar") else None,
            outcome=data.get("outcome"),
            rag="" if rag == "none" else rag,
            owner=data.get("owner") or None,
            overdue=bool(data.get("overdue")),
            sort=data.get("sort") or "reference",
        )


class PlanFilterForm(forms.Form):
    """The plans list's GET filters and sort. Invalid values are dropped rather than refused."""

    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *ActionPlan.Status.choices])
    region = forms.ChoiceField(label="Region", required=False)
    late = forms.BooleanField(label="Only late plans (overdue, or submitted late)", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=list(PLAN_SORTS.items()))

    def __init__(self, *args, regions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Any region"), *[(r, r) for r in regions]]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("status"), Field.select("region"), Field.checkbox("late", small=True), Field.select("sort"),
        )
        self.helper.add_input(Submit("apply", "Apply filters", css_class="govuk-button--secondary"))

    def filters(self) -> PlanListFilters:
        if not self.is_bound:
            return PlanListFilters()
        if not self.is_valid():
            # Keep the valid parts: a stale region in a bookmarked link should not drop the sort.
            data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        else:
            data = self.cleaned_data
        return PlanListFilters(
            status=data.get("status") or None, region=data.get("region") or None,
            late=bool(data.get("late")), sort=data.get("sort") or "force",
        )
