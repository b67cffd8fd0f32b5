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
from allocator.decomposition.coupling import REACHED_TOLERANCE, Coupling
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


def out_of_reach(d: Decisions, hard: list[Coupling], combination: tuple[int, ...]) -> bool:
    """Whether the combination's packages alone break a hard row whatever the customers choose:
    they use more of a cap than the customers' least use of it leaves (less of a floor than
    their most use needs), as the current packages may at a cut limit. No plan has them."""
    s = np.zeros(len(d.s.tier), dtype=bool)
    s[list(combination)] = True
    none_x, none_y = np.zeros(d.layout.n_x, dtype=bool), np.zeros(d.layout.n_y, dtype=bool)
    for family in hard:
        if family.on_s is None:
            continue
        n = len(family.limits)
        high, low = np.zeros(n), np.zeros(n)
        for terms in (family.on_x, family.on_y):
            if terms is not None and len(terms.rows):
                high += np.bincount(terms.rows, np.maximum(terms.coefs, 0.0), n)
                low += np.bincount(terms.rows, np.minimum(terms.coefs, 0.0), n)
        use = family.usage(none_x, none_y, s)
        room = REACHED_TOLERANCE * np.maximum(1.0, np.abs(family.limits))
        short = (use + low > family.limits + room if family.sense == "le"
                 else use + high < family.limits - room)
        if short.any():
            return True
    return False


def branch(d: Decisions, cs: Customers, hard: list[Coupling], lam: list[np.ndarray],
           constant: float, best: float | None, deadline: Deadline, solve: Solve
           ) -> tuple[float, tuple[float, np.ndarray, tuple[int, ...]] | None]:
    """The bound over all combinations but those out of reach of the `hard` rows, and the
    best plan found with packages fixed: (value, values in the fixed layout, combination)."""
    combos = [combo for combo in combinations(d) if not out_of_reach(d, hard, combo)]
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
