"""The public customer-assignment instances (Bigler, Kammermann and Baumann 2023) through the
engine: import, plan, and the LP bound of the full model.

    python benchmarks/calendar.py                         # GS1 and GS1_prime (soft), each path
    python benchmarks/calendar.py --time-limit 300 --instances GS1

Each instance is imported with `allocate import bigler` (GS1_prime with --soft: it has no
plan with every rule hard), planned by each method (exact, decomposition, auto), and its full
model's LP relaxation solved by HiGHS. Prints, per instance and method: objective, certified
bound, gap, gap to the LP bound, seconds. Not part of the test run.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# this file's name is the standard library's calendar module's: keep its folder off the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import argparse  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402

from allocator.backends import SolveOptions, get_backend  # noqa: E402
from allocator.campaigns.bigler import import_bigler  # noqa: E402
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
    start = time.perf_counter()
    try:
        outcome = optimize(prepare(path, sets))
    except UserError as error:
        return {"status": f"not planned: {error}"}
    seconds = time.perf_counter() - start
    bound = outcome.result.bound
    gap = (bound - outcome.objective) / abs(bound) if bound and outcome.objective else None
    return {"status": outcome.result.status.value, "objective": outcome.objective,
            "bound": bound, "gap": gap, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", nargs="+", default=["GS1", "GS1_prime"])
    parser.add_argument("--methods", nargs="+", default=["exact", "decomposition", "auto"])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--gap", type=float, default=1e-4, help="Relative gap to stop at.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
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
