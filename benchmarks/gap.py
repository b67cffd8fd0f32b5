"""OR-Library GAP through the engine: value against the published optimum, per instance.

    python benchmarks/gap.py                      # gap1-12 and Chu-Beasley A-C, both paths
    python benchmarks/gap.py --methods decomposition --sets cattrysse1994

Instances are maximized (GAP's max form, as gap1-12 were published; the A-C optima in that
sense come from the reference table in ../shared/data/gap-orlib). Writes a CSV and prints a
table with the value as a share of the optimum.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

import pandas as pd

from allocator.errors import AllocatorError
from allocator.instances import read_gap, write_gap_book
from allocator.optimize import optimize
from allocator.preparation import prepare

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gap-orlib"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["cattrysse1994", "chu1997"])
    parser.add_argument("--methods", nargs="+", default=["exact", "decomposition"])
    parser.add_argument("--time", type=float, default=60.0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "gap.csv")
    args = parser.parse_args()
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
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    frame = pd.DataFrame(rows)
    summary = frame.groupby("method").agg(
        instances=("instance", "count"), no_plan=("value", lambda v: int(v.isna().sum())),
        worst_share=("share_of_optimum", "min"), mean_share=("share_of_optimum", "mean"),
        within_1pct=("share_of_optimum", lambda v: int((v >= 0.99).sum())))
    print(summary.to_string())
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
