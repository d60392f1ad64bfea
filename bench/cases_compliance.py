"""
National compliance: the overview, heatmap (by pillar and by outcome), a force's page and the
overview's CSV export at national scale: seed_demo --scale national gives all 46 forces a plan of
150 actions in the demo round (every action of an approved plan with 10 progress updates; the
others cannot carry progress yet) and returns for the shipped measures (43) over 8 periods.

The issue's aim for the overview: at most 25 times the trivial page and at most 20 queries. Every
figure is one annotated SQL query (compliance.selectors.force_overview), and the heatmap's are a
few grouped aggregates over every plan (compliance.selectors.force_heatmap), so the query count does
not move with the number of forces or actions; the ratio is the thing to watch.

Before the timed cases it prints the national compliance PDF's figures once: the median seconds to
make it (the snapshot through the compliance selectors, HTML, WeasyPrint) and its pages.

    python bench/run.py --only compliance
    python -m bench.cases_compliance      # the PDF figures alone
"""

import os
import statistics
import sys
import time
from pathlib import Path

from bench.harness import Case

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_REPORT_REPEAT", "3"))
_state: dict = {}

NATIONAL = "coordinator@example.com"


def _first_force_page() -> str:
    from accounts.models import Force

    force = Force.objects.filter(action_plans__isnull=False).order_by("name").first() or Force.objects.first()
    return f"/compliance/forces/{force.code}/"


def national_pdf_figures() -> None:
    """Print the national compliance PDF's time and pages once (the setup of the first case)."""
    if _state.get("printed"):
        return
    _state["printed"] = True
    from compliance.report import national_snapshot
    from reports.services import documents

    timings, pages, forces = [], 0, 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        snapshot = national_snapshot()
        pages = documents.national_compliance_pdf(snapshot).pages
        timings.append(time.perf_counter() - start)
        forces = len(snapshot["forces"])
    print(f"\n  national compliance PDF, {forces} forces: {statistics.median(timings):.2f} s "
          f"(median of {REPEAT}), {pages} pages\n", flush=True)


CASES = [
    Case(name="compliance overview (every force)", user_email=NATIONAL, url="/compliance/",
         setup=national_pdf_figures),
    Case(name="compliance overview, filtered and sorted", user_email=NATIONAL,
         url="/compliance/?status=approved&rag=red&sort=-coverage"),
    Case(name="compliance heatmap (forces × pillars)", user_email=NATIONAL, url="/compliance/heatmap/"),
    Case(name="compliance heatmap (forces × outcomes)", user_email=NATIONAL, url="/compliance/heatmap/?by=outcome"),
    Case(name="compliance force page", user_email=NATIONAL, url=_first_force_page),
    Case(name="compliance overview CSV export", user_email=NATIONAL, url="/compliance/export.csv"),
]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg_portal.settings")
    import django

    django.setup()
    national_pdf_figures()
