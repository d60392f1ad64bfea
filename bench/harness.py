"""The pieces every benchmark case uses: a Case, a timed run and the printed table."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class Case:
    """
    One thing to time.

    name: shown in the table. user_email: who is signed in (None for anonymous).
    url: a GET request to time, or run: a callable taking a signed-in Client that does the work
    (a POST, a service call) and returns nothing. setup: optional callable run once before timing.
    """

    name: str
    user_email: str | None = None
    url: str | Callable[[], str] | None = None
    run: Callable[[Client], None] | None = None
    setup: Callable[[], None] | None = None
    expect_status: int = 200


@dataclass
class Result:
    name: str
    median_ms: float
    p90_ms: float
    queries: int


def trivial_case() -> Case:
    return Case(name="trivial signed-in page (account)", user_email="planner@example.com", url="/accounts/account/")


def _client(case: Case) -> Client:
    client = Client()
    if case.user_email:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(email=case.user_email)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _once(case: Case, client: Client) -> None:
    if case.run is not None:
        case.run(client)
        return
    url = case.url() if callable(case.url) else case.url
    response = client.get(url)
    if response.status_code != case.expect_status:
        raise SystemExit(f"{case.name}: GET {url} answered {response.status_code}, expected {case.expect_status}")


def measure(case: Case, *, repeat: int) -> Result:
    """Warm up twice, then time `repeat` runs; count the queries of one run."""
    if case.setup:
        case.setup()
    client = _client(case)
    for _ in range(2):
        _once(case, client)
    # Django clears the query log when a request starts; start from an empty log so the count holds.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        _once(case, client)
    timings = []
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        _once(case, client)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return Result(
        name=case.name,
        median_ms=statistics.median(timings),
        p90_ms=timings[int(len(timings) * 0.9) - 1],
        queries=len(captured.captured_queries),
    )


def print_table(rows: list[Result], *, baseline_median: float) -> None:
    width = max(len(r.name) for r in rows)
    vendor = connection.vendor
    print(f"\nBenchmarks on {vendor}, in-process (Django test client), medians of repeated runs\n")
    print(f"{'case':<{width}}  {'median ms':>9}  {'p90 ms':>7}  {'queries':>7}  {'x trivial':>9}")
    for r in rows:
        ratio = r.median_ms / baseline_median
        print(f"{r.name:<{width}}  {r.median_ms:>9.2f}  {r.p90_ms:>7.2f}  {r.queries:>7}  {ratio:>9.1f}")
