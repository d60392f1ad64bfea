from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from rules.contrib.views import permission_required

from .models import Framework
from .selectors import framework_get, framework_list


@login_required
@permission_required("frameworks.view_framework", raise_exception=True)
def framework_list_view(request):
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "page_title": "National frameworks",
            "frameworks": framework_list(),
            "breadcrumbs": [("Home", reverse("home")), ("Frameworks", None)],
        },
    )


@login_required
@permission_required("frameworks.view_framework", raise_exception=True)
def framework_detail(request, slug: str, version: str | None = None):
    try:
        framework = framework_get(slug=slug, version=version)
    except Framework.DoesNotExist as exc:
        raise Http404("No framework with that name and version") from exc
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "page_title": framework.title,
            "framework": framework,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Frameworks", reverse("frameworks:list")),
                (framework.short_title or framework.title, None),
            ],
        },
    )
