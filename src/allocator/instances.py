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

from allocator.errors import UserError, in_a_row


@dataclass(frozen=True)
class GapInstance:
    name: str
    profit: np.ndarray
    """m agents x n jobs."""
    resource: np.ndarray
    capacity: np.ndarray
    shift: float = 0.0
    """K where the instance is stated in costs c (profit = K - c); 0 for those published in
    max form."""

    def cost(self, profit: float) -> float:
        """A plan's cost in the instance's own min-cost terms, from its profit."""
        return self.profit.shape[1] * self.shift - profit


def read_gap(path: Path) -> GapInstance:
    """Read one OR-Library GAP problem: `m n`, c (m x n), a (m x n), b (m)."""
    numbers = np.array(path.read_text().split(), dtype=float)
    m, n = int(numbers[0]), int(numbers[1])
    if len(numbers) != 2 + 2 * m * n + m:
        raise UserError.said("gap_numbers", path=path, expected=2 + 2 * m * n + m, m=m, n=n,
                             found=len(numbers))
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


GENERATED_TYPES = ("D", "E")
"""The tightly packed recipes of Chu & Beasley (1997) and Laguna et al. (1995), whose costs
fall as resource use rises: each agent's capacity is 80% of its mean load."""


def generate_gap(kind: str, agents: int, jobs: int, seed: int) -> GapInstance:
    """A seeded GAP instance of type D or E, named like `D-20x200-s1`, in max form: the
    profit is K - c with K one more than the largest cost c, so a plan's cost is
    jobs x K - its profit. Integer data, as the published instances have.

    D: a ~ U{1..100}, c = 111 - a + U{-10..10}; E: a = 1 - 10 ln U(0,1], c = 1000/a - 10 U[0,1]
    (both rounded down); b_i = 0.8 sum_j a_ij / m (rounded down)."""
    if kind not in GENERATED_TYPES:
        raise UserError.said("gap_type", kind=repr(kind), types=in_a_row(GENERATED_TYPES))
    rng = np.random.default_rng(seed)
    shape = (agents, jobs)
    if kind == "D":
        resource = rng.integers(1, 101, shape).astype(float)
        cost = 111.0 - resource + rng.integers(-10, 11, shape)
    else:
        resource = np.floor(1.0 - 10.0 * np.log(1.0 - rng.random(shape)))
        cost = np.floor(1000.0 / resource - 10.0 * rng.random(shape))
    capacity = np.floor(0.8 * resource.sum(axis=1) / agents)
    shift = float(cost.max()) + 1.0
    return GapInstance(f"{kind}-{agents}x{jobs}-s{seed}", shift - cost, resource, capacity,
                       shift)



def named_gap(name: str) -> GapInstance:
    """The generated instance of a name like `D-20x200-s1` (generate_gap's names)."""
    try:
        kind, size, seed = name.split("-")
        agents, jobs = size.split("x")
        return generate_gap(kind, int(agents), int(jobs), int(seed.removeprefix("s")))
    except ValueError:
        raise UserError.said("gap_name", name=repr(name)) from None
