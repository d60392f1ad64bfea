"""The home page's headline figures for the national team (accounts.panels gathers them by discovery)."""

import rules

from accounts.models import User
from accounts.panels import HomePanel

from .selectors import overview_headline, round_current


def panels_for(user: User) -> list[HomePanel]:
    # Asked of the rules set: user.has_perm would fall through to the model backend's queries.
    if not rules.has_perm("compliance.view_overview", user):
        return []
    planning_round = round_current()
    headline = overview_headline(planning_round=planning_round) if planning_round else None
    return [HomePanel("compliance/home/headline.html", {
        "round": planning_round,
        "headline": headline,
        "can_open_round": rules.has_perm("action_plans.open_round", user),
    })]
