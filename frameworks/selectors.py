"""Reads of the national framework."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Framework, FrameworkAction, Outcome, Pillar


def framework_list() -> QuerySet[Framework]:
    """Every framework, newest first, with counts of pillars and actions for the list page."""
    return Framework.objects.annotate(
        pillar_count=Count("pillars", distinct=True),
        action_count=Count("actions", distinct=True),
        force_action_count=Count("actions", filter=Q(actions__audience=FrameworkAction.Audience.FORCES), distinct=True),
    ).order_by("-published_on", "slug", "-version")


def framework_get(*, slug: str, version: str | None = None) -> Framework:
    """
    One framework with its pillars, outcomes and actions preloaded (a fixed number of queries).

    The previous framework comes with it, and the codes each pillar and action maps from. Without
    a version, the newest published version is returned, else the newest of any status.
    Raises Framework.DoesNotExist.
    """
    actions = FrameworkAction.objects.order_by("position", "code").prefetch_related(
        Prefetch("maps_from", queryset=FrameworkAction.objects.only("id", "code", "framework_id").order_by("code"))
    )
    outcomes = Outcome.objects.order_by("position", "code").prefetch_related(Prefetch("actions", queryset=actions))
    pillars = Pillar.objects.order_by("position", "code").prefetch_related(
        Prefetch("outcomes", queryset=outcomes),
        Prefetch("maps_from", queryset=Pillar.objects.only("id", "code", "framework_id").order_by("code")),
    )
    queryset = (
        Framework.objects.filter(slug=slug)
        .select_related("previous")
        .prefetch_related(Prefetch("pillars", queryset=pillars))
    )
    if version is not None:
        return queryset.get(version=version)
    framework = queryset.filter(status=Framework.Status.PUBLISHED).order_by("-published_on").first()
    return framework or queryset.order_by("-created_at").get()


def framework_choices() -> list[tuple[str, str]]:
    """("slug:version", label) for every framework, newest first: the options of the compare form."""
    return [
        (f"{slug}:{version}", f"{short_title or title} (version {version})")
        for slug, version, title, short_title in Framework.objects.order_by(
            "-published_on", "slug", "-version"
        ).values_list("slug", "version", "title", "short_title")
    ]
