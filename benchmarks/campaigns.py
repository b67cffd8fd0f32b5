"""The public customer-assignment instances (Bigler, Kammermann and Baumann 2023) through the
engine: import, plan, and the LP bound of the full model.

    python benchmarks/campaigns.py                         # GS1 and GS1_prime (soft), each path
    python benchmarks/campaigns.py --time-limit 300 --instances GS1
    python benchmarks/campaigns.py --customers 10000 --activities 150     # a generated book
    python benchmarks/campaigns.py --customers 1000000 --activities 150 --time-limit 600 \
        --gap 0.005 --out /data/gl

With --customers and --activities, a seeded book by the public instances' recipe
(allocator.campaigns.generated) is generated and written (Parquet), with its time and size,
and the LP size of its exact model; a book up to --plan-limit customers is imported and
planned on the exact path, a larger one on the decomposition path (its time, gap, bound,
stages, peak RSS and the load average printed). The plan runs in a process of its own, so its
peak RSS is the plan's alone (not the drawing's); with --reuse, a folder --out already holds
(generated and imported before) is planned again without drawing it anew.

Each instance is imported with `allocate import bigler` (GS1_prime with --soft: it has no
plan with every rule hard), planned by each method (exact, decomposition, auto), and its full
model's LP relaxation solved by HiGHS. Prints, per instance and method: objective, certified
bound, gap, gap to the LP bound, seconds. Not part of the test run.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# keep this folder off the path: a module here must not shadow the standard library's
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import argparse  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from dataclasses import replace  # noqa: E402

from allocator.backends import SolveOptions, get_backend  # noqa: E402
from allocator.campaigns.bigler import import_bigler  # noqa: E402
from allocator.campaigns.generated import (  # noqa: E402
    exact_size,
    generate_calendar,
    write_calendar,
)
from allocator.errors import UserError  # noqa: E402
from allocator.optimize import optimize  # noqa: E402
from allocator.preparation import prepare  # noqa: E402
from allocator.problem import build_problem  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "bigler-customer-assignment"
SOFT = {"GS1_prime"}


def lp_bound(path: Path, time_limit: float) -> tuple[float, float]:
    """The LP relaxation of the full model (conflicts as cliques): bound and seconds."""
    prepared = prepare(path, [])
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    start = time.perf_counter()
    result = get_backend("highs").solve(
        problem, replace(SolveOptions(time_limit=time_limit, threads=2), relax=True))
    return float(result.objective or float("nan")), time.perf_counter() - start


def plan(path: Path, method: str, time_limit: float, gap: float) -> dict[str, object]:
    sets = [f"solver.method={method}", f"solver.time_limit={time_limit}", f"solver.gap={gap}"]
    start, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = optimize(prepare(path, sets))
    except UserError as error:
        return {"status": f"not planned: {error}",
                "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    bound = outcome.result.bound
    gap = (bound - outcome.objective) / abs(bound) if bound and outcome.objective else None
    size = {} if outcome.problem is None else {
        "rows": outcome.problem.n_rows, "columns": outcome.problem.n_cols,
        "nonzeros": outcome.problem.matrix.nnz}
    return {"status": outcome.result.status.value, "stopped_on": outcome.result.stopped_on,
            "objective": outcome.objective, "bound": bound, "gap": gap, "seconds": seconds,
            "cpu": cpu, **size,
            "stages": " ".join(f"{stage} {took:.1f} s" for stage, took in outcome.timings.items())}


def planned_alone(path: Path, method: str, time_limit: float, gap: float
                  ) -> tuple[dict[str, object], float]:
    """`plan` in a fresh process: what it found, and that process's peak RSS (MiB)."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        return pool.submit(_plan_and_peak, path, method, time_limit, gap).result()


def _plan_and_peak(path: Path, method: str, time_limit: float, gap: float
                   ) -> tuple[dict[str, object], float]:
    found = plan(path, method, time_limit, gap)
    return found, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generated(args: argparse.Namespace, scratch: Path) -> None:
    """Generate, write and plan a book of --customers x --activities (exactly up to
    --plan-limit customers, else on the decomposition path)."""
    folder = Path(args.out) if args.out else scratch / "generated"
    path = folder / "scenario" / "scenario.yaml"
    if not (args.reuse and path.is_file()):
        path = _drawn(args, folder)
    method = "exact" if args.customers <= args.plan_limit else "decomposition"
    found, peak = planned_alone(path, method, args.time_limit, args.gap)
    print(f"  {method}: " + ", ".join(f"{k} {v:,.4f}" if isinstance(v, float) else f"{k} {v}"
                                      for k, v in found.items()))
    print(f"  peak RSS of the plan {peak:,.0f} MiB, load average {os.getloadavg()[0]:.1f}")


def _drawn(args: argparse.Namespace, folder: Path) -> Path:
    """The book drawn, written and imported into `folder`: its scenario's path."""
    start, cpu = time.perf_counter(), time.process_time()
    book = generate_calendar(args.customers, args.activities, args.seed, args.eligibility)
    drawn, cpu = time.perf_counter() - start, time.process_time() - cpu
    write_calendar(book, folder)
    written = time.perf_counter() - start - drawn
    size = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    print(f"generated {args.customers:,} customers x {args.activities} activities (seed "
          f"{args.seed}): {len(book.pairs):,} eligible pairs, {len(book.pattern_customers)} "
          f"patterns; drawn in {drawn:.1f} s ({cpu:.1f} s of CPU), written in {written:.1f} s, "
          f"{size / 1e6:,.1f} MB in {folder}")
    rows, columns, nonzeros = exact_size(book)
    print(f"exact model before pairs of no value are left out: {rows:,} rows, {columns:,} "
          f"columns, {nonzeros:,} nonzeros")
    del book
    start = time.perf_counter()
    path = import_bigler(folder, folder / "scenario")
    print(f"  imported in {time.perf_counter() - start:.1f} s")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--instances", nargs="+", default=["GS1", "GS1_prime"],
                        help="Instances of the public data set to plan (GS1_prime: soft).")
    parser.add_argument("--methods", nargs="+", default=["exact", "decomposition", "auto"],
                        help="solver.method values to plan each with.")
    parser.add_argument("--time-limit", type=float, default=60.0,
                        help="solver.time_limit of each plan, in seconds.")
    parser.add_argument("--gap", type=float, default=1e-4, help="Relative gap to stop at.")
    parser.add_argument("--customers", type=int, help="Generate a book of this many customers.")
    parser.add_argument("--activities", type=int, default=150,
                        help="Activities of the generated book.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated book.")
    parser.add_argument("--eligibility", type=float, default=0.05,
                        help="Mean share of the activities a customer may get.")
    parser.add_argument("--plan-limit", type=int, default=20_000,
                        help="Largest generated book planned on the exact path.")
    parser.add_argument("--out", help="Folder for the generated book (default: a scratch one).")
    parser.add_argument("--reuse", action="store_true",
                        help="Plan the book --out holds from an earlier run, not drawn anew.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.customers:
            generated(args, Path(scratch))
            return
        for name in args.instances:
            path = import_bigler(DATA / name, Path(scratch) / name, soft=name in SOFT)
            bound, seconds = lp_bound(path, args.time_limit)
            print(f"{name}: LP bound of the full model {bound:,.4f} ({seconds:.1f} s)")
            for method in args.methods:
                found = plan(path, method, args.time_limit, args.gap)
                if "objective" not in found:
                    print(f"  {method}: {found['status']}")
                    continue
                gap, objective = found["gap"], float(found["objective"])  # type: ignore[arg-type]
                to_lp = (bound - objective) / abs(bound)
                print(f"  {method}: {found['status']}, objective {found['objective']:,.4f}, "
                      f"bound {found['bound']:,.4f}, gap {gap:.5%}, to the LP bound "
                      f"{to_lp:.5%}, {found['seconds']:.1f} s")


if __name__ == "__main__":
    main()
