"""
Pages for action plans: short function views that fetch through `get_plan_for_user`, bind a
form, call one service and redirect (POST/redirect/GET), or render.

Refusals have one shape: a plan the user may not know exists is a 404; a plan they can see but
not change is a 403; a rule of the workflow (wrong state, gaps, stale edit) is a DomainError shown
in the GOV.UK error summary, with nothing changed.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from common.errors import DomainError
from frameworks.models import FrameworkAction, Pillar

from . import selectors, services
from .forms import (
    ActionFilterForm,
    ActionForm,
    CommentForm,
    ConfirmForm,
    ExemptionForm,
    LinkActionForm,
    PlanDetailsForm,
    PlanFilterForm,
    ProgressForm,
    ProgressGridForm,
    ReviewForm,
    RoundOpenForm,
    SignOffForm,
    framework_action_groups,
)
from .models import ActionPlan, LocalAction, ReviewComment

NEEDS_UPDATE_PAGE_SIZE = 50
PLAN_LIST_PAGE_SIZE = 25

VIEW = "action_plans.view_plan"
CHANGE = "action_plans.change_plan"
SIGN_OFF = "action_plans.sign_off_plan"
REVIEW = "action_plans.review_plan"
PROGRESS = "action_plans.post_progress"

# What each confirmation page says after a workflow step.
CONFIRMATIONS = {
    "sent-for-signoff": ("Plan sent for sign-off", "Your chief officer has been asked to sign off the plan."),
    "signed-off": ("Plan signed off", "The plan can now be submitted for national review."),
    "sent-back": ("Plan sent back", "The plan is a draft again, with your comment."),
    "submitted": ("Plan submitted", "The national team will review the plan."),
    "returned": ("Plan returned to the force", "The force must answer your comments before sending it on."),
    "approved": ("Plan approved", "The plan is now read-only and open to every force."),
    "revision-started": ("Revision started", "The approved plan stays in force until this revision is approved."),
}


def get_plan_for_user(request, pk: int, perm: str = VIEW) -> ActionPlan:
    """
    The plan, if the user may know it exists (else 404) and holds `perm` on it (else 403).

    The access helper of every plan page (the spreadsheet pages too). Permissions only: a rule
    of the plan's state is the service's DomainError, shown on the page.
    """
    try:
        plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    except ActionPlan.DoesNotExist as exc:
        raise Http404("No plan found") from exc
    if not request.user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def _get_action(plan: ActionPlan, pk: int) -> LocalAction:
    try:
        return selectors.action_get(plan=plan, pk=pk)
    except LocalAction.DoesNotExist as exc:
        raise Http404("No action found") from exc


def _crumbs(plan: ActionPlan, *rest) -> list:
    return [
        ("Home", reverse("home")),
        ("Action plans", reverse("action_plans:list")),
        (plan.force.name, reverse("action_plans:plan-detail", args=[plan.pk]) if rest else None),
        *rest,
    ]


def _action_crumb(plan: ActionPlan, action: LocalAction) -> tuple[str, str]:
    return (action.reference, reverse("action_plans:action-detail", args=[plan.pk, action.pk]))


def _shown(value) -> str:
    return "" if value is None else str(value)


def _plan_url(plan: ActionPlan) -> str:
    return reverse("action_plans:plan-detail", args=[plan.pk])


def _posted(request):
    """The POST data to bind a form to, or None on GET (an empty POST must still be validated)."""
    return request.POST if request.method == "POST" else None


def _can(request, perm: str, plan: ActionPlan) -> bool:
    return request.user.has_perm(perm, plan)


@login_required
def plan_list(request):
    """Every plan the user may see, own force first; filters and sort in the query string (a GET form)."""
    if not request.user.has_perm("action_plans.list_plans"):
        raise PermissionDenied
    form = PlanFilterForm(request.GET or None, regions=selectors.force_regions())
    groups = selectors.plan_groups_for_user(user=request.user, filters=form.filters())
    page = Paginator(groups, PLAN_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "action_plans/plan_list.html", {
        "page_title": "Action plans",
        "form": form,
        "page": page,
        "groups": page.object_list,
        "filtered": any(request.GET.get(name) for name in ("status", "region", "late")),
        "query": _query_without_page(request),
        "can_open_round": request.user.has_perm("action_plans.open_round"),
        "breadcrumbs": [("Home", reverse("home")), ("Action plans", None)],
    })


def _query_without_page(request) -> str:
    """The query string without ?page, so pagination links keep the filters and sort."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def round_open(request):
    if not request.user.has_perm("action_plans.open_round"):
        raise PermissionDenied
    form = RoundOpenForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            planning_round = services.round_open(opened_by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{planning_round.title} opened: {planning_round.forces.count()} draft plans")
            return redirect("action_plans:list")
    return render(request, "action_plans/round_form.html", {
        "page_title": "Open a planning round", "form": form,
        "breadcrumbs": [("Home", reverse("home")), ("Action plans", reverse("action_plans:list")),
                        ("Open a round", None)],
    })


@login_required
def plan_detail(request, pk: int):
    """The plan overview: a task list by pillar with coverage, gaps, comments and next steps."""
    plan = get_plan_for_user(request, pk)
    coverage = selectors.plan_coverage(plan=plan)
    return render(request, "action_plans/plan_detail.html", {
        "page_title": f"{plan.force.name}: {plan.round.title}",
        "plan": plan,
        "status": selectors.plan_status(plan=plan),
        "next_step": selectors.plan_next_step(plan=plan, user=request.user, coverage=coverage),
        "coverage": coverage,
        "comments": selectors.plan_comments_linked(plan=plan),
        "approval": selectors.plan_approval(plan=plan),
        "last_return": selectors.plan_last_return(plan=plan),
        "revisions": selectors.plan_revisions(user=request.user, plan=plan),
        "previous_plan": services.previous_plan_for(plan) if plan.is_editable else None,
        "can_change": _can(request, CHANGE, plan),
        "can_sign_off": _can(request, SIGN_OFF, plan),
        "can_review": _can(request, REVIEW, plan),
        "breadcrumbs": _crumbs(plan),
    })


@login_required
def plan_actions(request, pk: int):
    """The plan's actions with filters and sorting (a GET form that works without JavaScript)."""
    plan = get_plan_for_user(request, pk)
    pillars = Pillar.objects.filter(framework_id=plan.round.framework_id).order_by("position", "code")
    outcomes = selectors.framework_outcomes(framework_id=plan.round.framework_id)
    form = ActionFilterForm(request.GET or None, pillars=pillars, outcomes=outcomes,
                            owners=selectors.plan_owner_teams(plan=plan))
    actions = selectors.plan_actions(plan=plan, filters=form.filters())
    return render(request, "action_plans/plan_actions.html", {
        "page_title": f"Actions: {plan.force.name}",
        "plan": plan,
        "form": form,
        "actions": actions,
        "can_change": _can(request, CHANGE, plan),
        "breadcrumbs": _crumbs(plan, ("Actions", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_details_edit(request, pk: int):
    plan = get_plan_for_user(request, pk, CHANGE)
    form = PlanDetailsForm(_posted(request), initial={
        "lead_chief_officer": plan.lead_chief_officer, "foreword": plan.foreword,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update_details(plan=plan, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Plan details saved")
            return redirect(_plan_url(plan))
    return render(request, "action_plans/plan_form.html", {
        "page_title": "Plan details", "plan": plan, "form": form,
        "breadcrumbs": _crumbs(plan, ("Plan details", None)),
    })


def _ascii_pk(value: str) -> int | None:
    """A primary key from the query string, or None. str.isdigit() is true for "²", which int() refuses."""
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value or "") else None


def _add_service_error(form, error: DomainError) -> None:
    """Show a service's refusal at its field (and so in the summary) when it names one of the form's fields."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, pk: int):
    """
    Add an action. ?framework_action= starts it from a gap; ?pillar= (after "Save and add
    another") keeps the pillar. The next free reference for the pillar is filled in.
    """
    plan = get_plan_for_user(request, pk, CHANGE)
    initial: dict = {}
    fa_pk, pillar_pk = _ascii_pk(request.GET.get("framework_action", "")), _ascii_pk(request.GET.get("pillar", ""))
    fa = FrameworkAction.objects.filter(pk=fa_pk, framework_id=plan.round.framework_id).select_related(
        "outcome__pillar").first() if fa_pk else None
    pillar = fa.outcome.pillar if fa is not None else (
        Pillar.objects.filter(pk=pillar_pk, framework_id=plan.round.framework_id).first() if pillar_pk else None)
    if fa is not None:
        initial = {"framework_actions": [fa.pk], "outcome": fa.outcome_id}
    if pillar is not None:
        initial["pillar"] = pillar.pk
    if request.method == "GET":
        initial["reference"] = selectors.action_reference_next(plan=plan, pillar=pillar)
    form = ActionForm(_posted(request), plan=plan, initial=initial, adding=True)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                plan=plan, actor=request.user, framework_actions=form.cleaned_data["framework_actions"],
                tools=form.cleaned_data["tools"], **form.service_fields(),
            )
        except DomainError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"Action {action.reference} added")
            if "add_another" in request.POST:
                return redirect(f"{reverse('action_plans:action-create', args=[plan.pk])}?pillar={action.pillar_id}")
            return redirect(_plan_url(plan))
    return render(request, "action_plans/action_form.html", {
        "page_title": "Add an action", "plan": plan, "form": form,
        "breadcrumbs": _crumbs(plan, ("Add an action", None)),
    })


@login_required
def action_framework_actions(request, pk: int):
    """
    The action form's framework actions with the chosen pillar's first: htmx asks for this when
    the pillar changes. The ticked ones come with the request and stay ticked. The add form also
    sends its reference: while that is blank or still a suggestion, the answer carries the new
    pillar's next free reference, swapped in out of band; a reference the planner typed is kept.
    """
    plan = get_plan_for_user(request, pk, CHANGE)
    pillar_pk = _ascii_pk(request.GET.get("pillar", ""))
    ticked = {v for v in request.GET.getlist("framework_actions") if _ascii_pk(v) is not None}
    form = ActionForm(None, plan=plan, initial={"framework_actions": sorted(ticked)})
    fas = framework_action_groups(plan, ticked=ticked, field=form["framework_actions"], first_pillar=pillar_pk)
    reference = None
    if "reference" in request.GET and selectors.action_reference_is_suggested(
            plan=plan, reference=request.GET["reference"]):
        pillar = Pillar.objects.filter(pk=pillar_pk or 0, framework_id=plan.round.framework_id).first()
        reference = selectors.action_reference_next(plan=plan, pillar=pillar)
    return render(request, "action_plans/includes/action_framework_actions.html", {
        "fas": fas, "oob_reference": reference, "reference_field": form["reference"],
    })


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int, action_pk: int):
    """Edit an action. A save over someone else's newer change is refused, showing both versions."""
    plan = get_plan_for_user(request, pk, CHANGE)
    action = _get_action(plan, action_pk)
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    initial.update(framework_actions=list(action.framework_actions.all()), tools=list(action.tools.all()),
                   lock_version=action.lock_version)
    form = ActionForm(_posted(request), plan=plan, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action, expected_version=form.cleaned_data["lock_version"] or 0, actor=request.user,
                framework_actions=form.cleaned_data["framework_actions"], tools=form.cleaned_data["tools"],
                **form.service_fields(),
            )
        except services.StaleEditError as error:
            form.add_error(None, error.message)
            stale = _compare_versions(form, error.current)
            # Saving again now means the editor has seen the newer version and chooses to keep theirs.
            form.data = form.data.copy()
            form.data["lock_version"] = error.current.lock_version
        except DomainError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"Action {form.cleaned_data['reference']} saved")
            return redirect("action_plans:action-detail", pk=plan.pk, action_pk=action.pk)
    return render(request, "action_plans/action_form.html", {
        "page_title": f"Edit {action.reference}", "plan": plan, "action": action, "form": form, "stale": stale,
        "breadcrumbs": _crumbs(plan, _action_crumb(plan, action),
                               ("Edit", None)),
    })


def _compare_versions(form: ActionForm, current: LocalAction) -> list[tuple[str, str, str]]:
    """Rows of (field label, your version, saved version) for the fields that differ."""
    rows = []
    for name in services.ACTION_FIELDS:
        yours = form.cleaned_data.get(name)
        saved = getattr(current, name)
        if (yours or "") != (saved or ""):
            rows.append((form.fields[name].label, _shown(yours), _shown(saved)))
    yours_fa = sorted(fa.code for fa in form.cleaned_data.get("framework_actions", []))
    saved_fa = sorted(current.framework_actions.values_list("code", flat=True))
    if yours_fa != saved_fa:
        rows.append((form.fields["framework_actions"].label, ", ".join(yours_fa), ", ".join(saved_fa)))
    yours_tools = sorted(tool.name for tool in form.cleaned_data.get("tools", []))
    saved_tools = sorted(current.tools.values_list("name", flat=True))
    if yours_tools != saved_tools:
        rows.append((form.fields["tools"].label, ", ".join(yours_tools), ", ".join(saved_tools)))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request, pk: int, action_pk: int):
    plan = get_plan_for_user(request, pk, CHANGE)
    action = _get_action(plan, action_pk)
    form = ConfirmForm(_posted(request), submit_label="Delete action")
    if request.method == "POST" and form.is_valid():
        try:
            services.action_delete(action=action, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Action {action.reference} deleted")
            return redirect(_plan_url(plan))
    return render(request, "action_plans/action_delete.html", {
        "page_title": f"Delete {action.reference}", "plan": plan, "action": action, "form": form,
        "breadcrumbs": _crumbs(plan, (action.reference, None)),
    })


@login_required
def action_detail(request, pk: int, action_pk: int):
    """An action with its framework links, progress update timeline and review comments."""
    plan = get_plan_for_user(request, pk)
    action = _get_action(plan, action_pk)
    return render(request, "action_plans/action_detail.html", {
        "page_title": f"{action.reference}: {action.title}", "plan": plan, "action": action,
        "comments": [c for c in selectors.plan_comments_linked(plan=plan) if c.action_id == action.pk],
        "can_change": _can(request, CHANGE, plan),
        "can_post": _can(request, PROGRESS, plan) and plan.status == ActionPlan.Status.APPROVED,
        "breadcrumbs": _crumbs(plan, ("Actions", reverse("action_plans:plan-actions", args=[plan.pk])),
                               (action.reference, None)),
    })


@login_required
def action_history(request, pk: int, action_pk: int):
    plan = get_plan_for_user(request, pk)
    action = _get_action(plan, action_pk)
    return render(request, "action_plans/action_history.html", {
        "page_title": f"History of {action.reference}", "plan": plan, "action": action,
        "entries": selectors.action_history(action=action),
        "breadcrumbs": _crumbs(plan, _action_crumb(plan, action),
                               ("History", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def progress_post(request, pk: int, action_pk: int):
    plan = get_plan_for_user(request, pk, PROGRESS)
    action = _get_action(plan, action_pk)
    form = ProgressForm(_posted(request), initial={"rag": action.rag, "progress": action.progress})
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_post(action=action, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Update posted on {action.reference}")
            return redirect("action_plans:action-detail", pk=plan.pk, action_pk=action.pk)
    return render(request, "action_plans/progress_form.html", {
        "page_title": f"Post an update on {action.reference}", "plan": plan, "action": action, "form": form,
        "breadcrumbs": _crumbs(plan, _action_crumb(plan, action),
                               ("Post an update", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def progress_grid(request, pk: int):
    """
    A quarter's progress for every action of the plan in one form, saved at once (all or nothing).

    Rows left unchanged record nothing. Progress is recorded on approved plans only: on any other
    plan the page says why (services.progress_problem, the rule's one home) and offers no form.
    """
    plan = get_plan_for_user(request, pk, PROGRESS)
    problem = services.progress_problem(plan)
    form = None
    if problem is None:
        form = ProgressGridForm(_posted(request), actions=selectors.plan_progress_rows(plan=plan))
        if request.method == "POST" and form.is_valid():
            try:
                updates = services.progress_post_many(plan=plan, actor=request.user, on=form.cleaned_data["on"],
                                                      entries=form.entries())
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                count = len(updates)
                messages.success(request, f"Progress recorded on {count} action{'' if count == 1 else 's'}")
                return redirect(_plan_url(plan))
    return render(request, "action_plans/progress_grid.html", {
        "page_title": "Record this quarter's progress", "plan": plan, "form": form, "problem": problem,
        "cycle": selectors.current_cycle(),
        "breadcrumbs": _crumbs(plan, ("Record progress", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def framework_action_link(request, pk: int, fa_pk: int):
    """Close a gap by letting one of the plan's existing actions also address the framework action."""
    plan = get_plan_for_user(request, pk, CHANGE)
    framework_action = get_object_or_404(FrameworkAction, pk=fa_pk, framework_id=plan.round.framework_id)
    form = LinkActionForm(_posted(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_link_framework_action(
                action=form.cleaned_data["action"], framework_action=framework_action, actor=request.user)
        except DomainError as error:
            form.add_error("action", error.message)
        else:
            messages.success(request, f"{action.reference} now also addresses {framework_action.code}")
            return redirect(_plan_url(plan))
    return render(request, "action_plans/framework_action_link.html", {
        "page_title": f"Link an existing action to {framework_action.code}", "plan": plan,
        "framework_action": framework_action, "form": form, "has_actions": plan.actions.exists(),
        "breadcrumbs": _crumbs(plan, ("Link an existing action", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def exemption_set(request, pk: int, fa_pk: int):
    plan = get_plan_for_user(request, pk, CHANGE)
    framework_action = get_object_or_404(FrameworkAction, pk=fa_pk, framework_id=plan.round.framework_id)
    existing = plan.exemptions.filter(framework_action=framework_action).first()
    form = ExemptionForm(_posted(request), initial={"reason": existing.reason if existing else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.exemption_set(plan=plan, framework_action=framework_action, actor=request.user,
                                   reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{framework_action.code} marked not applicable")
            return redirect(_plan_url(plan))
    return render(request, "action_plans/exemption_form.html", {
        "page_title": f"Mark {framework_action.code} not applicable", "plan": plan,
        "framework_action": framework_action, "existing": existing, "form": form,
        "breadcrumbs": _crumbs(plan, ("Not applicable", None)),
    })


@login_required
@require_POST
def exemption_clear(request, pk: int, fa_pk: int):
    plan = get_plan_for_user(request, pk, CHANGE)
    framework_action = get_object_or_404(FrameworkAction, pk=fa_pk, framework_id=plan.round.framework_id)
    try:
        services.exemption_clear(plan=plan, framework_action=framework_action, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{framework_action.code} is expected again")
    return redirect(_plan_url(plan))


def _check_answers(request, pk: int, *, perm: str, service, submit_label: str, title: str, done: str,
                   blockers=None):
    """
    A check-your-answers page: the plan summarised, one button that calls `service`.

    `blockers(plan, coverage)` lists what stops the step now: the page says so, and the button is
    then not the primary one (the service still refuses, with the same message).
    """
    plan = get_plan_for_user(request, pk, perm)
    coverage = selectors.plan_coverage(plan=plan)
    reasons = blockers(plan, coverage) if blockers else []
    form = ConfirmForm(_posted(request), submit_label=submit_label, primary=not reasons)
    if request.method == "POST" and form.is_valid():
        try:
            service(plan=plan, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("action_plans:plan-confirmation", pk=plan.pk, event=done)
    return render(request, "action_plans/plan_check.html", {
        "page_title": title, "plan": plan, "form": form, "coverage": coverage, "blockers": reasons,
        "submit_label": submit_label,
        "breadcrumbs": _crumbs(plan, (title, None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_send_for_signoff(request, pk: int):
    return _check_answers(request, pk, perm=CHANGE, service=services.plan_send_for_signoff,
                          submit_label="Send for sign-off", title="Check your plan before sending it for sign-off",
                          done="sent-for-signoff", blockers=_send_blockers)


def _send_blockers(plan: ActionPlan, coverage) -> list[str]:
    return selectors.plan_send_blockers(plan=plan, gaps=[row.framework_action for row in coverage.gaps])


@login_required
@require_http_methods(["GET", "POST"])
def plan_submit(request, pk: int):
    return _check_answers(request, pk, perm=CHANGE, service=services.plan_submit,
                          submit_label="Submit plan", title="Check your plan before submitting it",
                          done="submitted", blockers=_submit_blockers)


def _submit_blockers(plan: ActionPlan, coverage) -> list[str]:
    return selectors.plan_gap_blockers(gaps=[row.framework_action for row in coverage.gaps], doing="submit the plan")


@login_required
@require_http_methods(["GET", "POST"])
def plan_start_revision(request, pk: int):
    plan = get_plan_for_user(request, pk, CHANGE)
    form = ConfirmForm(_posted(request), submit_label="Start a revision")
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.plan_start_revision(plan=plan, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("action_plans:plan-confirmation", pk=revision.pk, event="revision-started")
    return render(request, "action_plans/plan_revise.html", {
        "page_title": "Start a revision", "plan": plan, "form": form,
        "breadcrumbs": _crumbs(plan, ("Start a revision", None)),
    })


@login_required
@require_POST
def plan_start_from_previous(request, pk: int):
    plan = get_plan_for_user(request, pk, CHANGE)
    try:
        copied = services.plan_start_from_previous(plan=plan, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{copied} actions copied from your previous plan")
    return redirect(_plan_url(plan))


@login_required
@require_http_methods(["GET", "POST"])
def plan_sign_off(request, pk: int):
    plan = get_plan_for_user(request, pk, SIGN_OFF)
    form = SignOffForm(_posted(request), initial={"name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_sign_off(plan=plan, actor=request.user, name=data["name"], rank=data["rank"],
                                   signed_on=data["signed_on"], statement=data["statement"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("action_plans:plan-confirmation", pk=plan.pk, event="signed-off")
    return render(request, "action_plans/plan_signoff.html", {
        "page_title": "Sign off the plan", "plan": plan, "form": form,
        "coverage": selectors.plan_coverage(plan=plan),
        "breadcrumbs": _crumbs(plan, ("Sign off", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_send_back(request, pk: int):
    plan = get_plan_for_user(request, pk, SIGN_OFF)
    form = CommentForm(_posted(request), label="What needs to change before you sign off?",
                       required_message="Enter what needs to change", submit_label="Send back")
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_send_back(plan=plan, actor=request.user, comment=form.cleaned_data["comment"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("action_plans:plan-confirmation", pk=plan.pk, event="sent-back")
    return render(request, "action_plans/plan_comment_form.html", {
        "page_title": "Send the plan back", "plan": plan, "form": form,
        "breadcrumbs": _crumbs(plan, ("Send back", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_review(request, pk: int):
    """National review: each action's details beside its comment box, then return or approve."""
    plan = get_plan_for_user(request, pk, REVIEW)
    comments = selectors.plan_comments_linked(plan=plan)
    form = ReviewForm(_posted(request), actions=selectors.plan_actions_for_review(plan=plan, comments=comments))
    if request.method == "POST" and form.is_valid():
        try:
            if form.approving:
                services.plan_approve(plan=plan, actor=request.user, comment=form.cleaned_data["comment"])
            else:
                services.plan_return(plan=plan, actor=request.user, comment=form.cleaned_data["comment"],
                                     action_comments=form.action_comments())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("action_plans:plan-confirmation", pk=plan.pk,
                            event="approved" if form.approving else "returned")
    return render(request, "action_plans/plan_review.html", {
        "page_title": f"Review: {plan.force.name}", "plan": plan, "form": form,
        "action_fields": form.bound_action_fields(), "status": selectors.plan_status(plan=plan),
        "coverage": selectors.plan_coverage(plan=plan),
        "overall_comments": [comment for comment in comments if comment.action_id is None],
        "last_return": selectors.plan_last_return(plan=plan),
        "breadcrumbs": _crumbs(plan, ("Review", None)),
    })


@login_required
def plan_changes(request, pk: int):
    """What changed in the plan since the national team returned it: actions added, removed, changed."""
    plan = get_plan_for_user(request, pk)
    return render(request, "action_plans/plan_changes.html", {
        "page_title": f"Changes since returned: {plan.force.name}", "plan": plan,
        "changes": selectors.plan_changes_since_returned(plan=plan),
        "can_review": _can(request, REVIEW, plan),
        "breadcrumbs": _crumbs(plan, ("Changes since returned", None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def comment_answer(request, pk: int, comment_pk: int):
    plan = get_plan_for_user(request, pk, CHANGE)
    comment = get_object_or_404(ReviewComment.objects.select_related("action", "author"), pk=comment_pk, plan=plan)
    form = CommentForm(_posted(request), initial={"comment": comment.response}, label="Your answer",
                       required_message="Enter your answer to the comment", submit_label="Save answer")
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_answer(comment=comment, actor=request.user, response=form.cleaned_data["comment"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Answer saved")
            return redirect(_plan_url(plan))
    return render(request, "action_plans/plan_comment_form.html", {
        "page_title": "Answer a review comment", "plan": plan, "form": form, "review_comment": comment,
        "breadcrumbs": _crumbs(plan, ("Answer a comment", None)),
    })


@login_required
def plan_timeline(request, pk: int):
    plan = get_plan_for_user(request, pk)
    return render(request, "action_plans/plan_timeline.html", {
        "page_title": f"Timeline: {plan.force.name}", "plan": plan,
        "transitions": selectors.plan_transitions(plan=plan),
        "breadcrumbs": _crumbs(plan, ("Timeline", None)),
    })


@login_required
def plan_confirmation(request, pk: int, event: str):
    plan = get_plan_for_user(request, pk)
    if event not in CONFIRMATIONS:
        raise Http404("No such confirmation")
    title, body = CONFIRMATIONS[event]
    return render(request, "action_plans/plan_confirmation.html", {
        "page_title": title, "body": body, "plan": plan,
        "breadcrumbs": _crumbs(plan, (title, None)),
    })


@login_required
def needs_update(request):
    """Actions of approved plans with no progress update in the current reporting cycle."""
    if not request.user.has_perm("action_plans.list_plans"):
        raise PermissionDenied
    page = Paginator(selectors.actions_needing_update(user=request.user), NEEDS_UPDATE_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "action_plans/needs_update.html", {
        "page_title": "Actions that need an update",
        "cycle": selectors.current_cycle(),
        "actions": page.object_list,
        "page": page,
        "overdue_elsewhere": selectors.overdue_actions_not_listed(user=request.user),
        "breadcrumbs": [("Home", reverse("home")), ("Action plans", reverse("action_plans:list")),
                        ("Needs an update", None)],
    })
