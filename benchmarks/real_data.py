"""The real-data scenarios end to end: customers, tiers, solve time, gap, and the uplift over
each rule-of-thumb plan (the table in docs/data.md).

    python benchmarks/real_data.py                 # every scenario in scenarios/real/
    python benchmarks/real_data.py --only bank_churn berka

Needs ../shared/data beside the project. Run folders go to a temporary folder; writes a CSV and
prints the table as markdown.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from allocator import api

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("bank_marketing", "bank_churn", "credit_default", "berka", "cdnow")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=list(SCENARIOS))
    parser.add_argument("--out", type=Path,
                        default=ROOT / "benchmarks" / "results" / "real_data.csv")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="allocator-real-") as work:
        for name in args.only:
            start = time.perf_counter()
            run = api.run(ROOT / "scenarios" / "real" / f"{name}.yaml", output=Path(work))
            rows.append(row_of(name, run, time.perf_counter() - start))
            print(rows[-1])
    table = pd.DataFrame(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    print(markdown(table))


def row_of(name: str, run: api.Run, seconds: float) -> dict[str, object]:
    outcome = run.outcome
    tiers = outcome.prepared.valued.customers["tier"].value_counts(sort=False)
    row: dict[str, object] = {
        "data set": name, "customers": len(outcome.prepared.valued.customers),
        "tiers": " / ".join(f"{n:,}" for n in tiers.to_numpy()),
        "path": f"{outcome.method} ({outcome.result.solver})",
        "solve s": round(outcome.timings.get("solve", 0.0), 1),
        "end to end s": round(seconds, 1), "gap": outcome.gap,
        "models": ", ".join(f"{f.column} AUC {f.auc:.3f}" for f in outcome.prepared.book.fits),
    }
    if outcome.baselines is not None:
        for base in outcome.baselines.itertuples():
            mark = "" if base.meets_every_limit else " *"
            row[f"uplift vs {base.baseline}"] = f"{base.uplift:+.1%}{mark}"
    return row


def markdown(table: pd.DataFrame) -> str:
    shown = table.assign(gap=table["gap"].map(lambda g: f"{g:.3%}"))
    lines = ["| " + " | ".join(shown.columns) + " |",
             "|" + "|".join("---" for _ in shown.columns) + "|"]
    lines += ["| " + " | ".join(str(v) for v in row) + " |"
              for row in shown.itertuples(index=False)]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
