"""
Pages for moving a plan's actions in and out of spreadsheets.

Access goes through the same helper as every plan page (action_plans.views.get_plan_for_user):
404 when the user may not know the plan exists, 403 when they may see it but not change it. Import
also needs the plan to be a draft or returned: a rule of the plan's state, so the page says so
(HTTP 409 for an upload) instead of answering 403.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from common.errors import DomainError

from .io_forms import PlanImportForm
from .models import ActionPlan
from .notifications import plan_path
from .spreadsheets import (
    COLUMNS,
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    export_filename,
    import_refusal,
    plan_actions_import,
    plan_export_csv,
    plan_export_xlsx,
)
from .views import CHANGE, get_plan_for_user

_SESSION_KEY = "plan_import_results"


def _breadcrumbs(plan: ActionPlan, current: str) -> list[tuple[str, str | None]]:
    return [
        ("Home", reverse("home")),
        ("Action plans", reverse("action_plans:list")),
        (plan.force.name, plan_path(plan)),
        (current, None),
    ]


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"},
    )


@login_required
@require_GET
def plan_export_csv_view(request, plan_pk: int):
    plan = get_plan_for_user(request, plan_pk)
    return _download(
        plan_export_csv(plan=plan), content_type=CSV_CONTENT_TYPE, filename=export_filename(plan=plan, extension="csv")
    )


@login_required
@require_GET
def plan_export_xlsx_view(request, plan_pk: int):
    plan = get_plan_for_user(request, plan_pk)
    return _download(
        plan_export_xlsx(plan=plan), content_type=XLSX_CONTENT_TYPE,
        filename=export_filename(plan=plan, extension="xlsx"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_view(request, plan_pk: int):
    plan = get_plan_for_user(request, plan_pk, CHANGE)
    refusal = import_refusal(plan)
    form = PlanImportForm(request.POST, request.FILES) if request.method == "POST" else PlanImportForm()
    row_errors = []
    if refusal:
        return render(request, "action_plans/io/plan_import.html", {
            "page_title": f"Import actions – {plan.force.name}", "plan": plan, "refusal": refusal,
            "plan_url": plan_path(plan), "breadcrumbs": _breadcrumbs(plan, "Import actions"),
        }, status=409 if request.method == "POST" else 200)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = plan_actions_import(plan=plan, filename=upload.name, content=upload.read(), user=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if result.ok:
                results = request.session.get(_SESSION_KEY, {})
                results[str(plan.pk)] = {"created": result.created, "updated": result.updated,
                                         "unchanged": result.unchanged}
                request.session[_SESSION_KEY] = results
                return redirect("action_plans:import-done", plan_pk=plan.pk)
            row_errors = [error for error in result.errors if error.row is not None]
            file_errors = [error.message for error in result.errors if error.row is None]
            form.add_error("file", file_errors or _problems_summary(result))
    return render(request, "action_plans/io/plan_import.html", {
        "page_title": f"Import actions – {plan.force.name}",
        "plan": plan,
        "form": form,
        "row_errors": row_errors,
        "columns": COLUMNS,
        "breadcrumbs": _breadcrumbs(plan, "Import actions"),
    })


def _problems_summary(result) -> str:
    problems = len(result.errors)
    rows = result.rows_with_errors
    return (
        f"The file has {problems} problem{'s' if problems != 1 else ''} in {rows} row{'s' if rows != 1 else ''}. "
        "Nothing has been saved. Fix them and upload the file again"
    )


@login_required
@require_GET
def plan_import_done_view(request, plan_pk: int):
    plan = get_plan_for_user(request, plan_pk)
    counts = request.session.get(_SESSION_KEY, {}).get(str(plan.pk))
    if counts is None:
        return redirect("action_plans:import", plan_pk=plan.pk)
    return render(request, "action_plans/io/plan_import_done.html", {
        "page_title": f"Actions imported – {plan.force.name}",
        "plan": plan,
        "plan_url": plan_path(plan),
        "counts": counts,
        "breadcrumbs": _breadcrumbs(plan, "Actions imported"),
    })
