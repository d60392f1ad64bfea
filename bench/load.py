"""
`make bench-load`: the portal under load in its production shape, on this machine.

Starts, on 127.0.0.1 only and on free ports: a private redis-server, gunicorn with the
repository's gunicorn.conf.py, and a Celery worker; uses the PostgreSQL server of
BENCH_DATABASE_URL (default postgres://vawg:vawg@127.0.0.1:5432/vawg_bench, created and seeded with
`seed_demo --scale national` if it is empty). Then runs the locust scenario (bench/locustfile.py:
planners editing, chief officers signing off, the coordinator reviewing, anonymous officers
searching the toolkit, API clients) for 50 users over two minutes, stops everything, and prints
requests per second, p50/p95/p99 per page as the users saw them, the errors, and each page's
median server time (from gunicorn's access log) as a ratio to the trivial page's under the same load.

    make bench-load
    BENCH_DATABASE_URL=postgres://vawg:vawg@127.0.0.1:5432/vawg_bench make bench-load
    .venv/bin/python bench/load.py --users 50 --duration 120 [--skip-seed] [--app-dir DIR --legacy-gunicorn]

`--app-dir` runs another checkout's code against the same database (for a "before" figure);
`--legacy-gunicorn` starts gunicorn as the image did before gunicorn.conf.py (3 sync workers).
"""

import argparse
import contextlib
import csv
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_pages import PAGES, TRIVIAL, page_for  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
DEFAULT_DB = "postgres://vawg:vawg@127.0.0.1:5432/vawg_bench"
DEMO_PASSWORD = "demo-password-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], *, env: dict, cwd: Path, timeout: int) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for(url: str, proc: subprocess.Popen, *, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args[0]} exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=2)
            return
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def server_times(access_log: Path) -> dict[str, list[float]]:
    """Milliseconds per page from gunicorn's access log (format: method path status microseconds)."""
    times: dict[str, list[float]] = {}
    if not access_log.exists():
        return times
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) != 4 or not parts[3].isdigit():
            continue
        name = page_for(parts[0], parts[1])
        if name:
            times.setdefault(name, []).append(int(parts[3]) / 1000)
    return times


def report(stats_csv: Path, failures_csv: Path, access_log: Path, seconds: float) -> None:
    rows = list(csv.DictReader(stats_csv.open()))
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    server = server_times(access_log)
    trivial = statistics.median(server[TRIVIAL]) if server.get(TRIVIAL) else None
    print()
    if total:
        print(f"Requests: {total['Request Count']} in {seconds:.0f} s = {float(total['Requests/s']):.1f} req/s; "
              f"errors: {total['Failure Count']}")
    print(f"{'page':<30} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'server p50':>10} {'x trivial':>9}")
    for row in sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"]):
        times = server.get(row["Name"])
        median = statistics.median(times) if times else None
        ratio = f"{median / trivial:.1f}" if median is not None and trivial else "-"
        print(f"{row['Name'][:30]:<30} {row['Request Count']:>8} {row['Failure Count']:>6} {row['50%']:>7} "
              f"{row['95%']:>7} {row['99%']:>7} {(f'{median:.1f}' if median is not None else '-'):>10} {ratio:>9}")
    failures = list(csv.DictReader(failures_csv.open())) if failures_csv.exists() else []
    if failures:
        print("\nErrors:")
        for f in failures:
            print(f"  {f['Occurrences']} x {f['Method']} {f['Name']}: {f['Error'][:200]}")
    missing = sorted(set(PAGES) - {r["Name"] for r in rows})
    if missing:
        print(f"\n(no requests for: {', '.join(missing)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", "50")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "120")),
                        help="seconds of load")
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--reseed", action="store_true",
                        help="drop and seed the database again (runs change it: sign-offs, saved actions)")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout whose code is served")
    parser.add_argument("--legacy-gunicorn", action="store_true", help="3 sync workers, as before gunicorn.conf.py")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("bench-load needs redis-server (apt-get install redis-server)")

    RESULTS.mkdir(parents=True, exist_ok=True)
    work = RESULTS / "load"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    redis_port, web_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VAWG_", "GUNICORN_"))}
    env.update(
        DEBUG="false", SECRET_KEY="bench-only-not-secret-" + "x" * 40, ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0", SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(work / "staticfiles"), LOG_LEVEL="WARNING", CACHE_URL="locmemcache://",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(work / "mail"),
        AXES_FAILURE_LIMIT="1000", PYTHONPATH=str(args.app_dir),
    )
    manage = [sys.executable, "manage.py"]
    app = args.app_dir.resolve()

    _create_database(database, drop=args.reseed)
    if not args.skip_seed:
        run([*manage, "migrate", "--no-input", "-v", "0"], env=env, cwd=app, timeout=600)
        if _count(env, app, "from toolkit.models import Tactic; print(Tactic.objects.count())") < 1000:
            print("Seeding national-scale demo data (seed_demo --scale national)...", flush=True)
            run([*manage, "load_reference", "-v", "0"], env=env, cwd=app, timeout=600)
            run([*manage, "seed_demo", "--scale", "national", "-v", "0"], env={**env, "REDIS_URL": ""}, cwd=app,
                timeout=1800)
    # Every run starts from the same state: demo passwords hashed by the code under test's hasher.
    _shell(env, app, "from django.contrib.auth.hashers import make_password; "
           "from accounts.models import User; "
           f"User.objects.update(password=make_password({DEMO_PASSWORD!r}))")
    # Each planner works on their force's draft (or returned) plan; each chief signs off their own.
    planners = _shell(env, app, "from action_plans.models import ActionPlan; print(','.join("
                      "f'{u.email}={p.pk}' for p in ActionPlan.objects.filter(status__in=['draft', 'returned'])"
                      " for u in p.force.users.filter(role='force_planner')))")
    chiefs = _shell(env, app, "from action_plans.models import ActionPlan; print(','.join("
                    "f'{u.email}={p.pk}' for p in ActionPlan.objects.filter(status='awaiting_signoff')"
                    " for u in p.force.users.filter(role='chief_officer')))")
    run([*manage, "collectstatic", "--no-input", "-v", "0"], env=env, cwd=app, timeout=300)

    access_log = work / "access.log"
    redis = web = worker = None
    try:
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        web_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{web_port}", "GUNICORN_ACCESS_LOG": str(access_log)}
        if args.legacy_gunicorn:
            gunicorn = [str(BIN / "gunicorn"), "vawg_portal.wsgi:application", "--bind", f"127.0.0.1:{web_port}",
                        "--workers", "3", "--no-control-socket", "--timeout", "60"]
        else:
            gunicorn = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "vawg_portal.wsgi:application"]
        gunicorn += ["--access-logfile", str(access_log), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
        web = subprocess.Popen(gunicorn, cwd=app, env=web_env, stdout=(work / "gunicorn.log").open("w"),
                               stderr=subprocess.STDOUT)
        worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "vawg_portal", "worker", "--concurrency=1", "--loglevel=WARNING",
             "-n", f"bench-{os.getpid()}@localhost"],
            cwd=app, env=env, stdout=(work / "worker.log").open("w"), stderr=subprocess.STDOUT,
        )
        host = f"http://127.0.0.1:{web_port}"
        wait_for(f"{host}/healthz", web)
        print(f"Load: {args.users} users for {args.duration} s against {host} "
              f"({'3 sync workers' if args.legacy_gunicorn else 'gunicorn.conf.py'}; code from {app})", flush=True)
        started = time.monotonic()
        locust_env = {**env, "BENCH_PLANNERS": planners.strip(), "BENCH_CHIEFS": chiefs.strip()}
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", host,
             "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s", "--stop-timeout", "10",
             "--csv", str(work / "locust"), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=locust_env, timeout=args.duration + 120, stdout=(work / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        elapsed = time.monotonic() - started
    finally:
        stop(web)
        stop(worker)
        stop(redis)
    report(work / "locust_stats.csv", work / "locust_failures.csv", access_log, elapsed)
    print(f"\nLogs: {work}")


def _create_database(url: str, *, drop: bool) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if drop:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _shell(env: dict, app: Path, code: str) -> str:
    return run([sys.executable, "manage.py", "shell", "-v", "0", "-c", code], env=env, cwd=app, timeout=300)


def _count(env: dict, app: Path, code: str) -> int:
    return int(_shell(env, app, code).strip() or 0)


if __name__ == "__main__":
    main()
