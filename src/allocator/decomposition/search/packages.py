"""Branch on the package choices, which are few but large: a Lagrangian bound cannot price a
handful of lumpy decisions competing for a tight budget.

At the best multipliers, fixing one package per tier changes only the package part of the
dual value, so every combination gets a valid bound at once. Combinations that cannot beat the
best plan are pruned; the others are solved with their packages fixed, best bound first, each
within its count of iterations, until the wall clock stops them (the solve then records that
it did). The overall bound is the largest over combinations, and stays certified.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.subproblems import Customers, solve_subproblems
from allocator.problem import Decisions
from allocator.valuation import PackageOptions

MAX_COMBINATIONS = 256
Solve = Callable[[Decisions, tuple[np.ndarray, ...], float], tuple[float | None, float,
                                                                   np.ndarray | None]]
"""(decisions with packages fixed, start multipliers, seconds left) -> (plan value, bound,
values)."""


def combinations(d: Decisions) -> list[tuple[int, ...]]:
    """Every choice of one package option per tier (empty when there are too many)."""
    tiers = sorted(set(d.s.tier.tolist()))
    options = [np.flatnonzero(d.s.tier == t).tolist() for t in tiers]
    if not options or np.prod([len(o) for o in options]) > MAX_COMBINATIONS:
        return []
    return list(itertools.product(*options))


def fixed(d: Decisions, combination: tuple[int, ...]) -> Decisions:
    picked = np.array(combination)
    s = PackageOptions(d.s.tier[picked], d.s.package[picked], d.s.value[picked],
                       d.s.cost[picked])
    return replace(d, s=s)


def branch(d: Decisions, cs: Customers, families: list[Coupling], lam: list[np.ndarray],
           constant: float, best: float | None, deadline: Deadline, solve: Solve
           ) -> tuple[float, tuple[float, np.ndarray, tuple[int, ...]] | None]:
    """The bound over all combinations, and the best plan found with packages fixed:
    (value, values in the fixed layout, combination)."""
    combos = combinations(d)
    if not combos:
        return np.inf, None
    choice = solve_subproblems(d, cs, lam)
    ps = choice.priced_s
    customers_part = choice.value - float(ps[choice.s].sum()) + constant
    bounds = {combo: customers_part + float(ps[list(combo)].sum()) for combo in combos}
    found: tuple[float, np.ndarray, tuple[int, ...]] | None = None
    floor = -np.inf if best is None else best
    for combo in sorted(combos, key=lambda k: -bounds[k]):
        if bounds[combo] <= floor or deadline.passed():
            continue
        value, bound, values = solve(fixed(d, combo), tuple(lam), deadline.left())
        bounds[combo] = min(bounds[combo], bound)
        if value is not None and values is not None and value > floor:
            floor, found = value, (value, values, combo)
    return max(max(bounds.values()), floor), found
