"""Hard floors the repair fills by swapping offers when no customer has room for another."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.repair.restore import Repaired, repair
from allocator.decomposition.subproblems import customer_structure, solve_subproblems
from allocator.preparation import prepare
from allocator.problem import decisions_of
from tests.builders import offer, solve, world


def floor_world(folder: Path, budget: float, others: int = 0) -> Path:
    """Four top customers and `others` base ones, one offer each: a card (margin 10, cost 1)
    or a deposit (margin 12, cost 6, quota 2); the top tier must spend 70% of the budget."""
    tier = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 1}
    customers = [{"customer_id": f"T{i}", "tier_key": 1.0} for i in range(4)]
    customers += [{"customer_id": f"B{i}", "tier_key": 0.0} for i in range(others)]
    return world(folder, customers,
                 offers={"card": offer(10.0, 1.0), "deposit": offer(12.0, 6.0, quota=2)},
                 budget={"total": budget},
                 tiers={"top": {**tier, "budget_floor_share": 0.7}, "base": tier})


def repaired_from_unpriced(path: Path) -> tuple[Repaired | None, np.ndarray]:
    """The repair of the subproblems' choice at zero prices (every customer takes the card),
    and each offer column's cost."""
    prepared = prepare(path)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    unpriced = solve_subproblems(d, cs, [np.zeros(len(f.limits)) for f in families])
    assert (d.y.cost[unpriced.y] == 1.0).all() and unpriced.y.sum() == len(cs.kind)
    return repair(d, cs, families, unpriced), d.y.cost


def test_a_short_tier_budget_floor_is_filled_by_swapping_cheap_offers_for_dear_ones(
        tmp_path: Path) -> None:
    # A budget of 20: the top tier must spend 14, its four cards spend 4 and no customer has
    # room for a second offer, so two take the deposit instead (three break its quota): the
    # optimum is 2 x 9 + 2 x 6 = 30.
    plan, cost = repaired_from_unpriced(floor_world(tmp_path, 20.0))
    assert plan is not None and plan.objective == 30.0
    assert sorted(cost[plan.y].tolist()) == [1.0, 1.0, 6.0, 6.0]


def test_a_floor_swap_under_a_full_budget_takes_room_from_offers_outside_the_floor(
        tmp_path: Path) -> None:
    # A budget of 18 and six base customers: the top tier must spend 12.6, so two of its
    # customers take the deposit (14 spent), and two base cards give way to keep the total:
    # 2 x 9 + 2 x 6 + 4 x 9 = 66, the exact path's optimum.
    path = floor_world(tmp_path, 18.0, others=6)
    plan, cost = repaired_from_unpriced(path)
    assert plan is not None and plan.objective == pytest.approx(66.0)
    assert solve(path, "solver.method=exact").objective == pytest.approx(66.0)
    assert cost[plan.y].sum() <= 18.0 + 1e-9
