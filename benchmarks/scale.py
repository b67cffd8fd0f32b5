"""Scale benchmark: `solver.method: auto` against each path alone, at the same time limit.

    python benchmarks/scale.py                        # 5k, 10k, 20k, 50k, 100k at 60 s
    python benchmarks/scale.py --sizes 5000 10000 --time 30
    python benchmarks/scale.py --sizes --gap-d 80x1600 --time 60    # a type D GAP instance
    python benchmarks/scale.py --sizes --real                       # the five real data sets
    python benchmarks/scale.py --sizes --real bank_churn --solve-only --time 20

Each run is a separate process (`api.run` on a scenario written beside the generated book,
its folder written too), so its wall time, end to end, and peak RSS are its own. Its base is
today's books (`base="today"`): the limits scaled by `--set` make it a what-if, whose plain
run, the demo's limits on a large book, has no plan, so today's books would be its base after
a wasted run. A run's own clock (`seconds_run`: from reading its book to its folder written)
is held to its time limit plus its write allowance (allocator.attempts.write_allowance: a
fixed part and a part per 10,000 customers); `over` is what it took past both (negative:
inside them; for a run that failed, its process's time past the limit alone), `write` its
folder's writing. Budget, loss cap, channel capacity and the continuity limit scale with the
book (the demo's per-customer levels). Type D instances (a_ij ~ U[1,100],
c_ij = 111 - a_ij + U[-10,10], b_i = 0.8 sum_j a_ij / m, maximized as K - c_ij) come from a
small generator here. Results go to a CSV and a printed table, one line per run (with the
share of the RMs' yearly hours its plan uses: 99.4-99.5% on the generated books of
5,000-100,000 customers), with each stage's seconds and share of the run (STAGES), the time
to read the book's Parquet file alone in a fresh process (the floor any run pays) and the
run's wall time per that read, and, per book, which method's plan was best; nothing here is
part of the test run.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PER_CUSTOMER = {"budget.total": 15.0, "risk.loss_cap": 0.5, "risk.capital_cap": 1333.0,
                "rules.channel_capacity.call_centre": 0.04, "rules.channel_capacity.branch": 0.0133,
                "rules.continuity.max_reassignments": 0.02}
CUSTOMERS_PER_RM = 300.0
"""About N/300 RMs: each region's hours shared by one RM per 300 of its customers."""
METHODS = ("auto", "exact", "decomposition")
STAGES = ("read", "tier", "value", "build", "search", "repair", "check", "prices", "after",
          "write")
"""A run's stages, in order: `build` is the model (exact) or the coupling rows and customer
choices (decomposition); `repair` the decomposition's repairs added up (above 20,000
customers they run beside the search, so `search` is the solve less them); `after` the
reference assignment, the closest plan and the rule-of-thumb plans; `write` the run folder
(the run's own clock less every stage it timed)."""
FIELDS = ["book", "customers", "method", "kept", "why", "status", "objective", "bound", "gap",
          "rm_hours_used",
          "time_limit", "seconds_total", "seconds_run", "allowance", "over", "seconds_solve",
          "seconds_prices", "seconds_after", "peak_rss_mib", *(f"seconds_{s}" for s in STAGES),
          "seconds_parquet_read", "run_per_read", "load_average"]


def book(folder: Path, customers: int, seed: int, customers_per_rm: float | None) -> Path:
    """Generate the book and write a scenario for it; return the scenario."""
    from allocator.book import generate_book, write_book

    generated = generate_book(customers, seed, customers_per_rm)
    write_book(generated, folder)
    return demo_scenario(folder, f"scale-{customers}", "customers.parquet")


def demo_scenario(folder: Path, name: str, customers: str) -> Path:
    """The demo's scenario on the book in `folder` (customers at `customers`, rms.csv and
    offers.csv beside it), written there; return its path."""
    scenario = yaml.safe_load((ROOT / "scenarios" / "demo.yaml").read_text())
    scenario["name"] = name
    scenario["data"] = {"customers": {"path": customers}, "rms": {"path": "rms.csv"},
                        "offers": {"path": "offers.csv"}}
    scenario["output"] = {"dir": "reports"}
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def scaled_limits(customers: int) -> list[str]:
    """The demo's limits per customer, for a book of this size."""
    whole = ("reassignments", "channel_capacity")  # counts of customers or contacts
    return [f"{key}={int(value * customers)}" if any(w in key for w in whole)
            else f"{key}={value * customers:.6g}" for key, value in PER_CUSTOMER.items()]


CODE = """import json, resource, sys, time
from allocator import api
from allocator.attempts import write_allowance
start = time.perf_counter()
run = api.run(sys.argv[1], sets=sys.argv[2:], base='today')
total = time.perf_counter() - start
o = run.outcome
customers = len(o.prepared.valued.customers)
rows = o.check.constraints if o.check is not None else None
rm = rows[rows['constraint'] == 'rm_capacity'] if rows is not None else None
used = float(rm['used'].sum() / rm['limit'].sum()) if rm is not None and len(rm) else None
print(json.dumps({'customers': customers, 'run': run.seconds,
  'allowance': write_allowance(customers),
  'status': o.result.status.value, 'objective': o.objective,
  'bound': o.result.bound, 'gap': o.gap, 'method': o.method, 'rms': len(o.prepared.book.rms),
  'rm_hours_used': used,
  'attempts': o.attempts.describe(customers) if o.attempts else None, 'timings': o.timings,
  'total': total, 'peak_rss_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


SOLVE_ONLY = CODE.replace("from allocator import api",
                          "from allocator import optimize, preparation").replace(
    "run = api.run(sys.argv[1], sets=sys.argv[2:], base='today')",
    "o = optimize.optimize(preparation.prepare(sys.argv[1], [*sys.argv[2:], "
    "'output.steps=false', 'output.baselines=false']))").replace("o = run.outcome\n", "").replace(
    "'run': run.seconds", "'run': total")
"""CODE without the run folder, the steps of lumpy decisions and the rule-of-thumb plans:
read, plan, check and price only (`--solve-only`)."""


def type_d_book(folder: Path, m: int, n: int, seed: int) -> Path:
    """A type D generalized assignment instance as a book (instances.generate_gap)."""
    from allocator.instances import generate_gap, write_gap_book

    return write_gap_book(generate_gap("D", m, n, seed), folder)


def run_method(book: tuple[str, Path, list[str]], method: str, time_limit: float,
               gap: float, solve_only: bool = False) -> dict[str, object]:
    """One run of the book's scenario (with its own `--set`s) by `method`, in its own process
    (without its run folder if `solve_only`)."""
    name, scenario, sets = book
    sets = [*sets, f"solver.method={method}", f"solver.time_limit={time_limit}",
            f"solver.gap={gap}"]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", SOLVE_ONLY if solve_only else CODE,
                           str(scenario), *sets],
                          capture_output=True, text=True, check=False)
    row: dict[str, object] = {"book": name, "method": method, "time_limit": time_limit}
    if done.returncode != 0:  # with the process's wall time (python's start included)
        total = round(time.perf_counter() - start, 2)
        return row | {"status": f"failed: {done.stderr.strip().splitlines()[-1:]}",
                      "seconds_total": total, "over": round(total - time_limit, 2)}
    found = json.loads(done.stdout.strip().splitlines()[-1])
    timings, attempts = found["timings"], found["attempts"] or {}
    own = found["run"]  # the run's own clock
    row |= {f"seconds_{k}": v for k, v in stages(timings, own).items()}
    return row | {
        "customers": found["customers"], "kept": attempts.get("kept", found["method"]),
        "why": attempts.get("why"), "status": found["status"],
        "objective": found["objective"], "bound": found["bound"], "gap": found["gap"],
        "rm_hours_used": found["rm_hours_used"],
        "seconds_total": round(found["total"], 2), "seconds_run": round(own, 2),
        "allowance": found["allowance"],
        "over": round(own - time_limit - found["allowance"], 2),
        "seconds_solve": round(timings.get("build", 0.0) + timings.get("solve", 0.0), 2),
        "peak_rss_mib": round(found["peak_rss_mib"]),
    }


def stages(timings: dict[str, float], total: float) -> dict[str, float]:
    """Seconds of each of STAGES, from a run's timings and its wall time."""
    t = {k: float(v) for k, v in timings.items()}
    solve = t.get("solve", 0.0) - t.get("columns", 0.0)
    found = {"read": t.get("scenario", 0.0) + t.get("read", 0.0), "tier": t.get("tier", 0.0),
             "value": t.get("value", 0.0), "build": t.get("build", 0.0) + t.get("columns", 0.0),
             "search": max(solve - t.get("repair", 0.0), 0.0), "repair": t.get("repair", 0.0),
             "check": t.get("verify", 0.0), "prices": t.get("marginal_values", 0.0),
             "after": sum(t.get(k, 0.0) for k in ("reference", "closest", "baselines",
                                                  "diagnose"))}
    found["write"] = max(total - sum(found.values()), 0.0)
    return {k: round(v, 2) for k, v in found.items()}


PARQUET_READ = """import sys, time
import pandas as pd
start = time.perf_counter()
pd.read_parquet(sys.argv[1])
print(time.perf_counter() - start)
"""


def parquet_read(scenario: Path) -> float | None:
    """Seconds to read the book's customers from Parquet alone, in a fresh process (the
    floor any run of it pays); None for a book not in Parquet."""
    path = scenario.parent / "customers.parquet"
    if not path.exists():
        return None
    done = subprocess.run([sys.executable, "-c", PARQUET_READ, str(path)], capture_output=True,
                          text=True, check=True)
    return round(float(done.stdout.strip()), 3)


def stage_table(row: dict[str, object]) -> str:
    """Each stage's seconds and share of the run, the Parquet read and the run per read."""
    total = float(row.get("seconds_total") or 0.0)  # type: ignore[arg-type]
    parts = [f"{k} {row[f'seconds_{k}']} s ({float(row[f'seconds_{k}']) / total:.0%})"  # type: ignore[arg-type]
             for k in STAGES if row.get(f"seconds_{k}") is not None and total > 0]
    read = row.get("seconds_parquet_read")
    if read:
        parts.append(f"Parquet read alone {read} s, run / read {row['run_per_read']}x")
    return "    stages: " + ", ".join(parts) + f" (load average {row.get('load_average')})"


def run_one(scenario: Path, customers: int, method: str, backend: str, time_limit: float,
            gap: float) -> dict[str, object]:
    sets = scaled_limits(customers)
    sets += [f"solver.method={method}", f"solver.backend={backend}",
             f"solver.time_limit={time_limit}", f"solver.gap={gap}"]
    done = subprocess.run([sys.executable, "-c", CODE, str(scenario), *sets],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"customers": customers, "method": method, "backend": backend,
                "status": f"failed: {done.stderr.strip().splitlines()[-1:]}"}
    found = json.loads(done.stdout.strip().splitlines()[-1])
    timings = found["timings"]
    stage = sum(timings.get(k, 0.0) for k in ("scenario", "read", "tier", "value", "build",
                                              "solve", "diagnose", "verify", "marginal_values",
                                              "baselines"))
    return {
        "customers": customers, "rms": found["rms"], "method": found["method"],
        "backend": backend if found["method"] == "exact" else "decomposition",
        "status": found["status"], "objective": found["objective"], "bound": found["bound"],
        "gap": found["gap"], "seconds_total": round(found["total"], 2),
        "seconds_read": timings.get("read"), "seconds_tier": timings.get("tier"),
        "seconds_value": timings.get("value"),
        "seconds_solve": round(timings.get("build", 0.0) + timings.get("solve", 0.0), 2),
        "seconds_verify": timings.get("verify"),
        "seconds_baselines": timings.get("baselines"),
        "seconds_write": round(found["total"] - stage, 2),
        "peak_rss_mib": round(found["peak_rss_mib"]),
    }


def books(args: argparse.Namespace, work: Path) -> list[tuple[str, Path, list[str]]]:
    """(name, scenario, --sets) of each book asked for."""
    found = [(f"generated {n:,}", book(work / str(n), n, args.seed,
                                        args.customers_per_rm or None), scaled_limits(n))
             for n in args.sizes]
    for shape in args.gap_d:
        m, n = (int(k) for k in shape.lower().split("x"))
        found.append((f"type D {m}x{n}", type_d_book(work / f"d{shape}", m, n, args.seed), []))
    if args.real is not None:
        found += [(name, ROOT / "scenarios" / "real" / f"{name}.yaml",
                   [f"output.dir={work / 'real'}"]) for name in args.real or real_scenarios()]
    return found


def real_scenarios() -> tuple[str, ...]:
    """real_data.py's scenarios, read from its file (this folder need not be on the path)."""
    spec = importlib.util.spec_from_file_location("real_data", ROOT / "benchmarks" /
                                                  "real_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.SCENARIOS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*",
                        default=[5_000, 10_000, 20_000, 50_000, 100_000])
    parser.add_argument("--gap-d", nargs="*", default=[], metavar="MxN",
                        help="type D GAP instances of M RMs and N customers, e.g. 80x1600")
    parser.add_argument("--real", nargs="*", default=None, metavar="NAME",
                        help="the real data sets named (all five if none) too (scenarios/real, "
                        "as in real_data.py)")
    parser.add_argument("--solve-only", action="store_true",
                        help="plan, check and price without writing the run folder")
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--time", type=float, default=60.0, help="time limit of every run")
    parser.add_argument("--gap", type=float, default=5e-4, help="relative gap target")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--customers-per-rm", type=float, default=CUSTOMERS_PER_RM,
                        help="one RM per this many customers of a region (0: full-time RMs, "
                        "as many as the hours need)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale.csv")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="allocator-scale-") as work:
        for each in books(args, Path(work)):
            floor = parquet_read(each[1])
            runs = []
            for method in args.methods:
                runs.append(run_method(each, method, args.time, args.gap, args.solve_only))
                runs[-1]["load_average"] = round(os.getloadavg()[0], 2)
            for row in runs:
                row["seconds_parquet_read"] = floor
                if floor and row.get("seconds_total"):
                    row["run_per_read"] = round(float(row["seconds_total"]) / floor, 1)  # type: ignore[arg-type]
                print(_line(row), flush=True)
                print(stage_table(row), flush=True)
            print(f"  {each[0]}: {best_of(runs)}", flush=True)
            rows += runs
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows({k: row.get(k) for k in FIELDS} for row in rows)
    print(f"wrote {args.out}")


def best_of(runs: list[dict[str, object]]) -> str:
    """Which method's plan is worth most, and auto's value against the better path alone."""
    valued = {str(r["method"]): float(r["objective"]) for r in runs  # type: ignore[arg-type]
              if r.get("objective") is not None}
    if not valued:
        return "no plan on any path"
    winner = max(valued, key=lambda k: valued[k])
    alone = [valued[k] for k in ("exact", "decomposition") if k in valued]
    text = f"best plan: {winner}"
    if "auto" in valued and alone:
        text += f"; auto against the better path alone {valued['auto'] / max(alone) - 1:+.4%}"
    return text


def _line(row: dict[str, object]) -> str:
    return (f"{row['book']:>18} {row['method']:>13} kept {row.get('kept') or '-':>13} "
            f"{row.get('status', ''):>9} obj {_num(row.get('objective'))} "
            f"bound {_num(row.get('bound'))} gap {_pct(row.get('gap'))} "
            f"RM hours used {_pct(row.get('rm_hours_used'))} "
            f"total {row.get('seconds_total')} s, the run {row.get('seconds_run')} s (past its "
            f"limit and its {row.get('allowance')} s write allowance by {row.get('over')} s) "
            f"solve {row.get('seconds_solve')} s prices {row.get('seconds_prices')} s "
            f"rss {row.get('peak_rss_mib')} MiB ({row.get('why') or ''})")


def _num(value: object) -> str:
    return "-" if value is None else f"{float(value):,.0f}"  # type: ignore[arg-type]


def _pct(value: object) -> str:
    return "-" if value is None else f"{float(value):.4%}"  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
