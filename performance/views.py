"""
Pages for the performance framework: short function views that check access in one place, call
one selector or service, and render or redirect.

Refusals have one shape: another force's unapproved return is a 404 (the user may not know it
exists); a page the user may see but not act on is a 403; a rule of the workflow (a locked
period, figures that disagree) is shown in the GOV.UK error summary with nothing changed.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Force
from common.charts.funnel import VERDICTS, WITHIN, FunnelPoint, funnel_chart, funnel_classify
from common.charts.trend import Series, trend_chart
from common.errors import DomainError

from . import selectors
from .forms import CsvUploadForm, LockExceptionForm, ReturnForm, ReviewForm, category_label, figure_name, note_name
from .models import ImportJob, Measure, ReportingPeriod, Return, display_value
from .services.jobs import import_job_create
from .services.peers import peer_groups_load
from .services.periods import lock_exception_grant
from .services.returns import (
    ReturnProblems,
    applicable_measures,
    lock_state_for,
    return_approve,
    return_save,
    return_send_back,
    return_submit,
)
from .services.transfer import CSV_CONTENT_TYPE, HEADER, MAX_PAGE_ROWS, returns_export_csv, returns_import_csv

VIEW = "performance.view_performance"
_IMPORT_SESSION_KEY = "performance_import_result"
# Files with more rows than this are imported by a Celery job, so the page answers at once.
IMPORT_JOB_ROWS = 2000
_Q = Decimal("0.1")  # averages are shown to one decimal place


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _force(code: str) -> Force:
    try:
        return selectors.force_get(code=code)
    except Force.DoesNotExist as exc:
        raise Http404("No force found") from exc


def _period(slug: str) -> ReportingPeriod:
    try:
        return selectors.period_get(slug=slug)
    except ReportingPeriod.DoesNotExist as exc:
        raise Http404("No reporting period found") from exc


def _return_for(request, force: Force, period: ReportingPeriod) -> Return | None:
    """The return if the user may know about it (else 404); None when the force has not started it."""
    try:
        return selectors.return_get_for_user(user=request.user, force=force, period=period)
    except Return.DoesNotExist as exc:
        raise Http404("No return found") from exc


def _crumbs(*rest) -> list:
    return [("Home", reverse("home")), ("Performance", reverse("performance:home") if rest else None), *rest]


def _return_url(force: Force, period: ReportingPeriod) -> str:
    return reverse("performance:return", args=[force.code, period.slug])


@login_required
@require_GET
def home(request):
    _require(request, VIEW)
    periods = list(selectors.period_list())
    own = {}
    if request.user.force_id:
        own = {r.period_id: r for r in Return.objects.filter(force_id=request.user.force_id)}
    rows = [(p, own.get(p.pk)) for p in periods]
    return render(
        request,
        "performance/performance_home.html",
        {
            "page_title": "Performance",
            "rows": rows,
            "user_force": request.user.force,
            "current": selectors.period_current(),
            "measures": (periods[0].measure_set.measures.all() if periods else []),
            "can_review": request.user.has_perm("performance.review_return"),
            "can_see_completeness": request.user.has_perm("performance.view_completeness"),
            "can_import": request.user.has_perm("performance.import_returns"),
            "can_manage": request.user.has_perm("performance.manage_periods"),
            "forces": Force.objects.order_by("name"),
            "breadcrumbs": _crumbs(),
        },
    )


def _form_rows(form: ReturnForm, measures: list[Measure], stored: dict) -> list[tuple[str, list[dict]]]:
    """The form's fields grouped by pillar, each measure with its figure, breakdown and note fields."""
    groups: dict[str, list[dict]] = {}
    for m in measures:
        groups.setdefault(f"{m.pillar_code}: {m.pillar_title}" if m.pillar_code != "context" else "Context", []).append(
            {
                "measure": m,
                "field": form[figure_name(m.code)],
                "note": form[note_name(m.code)],
                "breakdown": [
                    (category_label(c), form[figure_name(m.code, c)], stored.get((m.code, c)))
                    for c in m.breakdown_categories
                ],
                "stored": stored.get((m.code, "")),
            }
        )
    return list(groups.items())


def _problems_to_form(form: ReturnForm, problems) -> None:
    """Put each problem on the field to correct: the note for a missing explanation, else the figure."""
    for problem in problems:
        if problem.message.startswith("Explain"):
            name = note_name(problem.measure_code)
        else:
            name = figure_name(problem.measure_code, problem.breakdown)
        form.add_error(name if name in form.fields else None, problem.message)


@login_required
@require_http_methods(["GET", "POST"])
def return_form(request, force_code: str, period_slug: str):
    _require(request, VIEW)
    force, period = _force(force_code), _period(period_slug)
    ret = _return_for(request, force, period)
    may_change = request.user.has_perm("performance.change_return", force)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    state = lock_state_for(force=force, period=period, ret=ret)
    measures = applicable_measures(period)
    stored = {(v.measure.code, v.breakdown): v for v in selectors.return_values(ret=ret)}
    form = ReturnForm(request.POST if request.method == "POST" else None, measures=measures, stored=stored)
    if request.method == "POST":
        submitting = request.POST.get("action") == "submit"
        if not state.editable:
            form.add_error(None, state.reason)
        elif form.is_valid():
            saved = False
            try:
                ret, result = return_save(force=force, period=period, entries=form.cleaned_entries(), user=request.user)
                saved = True
                if submitting:
                    return_submit(ret=ret, user=request.user)
                    messages.success(
                        request,
                        f"Return submitted: the national team will review {force.name}'s figures for {period.label}",
                    )
                else:
                    flagged = (
                        f" {len(result.flagged)} figures are flagged as unusual: explain them before you submit."
                        if result.flagged
                        else ""
                    )
                    messages.success(request, f"Draft saved.{flagged}")
                return redirect(_return_url(force, period))
            except ReturnProblems as exc:
                if saved:
                    form.add_error(None, "Your figures were saved as a draft, but the return cannot be submitted yet")
                _problems_to_form(form, exc.problems)
            except DomainError as exc:
                form.add_error(None, exc.message)
        if ret is None:
            ret = Return.objects.filter(force=force, period=period).first()
        stored = {(v.measure.code, v.breakdown): v for v in selectors.return_values(ret=ret)}
    return render(
        request,
        "performance/return_form.html",
        {
            "page_title": f"{force.name}: return for {period.label}",
            "force": force,
            "period": period,
            "ret": ret,
            "state": state,
            "form": form,
            "editable": may_change and state.editable,
            "groups": _form_rows(form, measures, stored),
            "can_review": ret is not None
            and ret.status == Return.Status.SUBMITTED
            and request.user.has_perm("performance.review_return"),
            "measure_set": period.measure_set,
            "breadcrumbs": _crumbs(
                (f"{force.name}", reverse("performance:force", args=[force.code])), (f"Return for {period.label}", None)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_review(request, force_code: str, period_slug: str):
    _require(request, VIEW)
    force, period = _force(force_code), _period(period_slug)
    ret = _return_for(request, force, period)
    _require(request, "performance.review_return")
    if ret is None:
        raise Http404("No return found")
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                return_approve(ret=ret, user=request.user, comment=form.cleaned_data["comment"])
                messages.success(
                    request, f"Return approved: {force.name}'s figures for {period.label} are now open to every force"
                )
            else:
                return_send_back(ret=ret, user=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, f"Return sent back to {force.name} with your comments")
            return redirect(_return_url(force, period))
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(
        request,
        "performance/return_review.html",
        {
            "page_title": f"Review {force.name}'s return for {period.label}",
            "force": force,
            "period": period,
            "ret": ret,
            "form": form,
            "flagged": ret.values.exclude(flag="").select_related("measure").order_by("measure__position"),
            "breadcrumbs": _crumbs((f"Return for {period.label}", _return_url(force, period)), ("Review", None)),
        },
    )


@login_required
@require_GET
def return_history(request, force_code: str, period_slug: str):
    _require(request, VIEW)
    force, period = _force(force_code), _period(period_slug)
    ret = _return_for(request, force, period)
    if ret is None:
        raise Http404("No return found")
    return render(
        request,
        "performance/return_history.html",
        {
            "page_title": f"History of {force.name}'s return for {period.label}",
            "force": force,
            "period": period,
            "ret": ret,
            "events": selectors.return_history(ret=ret),
            "breadcrumbs": _crumbs((f"Return for {period.label}", _return_url(force, period)), ("History", None)),
        },
    )


def _float(value) -> float | None:
    return None if value is None else float(value)


@login_required
@require_GET
def force_detail(request, force_code: str):
    _require(request, VIEW)
    force = _force(force_code)
    data = selectors.force_performance(user=request.user, force=force)
    labels = [p.label for p in data.periods]
    charts = []
    for pillar, trends in data.trends_by_pillar:
        items = []
        for t in trends:
            svg = (
                trend_chart(
                    chart_id=f"trend-{t.measure.code}",
                    title=f"{t.measure.code} {t.measure.title}: {force.name}",
                    labels=labels,
                    unit=t.measure.unit_suffix if t.measure.unit == Measure.Unit.PERCENTAGE else "",
                    series=[
                        Series(force.name, [_float(v) for v in t.values], "solid", "circle", print_values=True),
                        Series("National average", [_float(v) for v in t.national], "dashed", "square"),
                        Series("Peer average", [_float(v) for v in t.peers], "dotted", "diamond"),
                    ],
                )
                if any(v is not None for v in t.values + t.national)
                else ""
            )
            items.append(
                {
                    "trend": t,
                    "svg": svg,
                    "rows": list(
                        zip(
                            data.periods,
                            [display_value(v) for v in t.values],
                            t.drafts,
                            [display_value(v.quantize(_Q) if v is not None else None) for v in t.national],
                            [display_value(v.quantize(_Q) if v is not None else None) for v in t.peers],
                            strict=True,
                        )
                    ),
                }
            )
        charts.append((pillar, items))
    return render(
        request,
        "performance/force_detail.html",
        {
            "page_title": f"{force.name}: performance",
            "force": force,
            "data": data,
            "charts": charts,
            "can_see_drafts": data.shows_drafts,
            "breadcrumbs": _crumbs((force.name, None)),
        },
    )


@login_required
@require_GET
def measure_detail(request, measure_code: str):
    _require(request, VIEW)
    periods = list(selectors.period_list())
    if not periods:
        raise Http404("No reporting periods")
    slug = request.GET.get("period")
    period = next((p for p in periods if p.slug == slug), None) if slug else None
    if period is None:
        # The latest period with approved figures, so the page opens on something to compare.
        approved = set(
            Return.objects.filter(status=Return.Status.APPROVED).values_list("period_id", flat=True).distinct()
        )
        period = next((p for p in periods if p.pk in approved), periods[0])
    measure = period.measure_set.measures.filter(code=measure_code).select_related("numerator", "denominator").first()
    if measure is None:
        raise Http404("No measure found")
    figures, national = selectors.measure_across_forces(user=request.user, measure=measure, period=period)
    funnel_svg, outside = "", []
    if measure.is_rate_or_percentage and measure.denominator_id and national is not None:
        kind = "percentage" if measure.unit == Measure.Unit.PERCENTAGE else "rate"
        points = [
            FunnelPoint(f.force.name, float(f.value), float(f.denominator))
            for f in figures
            if not f.is_draft and f.value is not None and f.denominator
        ]
        for point in points:
            verdict = funnel_classify(point, float(national), kind=kind)
            if verdict != WITHIN:
                outside.append((point.label, VERDICTS[verdict]))
        funnel_svg = (
            funnel_chart(
                chart_id=f"funnel-{measure.code}",
                title=f"{measure.code} {measure.title}, {period.label}: funnel plot",
                points=points,
                target=float(national),
                kind=kind,
                unit=measure.unit_suffix if kind == "percentage" else "",
                x_label=f"{measure.denominator.code} {measure.denominator.title}",
            )
            if points
            else ""
        )
    return render(
        request,
        "performance/measure_detail.html",
        {
            "page_title": f"{measure.code} {measure.title}",
            "measure": measure,
            "period": period,
            "periods": periods,
            "figures": figures,
            "national": display_value(national.quantize(_Q)) if national is not None else "",
            "funnel_svg": funnel_svg,
            "outside": outside,
            "breadcrumbs": _crumbs((measure.code, None)),
        },
    )


@login_required
@require_GET
def completeness(request):
    _require(request, "performance.view_completeness")
    periods = list(selectors.period_list())
    if not periods:
        raise Http404("No reporting periods")
    period = next((p for p in periods if p.slug == request.GET.get("period")), None) or selectors.period_current()
    rows, counts = selectors.completeness(period=period)
    return render(
        request,
        "performance/completeness.html",
        {
            "page_title": f"Completeness and timeliness: {period.label}",
            "period": period,
            "periods": periods,
            "rows": rows,
            "counts": counts,
            "state_today": timezone.localdate(),
            "breadcrumbs": _crumbs(("Completeness and timeliness", None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_exceptions(request, period_slug: str):
    _require(request, "performance.manage_periods")
    period = _period(period_slug)
    form = LockExceptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            lock_exception_grant(
                period=period,
                force=form.cleaned_data["force"],
                reason=form.cleaned_data["reason"],
                ends_on=form.cleaned_data["ends_on"],
                user=request.user,
            )
            messages.success(
                request,
                f"{form.cleaned_data['force'].name} can change its return for {period.label} "
                f"until {form.cleaned_data['ends_on']:%d/%m/%Y}",
            )
            return redirect("performance:period-exceptions", period_slug=period.slug)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(
        request,
        "performance/period_exceptions.html",
        {
            "page_title": f"Lock exceptions for {period.label}",
            "period": period,
            "form": form,
            "exceptions": selectors.lock_exceptions_for_period(period=period),
            "breadcrumbs": _crumbs((f"Lock exceptions for {period.label}", None)),
        },
    )


@login_required
@require_GET
def export_csv(request):
    _require(request, "performance.import_returns")
    national = request.user.has_perm("performance.import_any_force")
    force = None if national else request.user.force
    content = returns_export_csv(force=force)
    name = "vawg-returns-all-forces.csv" if force is None else f"vawg-returns-{force.code}.csv"
    return HttpResponse(
        content,
        content_type=CSV_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request):
    _require(request, "performance.import_returns")
    form = CsvUploadForm(request.POST, request.FILES) if request.method == "POST" else CsvUploadForm()
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        rows = content.count(b"\n")
        if rows > MAX_PAGE_ROWS:
            form.add_error("file", f"The file has {rows:,} rows; upload at most {MAX_PAGE_ROWS:,} at a time")
        elif rows > IMPORT_JOB_ROWS:
            job = import_job_create(user=request.user, filename=upload.name, content=content, rows=rows)
            return redirect("performance:import-job", pk=job.pk)
    if request.method == "POST" and form.is_valid():
        try:
            result = returns_import_csv(content=content, user=request.user)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if result.ok:
                request.session[_IMPORT_SESSION_KEY] = result.summary()
                return redirect("performance:import-done")
            row_errors = result.errors
            form.add_error(
                "file",
                f"The file has {len(result.errors)} problem{'s' if len(result.errors) != 1 else ''} "
                f"in {result.rows_with_errors} row{'s' if result.rows_with_errors != 1 else ''}. "
                "Nothing has been saved. Fix them and upload the file again",
            )
    return render(
        request,
        "performance/returns_import.html",
        {
            "page_title": "Import return figures",
            "form": form,
            "row_errors": row_errors,
            "header": ",".join(HEADER),
            "any_force": request.user.has_perm("performance.import_any_force"),
            "max_rows": f"{MAX_PAGE_ROWS:,}",
            "job_rows": f"{IMPORT_JOB_ROWS:,}",
            "breadcrumbs": _crumbs(("Import figures", None)),
        },
    )


@login_required
@require_GET
def import_done(request):
    _require(request, "performance.import_returns")
    summary = request.session.get(_IMPORT_SESSION_KEY)
    if summary is None:
        return redirect("performance:import")
    return render(
        request,
        "performance/returns_import_done.html",
        {
            "page_title": "Figures imported",
            "summary": summary,
            "breadcrumbs": _crumbs(("Figures imported", None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def peer_groups(request):
    _require(request, VIEW)
    can_load = request.user.has_perm("performance.manage_periods")
    if request.method == "POST" and not can_load:
        raise PermissionDenied
    form = CsvUploadForm(request.POST, request.FILES) if request.method == "POST" else CsvUploadForm()
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            loaded, row_errors = peer_groups_load(content=form.cleaned_data["file"].read())
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if not row_errors:
                messages.success(request, f"Peer groups loaded for {loaded} forces")
                return redirect("performance:peers")
            form.add_error("file", f"The file has {len(row_errors)} problems. Nothing has been saved")
    return render(
        request,
        "performance/peer_groups.html",
        {
            "page_title": "Peer groups",
            "groups": selectors.peer_groups(),
            "form": form,
            "row_errors": row_errors,
            "can_load": can_load,
            "breadcrumbs": _crumbs(("Peer groups", None)),
        },
    )


@login_required
@require_GET
def import_job(request, pk: int):
    """A large import's progress; htmx refreshes the status part until the job has finished."""
    _require(request, "performance.import_returns")
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or not (
        job.requested_by_id == request.user.pk or request.user.has_perm("performance.import_any_force")
    ):
        raise Http404("No import found")
    context = {
        "job": job,
        "errors": job.errors,
        "page_title": f"Import of {job.filename}",
        "breadcrumbs": _crumbs(("Import figures", reverse("performance:import")), (job.filename, None)),
    }
    if request.htmx:
        return render(request, "performance/includes/import_job_status.html", context)
    return render(request, "performance/import_job.html", context)
