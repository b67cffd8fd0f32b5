"""A book in parts on a Dask LocalCluster against the same book planned whole in one process.

    python benchmarks/dask_scale.py                              # 10M customers, 32 files
    python benchmarks/dask_scale.py --customers 1000000 --parts 8 --workers 2

Generates the book as partitioned Parquet (`shard=NNNNN/part-0.parquet`, whole regions per
file), then plans it (1) on a LocalCluster of worker processes, in parts, and (2) whole, in a
separate process (`--no-single` skips it). Reports the time per stage, the peak RSS of every
worker, of the client and of the single process, objective, bound and gap, as a CSV and a
printed table. Not part of the test run.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import ROOT, demo_scenario, run_one, scaled_limits

FIELDS = ["run", "customers", "parts", "workers", "status", "objective", "bound", "gap",
          "seconds_total", "seconds_read_tier_value", "seconds_solve", "seconds_check",
          "seconds_prices", "seconds_write", "peak_rss_mib", "peak_rss_mib_per_worker"]


def partitioned_book(folder: Path, customers: int, parts: int, seed: int) -> Path:
    """Generate the book in a child process (so its memory is not the client's) and write
    it as `parts` Parquet files of whole regions; return the scenario."""
    code = (
        "import sys\nfrom pathlib import Path\nimport numpy as np\n"
        "from allocator.book import generate_book\n"
        "folder, n, parts, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), "
        "int(sys.argv[4])\n"
        "book = generate_book(n, seed)\n"
        "book.rms.to_csv(folder / 'rms.csv', index=False)\n"
        "book.offers.to_csv(folder / 'offers.csv', index=False)\n"
        "regions = book.customers['region'].astype('category').cat.codes.to_numpy()\n"
        "shard = regions * parts // (regions.max() + 1)\n"
        "for k in range(parts):\n"
        "    out = folder / 'customers' / f'shard={k:05d}'\n"
        "    out.mkdir(parents=True)\n"
        "    book.customers[shard == k].to_parquet(out / 'part-0.parquet', index=False)\n")
    subprocess.run([sys.executable, "-c", code, str(folder), str(customers), str(parts),
                    str(seed)], check=True)
    return demo_scenario(folder, f"parts-{customers}", "customers")


def limits(customers: int, time_limit: float, gap: float) -> list[str]:
    return [*scaled_limits(customers), "solver.method=decomposition",
            f"solver.time_limit={time_limit}", f"solver.gap={gap}"]


def on_cluster(scenario: Path, customers: int, parts: int, workers: int,
               sets: list[str]) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from allocator import api

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, memory_limit=0, silence_logs=40) as cluster, \
            Client(cluster) as client:
        start = time.perf_counter()
        run = api.run(scenario, sets=[*sets, "execution.engine=dask", "execution.book=parts",
                                      f"execution.address={cluster.scheduler_address}"])
        total = time.perf_counter() - start
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    outcome, timings = run.outcome, run.outcome.timings
    return {
        "run": "dask, in parts", "customers": customers, "parts": parts, "workers": workers,
        "status": outcome.result.status.value, "objective": outcome.objective,
        "bound": outcome.result.bound, "gap": outcome.gap, "seconds_total": round(total, 1),
        "seconds_read_tier_value": timings.get("read, tier, value"),
        "seconds_solve": timings.get("solve"), "seconds_check": timings.get("check"),
        "seconds_prices": timings.get("prices"),
        "seconds_write": round(total - sum(timings.get(k, 0.0) for k in (
            "read, tier, value", "solve", "check", "prices")), 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mib_per_worker": " ".join(f"{v:.0f}" for v in peaks.values()),
    }


def single(scenario: Path, customers: int, parts: int, sets: list[str], time_limit: float,
           gap: float) -> dict[str, Any]:
    found = run_one(scenario, customers, "decomposition", "highs", time_limit, gap)
    return {"run": "one process, whole", "customers": customers, "parts": parts, "workers": 1,
            "status": found.get("status"), "objective": found.get("objective"),
            "bound": found.get("bound"), "gap": found.get("gap"),
            "seconds_total": found.get("seconds_total"),
            "seconds_read_tier_value": sum(float(found.get(k) or 0.0) for k in (
                "seconds_read", "seconds_tier", "seconds_value")),
            "seconds_solve": found.get("seconds_solve"),
            "seconds_check": found.get("seconds_verify"),
            "seconds_prices": found.get("seconds_prices"),
            "seconds_write": found.get("seconds_write"),
            "peak_rss_mib": found.get("peak_rss_mib"), "peak_rss_mib_per_worker": ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000_000)
    parser.add_argument("--parts", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time", type=float, default=600.0, help="solver time limit")
    parser.add_argument("--gap", type=float, default=5e-4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-single", action="store_true", help="skip the whole-book run")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" /
                        "dask_scale.csv")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        scenario = partitioned_book(Path(tmp), args.customers, args.parts, args.seed)
        sets = limits(args.customers, args.time, args.gap)
        rows.append(on_cluster(scenario, args.customers, args.parts, args.workers, sets))
        print(_line(rows[-1]), flush=True)
        if not args.no_single:
            rows.append(single(scenario, args.customers, args.parts, sets, args.time,
                               args.gap))
            print(_line(rows[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"written to {args.out}")


def _line(row: dict[str, Any]) -> str:
    gap = row.get("gap")
    workers = row.get("peak_rss_mib_per_worker")
    return (f"{row['run']:>20} | {row['customers']:>10,} customers | {row['status']} | "
            f"objective {row.get('objective') or 0:,.0f} | gap "
            f"{'—' if gap is None else f'{gap:.4%}'} | total {row.get('seconds_total')} s "
            f"(read+tier+value {row.get('seconds_read_tier_value')}, solve "
            f"{row.get('seconds_solve')}, check {row.get('seconds_check')}, prices "
            f"{row.get('seconds_prices')}, write {row.get('seconds_write')}) | peak RSS "
            f"{row.get('peak_rss_mib')} MiB"
            f"{f' client; workers {workers} MiB' if workers else ''}")


if __name__ == "__main__":
    main()
