"""
Performance framework: the CSV import at national scale, and the force, measure, return and
completeness pages.

The import file has every measure total for 46 forces over 8 half-year periods (14,904 rows; the
issue's "46 forces × 40 measures × 8 periods, about 14,700"). It goes into eight periods of its
own that are open for entry. Runs alternate between two files of consistent demo figures, so each
timed run really writes: about 10,700 of the 14,904 figures change (the rest, such as populations,
are the same in both files), with outlier flags and history rows. The files are made before timing.
"""

import datetime
import itertools

from bench.harness import Case

PLANNER = "planner@example.com"
COORDINATOR = "coordinator@example.com"
_state: dict = {"run": itertools.count()}


def _bench_periods():
    from performance.models import MeasureSet, ReportingPeriod

    measure_set = MeasureSet.objects.order_by("-created_at").first()
    today = datetime.date.today()
    periods = []
    for i in range(8):
        year, half = 2040 + i // 2, i % 2 + 1
        label = f"Bench {year}-{(year + 1) % 100:02d} H{half}"
        ends_on = datetime.date(year, 9, 30) if half == 1 else datetime.date(year + 1, 3, 31)
        period, _ = ReportingPeriod.objects.get_or_create(
            label=label,
            defaults={"slug": label.lower().replace(" ", "-"), "measure_set": measure_set,
                      "starts_on": ends_on - datetime.timedelta(days=180), "ends_on": ends_on,
                      "opens_on": today - datetime.timedelta(days=1), "due_on": today + datetime.timedelta(days=365)},
        )
        periods.append(period)
    return periods


def _import_file(run: int) -> bytes:
    import csv
    import io

    from accounts.models import Force
    from performance.demo import force_figures
    from performance.services.transfer import HEADER
    from performance.validation import measure_applies

    periods = _state.setdefault("periods", _bench_periods())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for force in Force.objects.order_by("code"):
        for index, period in enumerate(periods):
            codes = {m.code for m in period.measure_set.measures.all() if measure_applies(m, period)}
            figures = force_figures(force, index + 10 * run, annual=period.ends_on.month == 3)
            for (code, breakdown), value in figures.items():
                if breakdown == "" and code in codes:
                    writer.writerow([force.code, period.label, code, "", "" if value is None else str(value),
                                     "" if value is not None else "Denominator was 0"])
    return buffer.getvalue().encode()


def _import_setup() -> None:
    # Two files made before timing: runs alternate between them, so each run really writes.
    _state["periods"] = _bench_periods()
    _state["files"] = [_import_file(1), _import_file(2)]


def _import_run(client) -> None:
    from performance.services.transfer import returns_import_csv

    content = _state["files"][next(_state["run"]) % 2]
    result = returns_import_csv(content=content, user=None)
    if not result.ok:
        raise SystemExit(f"performance import failed: {result.errors[:5]}")
    _state["last"] = result.summary()


def _current_period_url() -> str:
    from performance.selectors import period_current

    return f"/performance/returns/west-yorkshire/{period_current().slug}/"


CASES = [
    Case(name="performance: import CSV, 46 forces x 8 periods (14,904 rows)", setup=_import_setup, run=_import_run),
    Case(name="performance: home", user_email=PLANNER, url="/performance/"),
    Case(name="performance: force page (43 trend charts)", user_email=PLANNER,
         url="/performance/forces/west-yorkshire/"),
    Case(name="performance: measure page with funnel (PP05)", user_email=PLANNER, url="/performance/measures/PP05/"),
    Case(name="performance: return form (draft, 60 figures)", user_email=PLANNER, url=_current_period_url),
    Case(name="performance: completeness (46 forces)", user_email=COORDINATOR, url="/performance/completeness/"),
]
