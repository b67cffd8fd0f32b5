"""Write tiny worlds (customers, RMs, fit scores, scenario) whose optimum is known by hand.

Values are made easy to add up: coverage value is the fit score alone (no uplift), offers have
propensity 1 unless said otherwise, and lifetime value equals revenue (one-year horizon, no
discount, full retention).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from allocator.manifest_digest import sealed
from allocator.optimize import Outcome, optimize
from allocator.preparation import prepare
from allocator.runs import MANIFEST, OUTPUTS, output_hashes

CUSTOMER_DEFAULTS = {"region": "R", "aum": 0.0, "revenue_12m": 0.0, "risk_tolerance": 5,
                     "pd": 0.0, "tier_key": 0.0}


def world(
    folder: Path,
    customers: list[dict[str, Any]],
    rms: list[dict[str, Any]] | None = None,
    fit: list[tuple[str, str, float]] | list[tuple[str, str, float, float]] | None = None,
    **sections: Any,
) -> Path:
    """Write the tables and a scenario; `sections` override scenario sections."""
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame([{**CUSTOMER_DEFAULTS, **row} for row in customers])
    frame.to_csv(folder / "customers.csv", index=False)
    rm_rows = rms if rms is not None else [{"rm_id": "R1", "grade": "rm", "region": "R",
                                             "capacity_hours": 1000}]
    pd.DataFrame(rm_rows).to_csv(folder / "rms.csv", index=False)
    scenario: dict[str, Any] = {
        "name": "world",
        "data": {"customers": {"path": "customers.csv"}, "rms": {"path": "rms.csv"}},
        "tiering": {"method": "thresholds", "metric": "tier_key", "thresholds": {"top": 1.0}},
        "tiers": {
            "top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "max_offers": 5},
            "base": {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 5},
        },
        "objective": {"horizon_years": 1, "discount_rate": 0.0},
        "solver": {"time_limit": 30, "gap": 0.0},
        "output": {"dir": str(folder / "reports")},
    }
    if fit is not None:
        columns = ["customer_id", "rm_id", "score", "hours"][: len(fit[0])] if fit else [
            "customer_id", "rm_id", "score"]
        pd.DataFrame(fit, columns=columns).to_csv(folder / "fit.csv", index=False)
        scenario["data"]["fit_scores"] = {"path": "fit.csv"}
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(scenario.get(key), dict):
            scenario[key] = {**scenario[key], **value}
        else:
            scenario[key] = value
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def solve(path: Path, *sets: str) -> Outcome:
    return optimize(prepare(path, sets))


def assigned(outcome: Outcome) -> dict[str, str]:
    assert outcome.plan is not None
    frame = outcome.plan.assignments
    return dict(zip(frame["customer_id"], frame["rm_id"], strict=True))


def offered(outcome: Outcome) -> set[tuple[str, str]]:
    assert outcome.plan is not None
    frame = outcome.plan.offers
    return set(zip(frame["customer_id"], frame["offer_id"], strict=True))


def offer(margin: float, cost: float = 0.0, **fields: Any) -> dict[str, Any]:
    return {"channel": "email", "propensity": 1.0, "margin": margin, "cost": cost, **fields}


def hours_short(folder: Path) -> Path:
    """A book with no plan: a mandatory tier's three customers want 10 hours each of its one
    RM's 20."""
    customers = [{"customer_id": c, "tier_key": 1.0} for c in ("A", "B", "C")]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 20}]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 10}, "base": {}}
    return world(folder, customers, rms, tiers=tiers)


def two_customers(folder: Path) -> Path:
    """A book of two customers (one in the top tier) and one offer worth 100 at a cost of 1,
    under a budget of 2: a plan with one offer, for tests of a run folder's files."""
    return world(folder, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 offers={"o": offer(100, cost=1)}, budget={"total": 2})


def reseal(folder: Path) -> None:
    """A run folder's manifest made to match its edited files, as an insider would: the
    files' hashes and the manifest's own digest computed again."""
    path = folder / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data[OUTPUTS] = output_hashes(folder)
    path.write_text(json.dumps(sealed(data)), encoding="utf-8")
