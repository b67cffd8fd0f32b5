"""Benchmark instances expressed as customer books, so they run through the whole engine.

OR-Library GAP (generalized assignment): agents become RMs with capacity b_i, jobs become
customers of one mandatory tier, profit c_ij becomes the fit score of customer j with RM i and
resource use a_ij the hours that pair takes. Maximizing fit is then GAP in its max form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from allocator.errors import UserError


@dataclass(frozen=True)
class GapInstance:
    name: str
    profit: np.ndarray
    """m agents x n jobs."""
    resource: np.ndarray
    capacity: np.ndarray


def read_gap(path: Path) -> GapInstance:
    """Read one OR-Library GAP problem: `m n`, c (m x n), a (m x n), b (m)."""
    numbers = np.array(path.read_text().split(), dtype=float)
    m, n = int(numbers[0]), int(numbers[1])
    if len(numbers) != 2 + 2 * m * n + m:
        raise UserError(f"{path}: expected {2 + 2 * m * n + m} numbers for a {m} x {n} GAP "
                        f"instance, found {len(numbers)}.")
    body = numbers[2:]
    return GapInstance(path.name, body[: m * n].reshape(m, n),
                       body[m * n: 2 * m * n].reshape(m, n), body[2 * m * n:])


def write_gap_book(instance: GapInstance, folder: Path, backend: str = "highs",
                   time_limit: float = 60.0, method: str = "exact") -> Path:
    """Write the instance as customers, RMs, fit scores and a scenario; return the scenario."""
    folder.mkdir(parents=True, exist_ok=True)
    m, n = instance.profit.shape
    jobs = [f"J{j:04d}" for j in range(n)]
    agents = [f"A{i:03d}" for i in range(m)]
    pd.DataFrame({"customer_id": jobs, "region": "all", "aum": 0.0, "revenue_12m": 0.0,
                  "risk_tolerance": 1, "pd": 0.0}).to_csv(folder / "customers.csv", index=False)
    pd.DataFrame({"rm_id": agents, "grade": "agent", "region": "all",
                  "capacity_hours": instance.capacity}).to_csv(folder / "rms.csv", index=False)
    agent_index, job_index = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    pd.DataFrame({
        "customer_id": np.array(jobs)[job_index.ravel()],
        "rm_id": np.array(agents)[agent_index.ravel()],
        "score": instance.profit.ravel(), "hours": instance.resource.ravel(),
    }).to_csv(folder / "fit.csv", index=False)
    scenario = {
        "name": f"gap-{instance.name}",
        "data": {"customers": {"path": "customers.csv"}, "rms": {"path": "rms.csv"},
                 "fit_scores": {"path": "fit.csv"}},
        "tiering": {"method": "thresholds", "metric": "aum", "thresholds": {}},
        "tiers": {"jobs": {"rm_grades": {"agent": 1.0}, "coverage": "mandatory"}},
        "solver": {"method": method, "backend": backend, "time_limit": time_limit, "gap": 0.0},
        "output": {"dir": "reports"},
    }
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path
