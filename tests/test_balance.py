"""Balancing the RMs' hours prices: a lower bound, still valid, and RMs nearer their hours."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pytest import MonkeyPatch

from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.search.balance import balance_rm_hours
from allocator.decomposition.search.multipliers import new_search
from allocator.decomposition.subproblems import customer_structure, solve_subproblems
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import decisions_of
from tests.test_decomposition import DEMO, scaled

NONE = np.zeros(0, dtype=bool)


def test_balanced_prices_lower_the_bound_and_bring_rms_nearer_their_hours() -> None:
    sets = [*scaled(1500, 7), "data.generate.customers_per_rm=300"]
    prepared = prepare(DEMO, sets)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    search = new_search(families, {}, d, cs)
    hours = next(f for f in families if f.name == "rm_capacity")

    def over_hours() -> float:
        choice = solve_subproblems(d, cs, search.lam())
        return float(hours.excess(choice.x, NONE, NONE).sum())

    unpriced = search.dual_value(solve_subproblems(d, cs, search.lam()))
    before = over_hours()
    balance_rm_hours(search, d, cs)
    assert search.bound < unpriced and (search.mu >= 0).all()
    assert search.dual_value(solve_subproblems(d, cs, search.lam())) == search.bound
    assert over_hours() < 0.5 * before
    exact = optimize(prepare(DEMO, [*sets, "solver.gap=0", "solver.method=exact"]))
    assert exact.objective is not None and search.bound >= exact.objective * (1 - 1e-9)


def test_a_book_without_rms_is_not_balanced(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    """No RM hours to balance: no pricing of the book at all (the 20 steps would price a
    million-customer calendar 20 times to move nothing)."""
    from allocator.decomposition.search import balance
    from tests.test_bigler import imported

    prepared = prepare(imported(tmp_path, 0.7), [])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    assert [len(f.limits) for f in families if f.name == "rm_capacity"] == [0]
    cs = customer_structure(valued, scenario, d, families)
    search = new_search(families, {}, d, cs)
    priced: list[int] = []
    monkeypatch.setattr(balance, "solve_subproblems",
                        lambda *a: priced.append(1) or solve_subproblems(*a))
    bound = search.bound
    balance_rm_hours(search, d, cs)
    assert priced == [] and search.bound == bound
