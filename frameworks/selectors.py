"""Reads of the national framework."""

import rules
from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Framework, FrameworkAction, Outcome, Pillar


def _visible_to(queryset: QuerySet[Framework], user) -> QuerySet[Framework]:
    """Drafts only for those who may see them (frameworks.rules); everyone with a role sees the rest."""
    # Ask the rules set directly: user.has_perm would also ask ModelBackend, costing two queries.
    if user is None or rules.has_perm("frameworks.view_draft_framework", user):
        return queryset
    return queryset.exclude(status=Framework.Status.DRAFT)


def framework_list() -> QuerySet[Framework]:
    """Every framework, newest first, with counts of pillars and actions for the list page."""
    return Framework.objects.annotate(
        pillar_count=Count("pillars", distinct=True),
        action_count=Count("actions", distinct=True),
        force_action_count=Count("actions", filter=Q(actions__audience=FrameworkAction.Audience.FORCES), distinct=True),
    ).order_by("-published_on", "slug", "-version")


def framework_list_for_user(*, user) -> QuerySet[Framework]:
    """framework_list without the drafts the user may not see."""
    return _visible_to(framework_list(), user)


def framework_get(*, slug: str, version: str | None = None, user=None) -> Framework:
    """
    One framework with its pillars, outcomes and actions preloaded (a fixed number of queries).

    The previous framework comes with it, and the codes each pillar and action maps from. Without
    a version, the newest published version is returned, else the newest of any status. With a
    user, drafts they may not see are left out. Raises Framework.DoesNotExist.
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
        _visible_to(Framework.objects.filter(slug=slug), user)
        .select_related("previous")
        .prefetch_related(Prefetch("pillars", queryset=pillars))
    )
    if version is not None:
        return queryset.get(version=version)
    framework = queryset.filter(status=Framework.Status.PUBLISHED).order_by("-published_on").first()
    framework = framework or queryset.order_by("-created_at", "-pk").first()
    if framework is None:
        raise Framework.DoesNotExist(f"No framework {slug}")
    return framework


def framework_choices(*, user=None) -> list[tuple[str, str]]:
    """("slug:version", label) for every framework the user may see, newest first: the compare form's options."""
    return [
        (f"{slug}:{version}", f"{short_title or title} (version {version})")
        for slug, version, title, short_title in _visible_to(Framework.objects.all(), user)
        .order_by("-published_on", "slug", "-version")
        .values_list("slug", "version", "title", "short_title")
    ]
