"""Pages of the toolkit. Reading needs no sign-in; curating needs the toolkit.change_entry rule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from rules.contrib.views import permission_required

from accounts.throttling import search_throttled, too_many_requests
from common.errors import DomainError

from .forms import CURATOR_MODELS, ToolkitSearchForm, curator_form_class
from .models import REVIEW_AFTER_MONTHS, Behaviour, Offence, Tactic
from .selectors import (
    GROUP_TITLES,
    KIND_OF_GROUP,
    REVIEW_SORTS,
    behaviour_get,
    behaviour_list_by_category,
    general_limit_list,
    general_limit_on,
    offence_get,
    tactic_get,
    toolkit_change_list,
    toolkit_review_list,
    toolkit_search,
    toolkit_search_page,
)
from .services import toolkit_entry_mark_reviewed, toolkit_entry_update


def _crumbs(*items):
    return [("Home", reverse("home")), ("Toolkit", reverse("toolkit:home")), *items]


def _law_status(entry) -> dict:
    """What an entry page says about how current its law is: "Law as at" and any review warnings."""
    today = timezone.localdate()
    return {
        "review_after_months": REVIEW_AFTER_MONTHS,
        "review_overdue": entry.review_overdue(today),
        "date_review_due": entry.date_review_due(today),
    }


# The htmx fragment and the full page share a URL (hx-replace-url): Vary keeps the browser from
# showing the cached fragment as the whole page when the visitor comes Back to the search.
@vary_on_headers("HX-Request", "HX-Target")
@require_GET
def toolkit_home(request):
    # auto_id names the box toolkit-q, apart from the header's search box, and error links use it.
    form = ToolkitSearchForm(request.GET or None, auto_id="toolkit-%s")
    results = None
    if form.is_bound and form.is_valid() and (form.cleaned_data["q"].strip() or form.filters()):
        # Searching is public; anonymous searches are throttled per client address.
        if wait := search_throttled(request):
            return too_many_requests(request, wait=wait)
        results = toolkit_search(query=form.cleaned_data["q"], filters=form.filters())
    query = request.GET.get("q", "")
    context = {
        "form": form, "results": results, "query": query, "search_params": _search_params(form),
        "page_title": f"Search results for ‘{query}’" if results and query else "Misogyny toolkit",
    }
    # htmx asks for the results as the visitor types: the partial the full page also includes, with
    # the new title, heading and status sentence (search_update.html).
    if request.htmx and request.htmx.target == "toolkit-results":
        return render(request, "toolkit/includes/search_update.html", context)
    context |= {
        "categories": behaviour_list_by_category() if results is None else [],
        "breadcrumbs": [("Home", reverse("home")), ("Toolkit", None)],
    }
    return render(request, "toolkit/toolkit_home.html", context)


def _search_params(form: ToolkitSearchForm) -> str:
    """The query and filters of a valid search as a query string, for links that keep them."""
    if not (form.is_bound and form.is_valid()):
        return ""
    return urlencode({"q": form.cleaned_data["q"], **form.filters()})


@require_GET
def toolkit_search_group(request):
    """"Show all": every match of one group (?group=offences), paginated, with the query and filters kept."""
    kind = KIND_OF_GROUP.get(request.GET.get("group", ""))
    if kind is None:
        raise Http404("No such group of results")
    form = ToolkitSearchForm(request.GET, auto_id="toolkit-%s")
    if not form.is_valid() or not (form.cleaned_data["q"].strip() or form.filters()):
        # The search page shows the error summary, or the empty search box.
        return redirect(f"{reverse('toolkit:home')}?{request.GET.urlencode()}")
    if wait := search_throttled(request):
        return too_many_requests(request, wait=wait)
    parsed, page, capped = toolkit_search_page(query=form.cleaned_data["q"], kind=kind, filters=form.filters(),
                                               page=request.GET.get("page", 1))
    params = _search_params(form)
    query = form.cleaned_data["q"]
    title = GROUP_TITLES[kind]
    return render(request, "toolkit/search_group.html", {
        "page_title": f"{title} for ‘{query}’" if query else title, "title": title, "query": query,
        "parsed": parsed, "page": page, "capped": capped,
        "filter_labels": [(form.fields[name].label, dict(form.fields[name].choices)[value])
                          for name, value in form.filters().items()],
        "params": urlencode({"q": query, **form.filters(), "group": request.GET["group"]}),
        "results_url": f"{reverse('toolkit:home')}?{params}",
        "breadcrumbs": _crumbs(("Search results", f"{reverse('toolkit:home')}?{params}"), (title, None)),
    })


@require_GET
def behaviour_detail(request, slug: str):
    try:
        behaviour = behaviour_get(slug=slug)
    except Behaviour.DoesNotExist as exc:
        raise Http404("No such behaviour") from exc
    return render(request, "toolkit/behaviour_detail.html", {
        "page_title": behaviour.name, "entry": behaviour, "behaviour": behaviour, "kind": "behaviour",
        "general_limit": general_limit_on(general_limit_list(), timezone.localdate()),
        "breadcrumbs": _crumbs((behaviour.name, None)),
        **_law_status(behaviour),
    })


@require_GET
def offence_detail(request, slug: str):
    try:
        offence = offence_get(slug=slug)
    except Offence.DoesNotExist as exc:
        raise Http404("No such offence") from exc
    limits = general_limit_list()
    return render(request, "toolkit/offence_detail.html", {
        "page_title": f"{offence.name} ({offence.citation})", "entry": offence, "offence": offence, "kind": "offence",
        "general_limit": general_limit_on(limits, timezone.localdate()) if offence.uses_general_limit else None,
        "general_limits": limits if offence.uses_general_limit else [],
        "breadcrumbs": _crumbs((offence.name, None)),
        **_law_status(offence),
    })


@require_GET
def tool_detail(request, slug: str):
    try:
        tool = tactic_get(slug=slug)
    except Tactic.DoesNotExist as exc:
        raise Http404("No such tool") from exc
    return render(request, "toolkit/tool_detail.html", {
        "page_title": tool.name, "entry": tool, "tool": tool, "kind": "tool",
        "rows": [
            ("Legislation", " ".join(filter(None, [tool.legislation, f"({tool.section})" if tool.section else ""]))),
            ("Who applies or issues it", tool.who_applies),
            ("What must be shown", tool.test),
            ("How long it lasts", tool.duration),
            ("On breach", tool.breach),
            ("Status", tool.status_text),
        ],
        "breadcrumbs": _crumbs((tool.name, None)),
        **_law_status(tool),
    })


@require_GET
def change_log(request):
    return render(request, "toolkit/change_list.html", {
        "page_title": "Toolkit change log", "changes": toolkit_change_list(),
        "breadcrumbs": _crumbs(("Change log", None)),
    })


_REVIEW_COLUMNS = (
    ("name", "Entry and why it is due"), ("kind", "Kind"), ("checked", "Law as at"), ("due", "Review due since"),
)


@login_required
@permission_required("toolkit.view_review_list", raise_exception=True)
@require_GET
def review_list(request):
    """The national list of entries due for review, sortable by column (plain links; no JavaScript)."""
    param = request.GET.get("sort", "due")
    sort, descending = param.removeprefix("-"), param.startswith("-")
    if sort not in REVIEW_SORTS:
        sort, descending = "due", False
    columns = []
    for key, label in _REVIEW_COLUMNS:
        current = key == sort
        href = "?" + urlencode({"sort": f"-{key}" if current and not descending else key})
        aria = ("descending" if descending else "ascending") if current else "none"
        columns.append({"key": key, "label": label, "href": href, "aria": aria})
    rows = toolkit_review_list(today=timezone.localdate(), sort=sort, descending=descending)
    can_edit = request.user.has_perm("toolkit.change_entry")
    admin_names = {"behaviour": "behaviour", "offence": "offence", "tool": "tactic"}
    for row in rows:
        row.edit_url = ""
        if can_edit:
            row.edit_url = (reverse(f"admin:toolkit_{admin_names[row.kind]}_change", args=[row.pk])
                            if request.user.is_staff else reverse("toolkit:entry-edit", args=[row.kind, row.slug]))
    return render(request, "toolkit/review_list.html", {
        "page_title": "Toolkit entries due for review", "rows": rows, "columns": columns,
        "review_after_months": REVIEW_AFTER_MONTHS, "can_edit": can_edit,
        "breadcrumbs": _crumbs(("Due for review", None)),
    })


def _entry_for_curator(kind: str, slug: str):
    model = CURATOR_MODELS.get(kind)
    if model is None:
        raise Http404("No such kind of entry")
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist as exc:
        raise Http404("No such entry") from exc


_DETAIL = {"behaviour": "toolkit:behaviour", "offence": "toolkit:offence", "tool": "toolkit:tool"}


@login_required
@permission_required("toolkit.change_entry", raise_exception=True)
@require_http_methods(["GET", "POST"])
def entry_edit(request, kind: str, slug: str):
    entry = _entry_for_curator(kind, slug)
    form_class = curator_form_class(type(entry))
    form = form_class(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form_class._meta.fields}
        try:
            toolkit_entry_update(entry=entry, user=request.user, data=data,
                                 mark_reviewed=form.cleaned_data["mark_reviewed"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{entry.name} saved")
            return redirect(_DETAIL[kind], slug=entry.slug)
    detail_url = reverse(_DETAIL[kind], args=[slug])
    return render(request, "toolkit/entry_edit.html", {
        "page_title": f"Edit {entry.name}", "form": form, "entry": entry, "kind": kind,
        "breadcrumbs": _crumbs((entry.name, detail_url), ("Edit", None)),
    })


@login_required
@permission_required("toolkit.change_entry", raise_exception=True)
@require_POST
def entry_mark_reviewed(request, kind: str, slug: str):
    entry = _entry_for_curator(kind, slug)
    toolkit_entry_mark_reviewed(entry=entry, user=request.user)
    messages.success(request, f"{entry.name} marked as reviewed today")
    return redirect(_DETAIL[kind], slug=entry.slug)
