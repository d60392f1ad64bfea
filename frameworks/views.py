from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from .comparison import compare, snapshot
from .forms import FrameworkCompareForm
from .models import Framework
from .selectors import framework_choices, framework_get, framework_list_for_user


@require_GET
@login_required
@permission_required("frameworks.view_framework", raise_exception=True)
def framework_list_view(request):
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "page_title": "National frameworks",
            "frameworks": list(framework_list_for_user(user=request.user)),
            "breadcrumbs": [("Home", reverse("home")), ("Frameworks", None)],
        },
    )


@require_GET
@login_required
@permission_required("frameworks.view_framework", raise_exception=True)
def framework_detail(request, slug: str, version: str | None = None):
    try:
        framework = framework_get(slug=slug, version=version, user=request.user)
    except Framework.DoesNotExist as exc:
        raise Http404("No framework with that name and version") from exc
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "page_title": f"{framework.title}, version {framework.version}",
            "framework": framework,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Frameworks", reverse("frameworks:list")),
                (framework.short_title or framework.title, None),
            ],
        },
    )


@require_GET
@login_required
@permission_required("frameworks.view_framework", raise_exception=True)
def framework_compare(request):
    choices = framework_choices(user=request.user)
    bound = "from" in request.GET or "to" in request.GET
    initial = {"from": choices[1][0], "to": choices[0][0]} if len(choices) > 1 else {}
    form = FrameworkCompareForm(request.GET if bound else None, initial=initial, choices=choices)
    comparison = None
    if form.is_valid():
        # Both keys were offered as choices just now; a framework deleted since is a 404.
        try:
            old = framework_get(slug=form.pair("from")[0], version=form.pair("from")[1], user=request.user)
            new = framework_get(slug=form.pair("to")[0], version=form.pair("to")[1], user=request.user)
        except Framework.DoesNotExist as exc:
            raise Http404("No framework with that name and version") from exc
        comparison = compare(snapshot(old), snapshot(new))
    return render(
        request,
        "frameworks/framework_compare.html",
        {
            "page_title": "Compare frameworks",
            "form": form,
            "comparison": comparison,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Frameworks", reverse("frameworks:list")),
                ("Compare frameworks", None),
            ],
        },
    )
