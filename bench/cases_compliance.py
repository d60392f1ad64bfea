"""
National compliance: the overview, heatmap, a force's page and the overview's CSV export at
national scale (every force with a plan in the demo round, 40 measures × 8 periods of returns).

The issue's aim for the overview: at most 25 times the trivial page and at most 20 queries. Every
figure is one annotated SQL query (compliance.selectors.force_overview), so the query count does
not move with the number of forces or actions; the ratio is the thing to watch.

    python bench/run.py --only compliance
"""

from bench.harness import Case

NATIONAL = "coordinator@example.com"


def _first_force_page() -> str:
    from accounts.models import Force

    force = Force.objects.filter(action_plans__isnull=False).order_by("name").first() or Force.objects.first()
    return f"/compliance/forces/{force.code}/"


CASES = [
    Case(name="compliance overview (every force)", user_email=NATIONAL, url="/compliance/"),
    Case(name="compliance overview, filtered and sorted", user_email=NATIONAL,
         url="/compliance/?status=approved&rag=red&sort=-coverage"),
    Case(name="compliance heatmap (forces × pillars)", user_email=NATIONAL, url="/compliance/heatmap/"),
    Case(name="compliance force page", user_email=NATIONAL, url=_first_force_page),
    Case(name="compliance overview CSV export", user_email=NATIONAL, url="/compliance/export.csv"),
]
