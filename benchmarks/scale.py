"""Scale benchmark: generated books of growing size, end to end, decomposition against exact.

    python benchmarks/scale.py         # 10k, 50k, 200k, 1M (+ exact at 10k, 20k)
    python benchmarks/scale.py --sizes 10000 --exact-sizes 10000 --exact-time 60

Each run is a separate process (`allocate` on a scenario written beside the generated book), so
its wall time per stage and peak RSS are its own. Budget, loss cap, channel capacity and the
continuity limit scale with the book (the demo's per-customer levels). Results go to a CSV and a
printed table; nothing here is part of the test run.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PER_CUSTOMER = {"budget.total": 15.0, "risk.loss_cap": 0.5, "risk.capital_cap": 1333.0,
                "rules.channel_capacity.call_centre": 0.04, "rules.channel_capacity.branch": 0.0133,
                "rules.continuity.max_reassignments": 0.02}
CUSTOMERS_PER_RM = 300.0
"""About N/300 RMs: each region's hours shared by one RM per 300 of its customers."""
FIELDS = ["customers", "rms", "method", "backend", "status", "objective", "bound", "gap",
          "seconds_total", "seconds_read", "seconds_tier", "seconds_value", "seconds_solve",
          "seconds_verify", "seconds_baselines", "seconds_write", "peak_rss_mib"]


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
    return [f"{key}={value * customers:.6g}" if not key.endswith("reassignments")
            else f"{key}={int(value * customers)}" for key, value in PER_CUSTOMER.items()]


def run_one(scenario: Path, customers: int, method: str, backend: str, time_limit: float,
            gap: float) -> dict[str, object]:
    sets = scaled_limits(customers)
    sets += [f"solver.method={method}", f"solver.backend={backend}",
             f"solver.time_limit={time_limit}", f"solver.gap={gap}"]
    code = ("import json, resource, sys, time\n"
            "from allocator import api\n"
            "start = time.perf_counter()\n"
            "run = api.run(sys.argv[1], sets=sys.argv[2:])\n"
            "total = time.perf_counter() - start\n"
            "o = run.outcome\n"
            "print(json.dumps({'status': o.result.status.value, 'objective': o.objective,\n"
            "  'bound': o.result.bound, 'gap': o.gap, 'method': o.method,\n"
            "  'rms': len(o.prepared.book.rms), 'timings': o.timings, 'total': total,\n"
            "  'peak_rss_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n")
    done = subprocess.run([sys.executable, "-c", code, str(scenario), *sets],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000,
                                                                  1_000_000])
    parser.add_argument("--exact-sizes", type=int, nargs="*", default=[10_000, 20_000])
    parser.add_argument("--exact-backends", nargs="*", default=["highs", "cbc"])
    parser.add_argument("--exact-time", type=float, default=120.0)
    parser.add_argument("--time", type=float, default=60.0, help="decomposition time limit")
    parser.add_argument("--gap", type=float, default=5e-4, help="relative gap target")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--customers-per-rm", type=float, default=CUSTOMERS_PER_RM,
                        help="one RM per this many customers of a region (0: full-time RMs, "
                        "as many as the hours need)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale.csv")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="allocator-scale-") as work:
        for customers in sorted(set(args.sizes) | set(args.exact_sizes)):
            scenario = book(Path(work) / str(customers), customers, args.seed,
                            args.customers_per_rm or None)
            decomposed = run_one(scenario, customers, "decomposition", "highs", args.time,
                                 args.gap)
            rows.append(decomposed)
            print(_line(decomposed), flush=True)
            if customers in args.exact_sizes:
                for backend in args.exact_backends:
                    rows.append(run_one(scenario, customers, "exact", backend, args.exact_time,
                                        args.gap))
                    print(_line(rows[-1], decomposed), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows({k: row.get(k) for k in FIELDS} for row in rows)
    print(f"wrote {args.out}")


def _line(row: dict[str, object], decomposed: dict[str, object] | None = None) -> str:
    text = (f"{row['customers']:>9,} {row.get('backend', ''):>13} {row.get('status', ''):>11} "
            f"obj {_num(row.get('objective'))} bound {_num(row.get('bound'))} "
            f"gap {_pct(row.get('gap'))} total {row.get('seconds_total')} s "
            f"solve {row.get('seconds_solve')} s rss {row.get('peak_rss_mib')} MiB")
    if decomposed is not None and isinstance(row.get("seconds_solve"), float) and isinstance(
            decomposed.get("seconds_solve"), float) and row.get("objective") is not None:
        ratio = float(row["seconds_solve"]) / max(float(decomposed["seconds_solve"]), 1e-9)
        difference = (float(decomposed["objective"]) - float(row["objective"])) / abs(
            float(row["objective"]))
        text += f" | exact/decomposition time {ratio:.1f}x, objective diff {difference:+.4%}"
    return text


def _num(value: object) -> str:
    return "-" if value is None else f"{float(value):,.0f}"  # type: ignore[arg-type]


def _pct(value: object) -> str:
    return "-" if value is None else f"{float(value):.4%}"  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
