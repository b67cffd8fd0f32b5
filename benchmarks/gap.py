"""OR-Library GAP through the engine: value against the published optimum, per instance.

    python benchmarks/gap.py                      # gap1-12 and Chu-Beasley A-C, both paths
    python benchmarks/gap.py --methods decomposition --sets cattrysse1994
    python benchmarks/gap.py --sets generated --methods decomposition --time 10
    python benchmarks/gap.py --sets generated --reference --time 600   # the reference table

Instances are maximized (GAP's max form, as gap1-12 were published; the A-C optima in that
sense come from the reference table in ../shared/data/gap-orlib). Writes a CSV and prints a
table with the value as a share of the optimum.

The generated sets are the tightly packed types D and E (allocator.instances.generate_gap),
seeded, named like D-20x200-s1. They are stated in costs, so they are reported in their own
min-cost terms: the plan's cost, the reference cost (HiGHS on the instance alone, cached in
results/gap_reference_generated.csv by --reference: proven optimal or its best plan in the
limit), the gap to it and the run's own bound in cost terms.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from allocator.backends.base import SolveResult
from allocator.decomposition import decompose
from allocator.decomposition.search.multipliers import Settings
from allocator.errors import AllocatorError
from allocator.instances import GapInstance, named_gap, read_gap, write_gap_book
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import decisions_of

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gap-orlib"
RESULTS = ROOT / "benchmarks" / "results"
GENERATED_REFERENCE = RESULTS / "gap_reference_generated.csv"
GENERATED = ("D-5x100-s1", "E-5x100-s1", "D-10x200-s1", "E-20x400-s1", "D-40x400-s1",
             "E-40x800-s1", "D-80x1600-s1", "E-80x1600-s1")
"""From 5 agents x 100 jobs to 80 x 1,600."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["cattrysse1994", "chu1997"])
    parser.add_argument("--methods", nargs="+", default=["exact", "decomposition"])
    parser.add_argument("--time", type=float, default=60.0)
    parser.add_argument("--instances", nargs="+", default=list(GENERATED),
                        help="generated instances (with --sets generated)")
    parser.add_argument("--reference", action="store_true",
                        help="solve the generated instances with HiGHS alone (--time each) "
                             f"and write {GENERATED_REFERENCE.name}")
    parser.add_argument("--solve-only", action="store_true",
                        help="generated instances on the decomposition path: the solve alone "
                             "for --time (no run's check, prices or steps after it)")
    parser.add_argument("--out", type=Path, default=RESULTS / "gap.csv")
    args = parser.parse_args()
    if args.reference:
        write_reference(args.instances, args.time)
        return
    if args.sets == ["generated"]:
        write_rows(generated_rows(args.instances, args.methods, args.time, args.solve_only),
                   args.out)
        return
    reference = pd.read_csv(DATA / "gap_reference_values.csv").set_index("instance")
    rows = []
    with tempfile.TemporaryDirectory(prefix="allocator-gap-") as work:
        for name in reference.index:
            if name.split("/")[0] not in args.sets:
                continue
            optimum = reference.loc[name, "max_optimum_if_proven"]
            instance = read_gap(DATA / reference.loc[name, "file"])
            for method in args.methods:
                folder = Path(work) / f"{name.replace('/', '_')}-{method}"
                path = write_gap_book(instance, folder, method=method, time_limit=args.time)
                start = time.perf_counter()
                try:
                    outcome = optimize(prepare(path))
                    value, bound = outcome.objective, outcome.result.bound
                    status = outcome.result.status.value
                except AllocatorError:
                    value, bound, status = None, None, "no plan"
                seconds = time.perf_counter() - start
                share = None if value is None else value / optimum
                rows.append({"instance": name, "method": method, "status": status,
                             "value": value, "bound": bound, "optimum": optimum,
                             "share_of_optimum": share, "seconds": round(seconds, 2)})
                print(f"{name:<24} {method:<13} {status:<9} value {value} optimum {optimum} "
                      f"share {'-' if share is None else f'{share:.4f}'} {seconds:.1f} s",
                      flush=True)
    write_rows(rows, args.out)
    frame = pd.DataFrame(rows)
    summary = frame.groupby("method").agg(
        instances=("instance", "count"), no_plan=("value", lambda v: int(v.isna().sum())),
        worst_share=("share_of_optimum", "min"), mean_share=("share_of_optimum", "mean"),
        within_1pct=("share_of_optimum", lambda v: int((v >= 0.99).sum())))
    print(summary.to_string())
    print(f"wrote {args.out}")


def write_rows(rows: list[dict[str, object]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {out}")


def generated_rows(names: list[str], methods: list[str], seconds: float,
                   solve_only: bool = False) -> list[dict[str, object]]:
    """Each generated instance through the engine, in its own min-cost terms (or, with
    `solve_only`, through the decomposition's solve alone)."""
    reference = pd.read_csv(GENERATED_REFERENCE).set_index("instance")
    rows = []
    with tempfile.TemporaryDirectory(prefix="allocator-gap-") as work:
        for name in names:
            instance = named_gap(name)
            known = name in reference.index
            best = (float(reference.loc[name, "cost"]), float(reference.loc[name, "lower_bound"])
                    ) if known else None
            for method in methods:
                path = write_gap_book(instance, Path(work) / f"{name}-{method}", method=method,
                                      time_limit=seconds)
                row = _generated_row(instance, method, path, best, solve_only)
                rows.append(row)
                print("  ".join(f"{k} {v}" for k, v in row.items()), flush=True)
    frame = pd.DataFrame(rows)
    print(frame.groupby("method").agg(
        instances=("instance", "count"), worst_gap=("gap_to_reference", "max"),
        within_1pct=("gap_to_reference", lambda v: int((v <= 0.01).sum())),
        worst_certified=("gap_to_lower_bound", "max")).to_string())
    print(auto_against_alone(frame))
    return rows


def auto_against_alone(frame: pd.DataFrame) -> str:
    """Per instance, auto's cost against each path's alone (cost / cost - 1: above zero, auto
    is worse) and against the better of the two, with the load averages of the three runs."""
    if not {"auto", "exact", "decomposition"} <= set(frame["method"]) or "cost" not in frame:
        return ""
    cost = frame.pivot(index="instance", columns="method", values="cost")
    load = frame.pivot(index="instance", columns="method", values="load_average")
    lines = ["instance  auto/exact-1  auto/decomposition-1  auto/better-1  loads"]
    for name in cost.index:
        auto, exact, decomposed = (cost.loc[name, k] for k in ("auto", "exact", "decomposition"))
        better = np.nanmin([exact, decomposed])
        loads = "/".join(f"{load.loc[name, k]:.1f}" for k in ("auto", "exact", "decomposition"))
        lines.append(f"{name}  {auto / exact - 1:+.4%}  {auto / decomposed - 1:+.4%}  "
                     f"{auto / better - 1:+.4%}  {loads}")
    return "\n".join(lines)


def _generated_row(instance: GapInstance, method: str, path: Path,
                   best: tuple[float, float] | None, solve_only: bool = False
                   ) -> dict[str, object]:
    """The run's cost against the reference's (`best`: its cost and lower bound), and against
    the highest lower bound known (the reference's or the run's own): a certified gap."""
    start, used = time.perf_counter(), _cpu()
    try:
        result = _solved(path) if solve_only else optimize(prepare(path)).result
    except AllocatorError:
        return {"instance": instance.name, "method": method, "status": "no plan"}
    seconds = time.perf_counter() - start
    cpu = tuple(round(after - before, 2) for after, before in zip(_cpu(), used, strict=True))
    if result.objective is None:
        return {"instance": instance.name, "method": method, "status": result.status.value}
    cost = instance.cost(result.objective)
    bound = -np.inf if result.bound is None else instance.cost(result.bound)
    lowest = max(bound, -np.inf if best is None else best[1])
    return {"instance": instance.name, "method": method, "status": result.status.value,
            "stopped_on": result.stopped_on.value if result.stopped_on else None,
            "cost": round(cost, 3), "reference": None if best is None else best[0],
            "gap_to_reference": None if best is None else round((cost - best[0]) / best[0], 6),
            "own_bound": round(bound, 3), "gap_to_lower_bound": round((cost - lowest) / lowest, 6),
            "seconds": round(seconds, 2), "load_average": round(os.getloadavg()[0], 2),
            "cpu_here": cpu[0], "cpu_forked": cpu[1]}


def _solved(path: Path) -> SolveResult:
    """The decomposition's solve alone, for the scenario's time limit and gap."""
    prepared = prepare(path)
    scenario = prepared.loaded.scenario
    settings = Settings(time_limit=scenario.solver.time_limit, gap=scenario.solver.gap,
                        seed=scenario.solver.seed)
    return decompose(prepared.valued, scenario, decisions_of(prepared.valued), settings).result


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its ended forked solves (user and system)."""
    here, forked = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                        resource.RUSAGE_CHILDREN))
    return here.ru_utime + here.ru_stime, forked.ru_utime + forked.ru_stime


def write_reference(names: list[str], seconds: float) -> None:
    """HiGHS on each generated instance alone (min cost, one thread): its best cost, lower
    bound and whether it proved the optimum, within `seconds` each."""
    rows = []
    for name in names:
        instance = named_gap(name)
        start = time.perf_counter()
        cost, bound, proven = reference_cost(instance, seconds)
        rows.append({"instance": name, "cost": round(cost, 6), "lower_bound": round(bound, 6),
                     "proven": proven,
                     "time_limit": seconds, "seconds": round(time.perf_counter() - start, 1)})
        print(rows[-1], flush=True)
    write_rows(rows, GENERATED_REFERENCE)


def reference_cost(instance: GapInstance, seconds: float) -> tuple[float, float, bool]:
    """min sum c x: each job on one agent, each agent's resource within its capacity."""
    import highspy
    import scipy.sparse as sp

    m, n = instance.profit.shape
    cost = (instance.shift - instance.profit).ravel()  # column i * n + j: agent i, job j
    agent, job = np.divmod(np.arange(m * n), n)
    matrix = sp.vstack([sp.csr_matrix((np.ones(m * n), (job, np.arange(m * n))), (n, m * n)),
                        sp.csr_matrix((instance.resource.ravel(), (agent, np.arange(m * n))),
                                      (m, m * n))]).tocsc()
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(seconds))
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_rel_gap", 0.0)
    lower = np.r_[np.ones(n), np.full(m, -highspy.kHighsInf)]
    upper = np.r_[np.ones(n), instance.capacity]
    highs.addVars(m * n, np.zeros(m * n), np.ones(m * n))
    highs.changeColsCost(m * n, np.arange(m * n, dtype=np.int32), cost)
    highs.changeColsIntegrality(m * n, np.arange(m * n, dtype=np.int32),
                                np.full(m * n, highspy.HighsVarType.kInteger))
    highs.addRows(n + m, lower, upper, matrix.nnz, matrix.tocsr().indptr[:-1].astype(np.int32),
                  matrix.tocsr().indices.astype(np.int32), matrix.tocsr().data)
    highs.run()
    info = highs.getInfo()
    proven = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(info.objective_function_value), float(info.mip_dual_bound), proven


if __name__ == "__main__":
    main()
