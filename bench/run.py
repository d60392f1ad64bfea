"""
Benchmarks: build a national-scale database, time pages in-process and count their queries.

For each case it prints the median of repeated runs, the SQL query count and the ratio of the
median to a trivial signed-in page (the account page) measured in the same run, so figures from
different machines can be compared by ratio.

Cases live in bench/cases_<area>.py, each with a CASES list of bench.harness.Case.

    make bench                       # SQLite file in bench/results/
    BENCH_DATABASE_URL=postgres://vawg:vawg@127.0.0.1:5432/vawg_bench make bench
"""

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "25")))
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database as it is")
    args = parser.parse_args()

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{results / 'bench.sqlite3'}")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vawg_portal.settings")
    os.environ["DEBUG"] = "true"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

    import django

    django.setup()
    from django.core.management import call_command

    from bench.harness import Case, measure, print_table, trivial_case

    if not args.skip_seed:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_reference", verbosity=0)
        print("Seeding national-scale demo data (seed_demo --scale national)...", flush=True)
        call_command("seed_demo", scale="national", verbosity=0)

    cases: list[Case] = []
    for info in pkgutil.iter_modules([str(ROOT / "bench")]):
        if info.name.startswith("cases_"):
            cases.extend(importlib.import_module(f"bench.{info.name}").CASES)
    cases = [c for c in cases if args.only in c.name]

    baseline = measure(trivial_case(), repeat=args.repeat)
    rows = [baseline] + [measure(case, repeat=args.repeat) for case in cases]
    print_table(rows, baseline_median=baseline.median_ms)


if __name__ == "__main__":
    main()
