"""
Report benchmarks: the 150-action plan PDF, every approved plan on one and two processes, and a
job's round trip through Redis and a real worker.

The figures print once, before the timed page cases (the status page and "Your reports"):

- plan PDF: median seconds to make it (snapshot through the selectors, fingerprint, HTML, WeasyPrint),
  its pages, the peak memory of a fresh process making it, and the ratio to WeasyPrint rendering the
  same finished HTML alone (aim: at most 1.15);
- every approved plan: wall time with two worker processes against one, each process making whole
  plan PDFs as the ZIP job's parts do, run one-two-two-one to even out other load (aim: at most 0.6);
- round trip: a small plan's job from publish to ready through Redis and a `celery worker` process
  (BENCH_REDIS_URL, default redis://127.0.0.1:6379/15; skipped when no Redis answers).

    python bench/run.py --only reports --skip-seed
"""

import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import Case

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = "coordinator@example.com"
REPEAT = int(os.environ.get("BENCH_REPORT_REPEAT", "3"))
_state: dict = {}


def _median(fn, repeat: int = REPEAT) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _user():
    from accounts.models import User

    return User.objects.get(email=NATIONAL)


def _big_plan():
    from django.db.models import Count

    from action_plans.models import ActionPlan

    return (ActionPlan.objects.filter(status=ActionPlan.Status.APPROVED).annotate(n=Count("actions"))
            .filter(n__gte=150).order_by("-n", "pk").first())


def _make(plan_id: int):
    from reports import selectors
    from reports.services import documents

    snapshot = selectors.plan_snapshot(user=_user(), plan_id=plan_id)
    selectors.fingerprint_of(snapshot)
    return documents.plan_pdf(snapshot)


def _peak_memory_mb(plan_id: int) -> float:
    """Peak resident memory of a fresh process that makes the plan PDF once."""
    code = (
        "import django, resource, sys; django.setup();"
        "from bench.cases_reports import _make; _make(int(sys.argv[1]));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(plan_id)], cwd=ROOT, env=os.environ.copy(),
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def _worker_make(plan_ids: list[int]) -> int:
    import django

    django.setup()
    from django.db import connection

    connection.close()
    return sum(_make(pk).pages for pk in plan_ids)


def _all_plans_seconds(plan_ids: list[int], processes: int) -> float:
    """Wall time for `processes` processes to make every plan PDF, plans shared out one by one."""
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    with ctx.Pool(processes) as pool:
        list(pool.imap_unordered(_worker_make, [[pk] for pk in plan_ids]))
    return time.perf_counter() - start


def _small_plan():
    """A ten-action plan for the round trip, made once from the first actions of the big plan."""
    from action_plans.models import ActionPlan, LocalAction, PlanningRound

    big = _big_plan()
    round_, _ = PlanningRound.objects.get_or_create(
        framework_id=big.round.framework_id, title="Benchmark round (reports)",
        defaults={"due_on": big.round.due_on, "opened_by": big.round.opened_by},
    )
    plan, created = ActionPlan.objects.get_or_create(force=big.force, round=round_, revision=1)
    if created or not plan.actions.exists():
        for action in big.actions.order_by("reference")[:10]:
            LocalAction.objects.create(plan=plan, reference=action.reference, title=action.title,
                                       pillar_id=action.pillar_id, outcome_id=action.outcome_id,
                                       owner_team=action.owner_team, lead_officer=action.lead_officer)
    return plan


def _round_trip_ms() -> str:
    """Median ms from publish to ready for a small plan's job, through Redis and a worker process."""
    import socket

    from reports.models import ReportJob
    from reports.services import jobs
    from vawg_portal.celery import app

    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    host, port = url.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=0.5).close()
    except OSError:
        return "skipped (no Redis at BENCH_REDIS_URL)"
    small = _small_plan()
    env = {**os.environ, "REDIS_URL": url, "REPORTS_ROOT": str(ROOT / "bench" / "results" / "reports")}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "vawg_portal", "worker", "--pool=solo", "-n", "bench@localhost",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.update(broker_url=url, task_always_eager=False)
    timings = []
    try:
        for attempt in range(REPEAT + 1):
            ReportJob.objects.filter(kind="plan_pdf", params={"plan_id": small.pk}).delete()
            start = time.perf_counter()
            job = jobs.report_job_request(user=_user(), kind="plan_pdf", params={"plan_id": small.pk})
            while True:
                job.refresh_from_db()
                if job.is_finished:
                    break
                time.sleep(0.005)
            if attempt:  # the first warms the worker up
                timings.append((time.perf_counter() - start) * 1000)
    finally:
        app.conf.update(broker_url=saved[0], task_always_eager=saved[1])
        worker.terminate()
        worker.wait(timeout=30)
    return f"{statistics.median(timings):.0f} ms ({small.actions.count()} actions, {job.pages} pages)"


def report_figures() -> None:
    """Print the report figures once (the setup of the first case)."""
    if _state.get("printed"):
        return
    _state["printed"] = True
    from django.db import connection

    from action_plans.models import ActionPlan
    from reports import selectors
    from reports.services import documents

    plan = _big_plan()
    if plan is None:
        print("reports: no approved plan with 150 actions (run seed_demo --scale national)")
        return
    html = documents.plan_html(selectors.plan_snapshot(user=_user(), plan_id=plan.pk))
    pages = documents.pdf_from_html(html).pages
    # Interleave the two measurements (make, WeasyPrint alone, make, ...) so that load from other
    # processes on the machine falls on both alike; the ratio is the median of the pairs' ratios.
    makes, alones = [], []
    for _ in range(REPEAT):
        makes.append(_median(lambda: _make(plan.pk), repeat=1))
        alones.append(_median(lambda: documents.pdf_from_html(html), repeat=1))
    make_s, weasy_s = statistics.median(makes), statistics.median(alones)
    ratio = statistics.median(m / w for m, w in zip(makes, alones, strict=True))
    # The part that is not WeasyPrint (selectors, fingerprint, template), timed on its own: it is
    # short and steady, so 1 + overhead / WeasyPrint is a ratio that other load hardly moves.
    overhead_s = _median(lambda: documents.plan_html(selectors.plan_snapshot(user=_user(), plan_id=plan.pk)),
                         repeat=REPEAT * 3)
    memory = _peak_memory_mb(plan.pk)
    approved = list(ActionPlan.objects.filter(status=ActionPlan.Status.APPROVED).values_list("pk", flat=True))
    # One, two, two, one: load from other processes that rises or falls during the runs falls on
    # both sides alike.
    one_a = _all_plans_seconds(approved, 1)
    two_a = _all_plans_seconds(approved, 2)
    two_b = _all_plans_seconds(approved, 2)
    one_b = _all_plans_seconds(approved, 1)
    one, two = (one_a + one_b) / 2, (two_a + two_b) / 2
    trip = _round_trip_ms()
    print(f"\nReports on {connection.vendor} ({os.cpu_count()} CPUs), medians of {REPEAT}")
    print(f"  plan PDF, {plan.actions.count()} actions: {make_s:.2f} s, {pages} pages, peak {memory:.0f} MB; "
          f"WeasyPrint alone {weasy_s:.2f} s; ratio {ratio:.2f} measured in pairs, "
          f"{1 + overhead_s / weasy_s:.3f} from the parts (data and HTML {overhead_s * 1000:.0f} ms) (aim <= 1.15)")
    print(f"  all {len(approved)} approved plans: 1 process {one:.1f} s, 2 processes {two:.1f} s "
          f"(means of 1-2-2-1 runs); ratio {two / one:.2f} (aim <= 0.6)")
    print(f"  job round trip on Redis, small plan: {trip}\n", flush=True)


def _job_url() -> str:
    from reports.models import ReportJob

    job = ReportJob.objects.filter(requested_by__email=NATIONAL).order_by("-pk").first()
    if job is None:
        job = ReportJob.objects.create(kind="toolkit_pdf", title="Bench", requested_by=_user())
    return f"/reports/{job.uuid}/"


CASES = [
    Case(name="reports: figures, then the job status page", user_email=NATIONAL, url=_job_url,
         setup=report_figures),
    Case(name="reports: your reports", user_email=NATIONAL, url="/reports/"),
]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg_portal.settings")
    import django

    django.setup()
    report_figures()
