"""Hard floors the repair fills by swapping offers when no customer has room for another."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from allocator.decomposition.coupling import couplings
from allocator.decomposition.repair.restore import repair
from allocator.decomposition.subproblems import customer_structure, solve_subproblems
from allocator.preparation import prepare
from allocator.problem import decisions_of
from tests.builders import offer, world


def floor_world(folder: Path) -> Path:
    """Four top customers, one offer each: a card (margin 10, cost 1) or a deposit (margin 12,
    cost 6, quota 2); the top tier must spend 14 of the budget of 20. Each card held alone
    spends 4, so two customers must take the deposit instead: the optimum is two cards and
    two deposits, 2 x 9 + 2 x 6 = 30 (three deposits break the quota, one leaves the floor
    short)."""
    tier = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 1}
    return world(folder, [{"customer_id": f"C{i}", "tier_key": 1.0} for i in range(4)],
                 offers={"card": offer(10.0, 1.0), "deposit": offer(12.0, 6.0, quota=2)},
                 budget={"total": 20.0},
                 tiers={"top": {**tier, "budget_floor_share": 0.7}, "base": tier})


def test_a_short_tier_budget_floor_is_filled_by_swapping_cheap_offers_for_dear_ones(
        tmp_path: Path) -> None:
    prepared = prepare(floor_world(tmp_path))
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    unpriced = solve_subproblems(d, cs, [np.zeros(len(f.limits)) for f in families])
    assert d.y.value[unpriced.y].sum() == 36.0  # every customer takes the card: 4 spent
    plan = repair(d, cs, families, unpriced)
    assert plan is not None
    assert plan.objective == 30.0
    assert sorted(d.y.cost[plan.y].tolist()) == [1.0, 1.0, 6.0, 6.0]
