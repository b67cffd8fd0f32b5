"""The range of each multiplier: the limits of its row over which it stays the best multiplier.

The Lagrangian dual L(λ) = max over the subproblems' choices of [value − Σ_r λ_r·sign_r·(use_r −
limit_r)] is convex and piecewise linear in each multiplier. Holding the other multipliers, λ_r
stays a minimiser of L for a limit b exactly when its one-sided slopes at λ_r straddle zero:

- for a cap (le), b from the subproblems' use of the row at λ_r + ε to their use at λ_r − ε;
- for a floor (ge), b from the use at λ_r − ε to the use at λ_r + ε;

with the side below open (no bound) where λ_r is 0, and the side above where λ_r is a soft row's
penalty (its largest multiplier). Within that range the marginal value λ_r holds for the
Lagrangian dual, which is the LP over the convex hull of each customer's and each tier's choices:
it is the range of that dual, not of the plan's MIP (whose value follows it within the gap).

One vectorized pass of every subproblem per row side. Changing one RM's multiplier affects only
the customers who can reach that RM, but a pass is over the whole book, so the families with a
row per RM (hours, book size, minimum load) are ranged only while their passes fit RANGE_WORK;
beyond, their ranges are stated as not computed (`Ranges.unranged`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.subproblems import Customers, solve_subproblems
from allocator.problem import Decisions

EPSILON = 1e-7
"""The multiplier is moved by this share of max(1, |λ|) to read the one-sided uses."""
RANGE_WORK = 200_000_000
"""At most this many customer-passes (customers x subproblem passes) range the multipliers: a
count, so the same book is ranged the same way on any machine."""
PER_RM = ("rm_capacity", "rm_book_size", "rm_min_load")
"""Families with a row per RM: ranged after the others, and only if they fit RANGE_WORK whole."""
UNRANGED = frozenset({"continuity"})
"""Families priced but not shown per row (the checker counts customers moved instead)."""

Key = tuple[str, str]


@dataclass(frozen=True)
class Ranges:
    ranges: dict[Key, tuple[float, float]]
    """(row block, label) -> (lowest, highest) limit over which its multiplier holds."""
    unranged: tuple[str, ...] = ()
    """The families whose rows were too many to range within RANGE_WORK."""


def multiplier_ranges(d: Decisions, cs: Customers, families: list[Coupling],
                      multipliers: list[np.ndarray], soft: dict[str, float]) -> Ranges:
    """Each coupling row's range (see the module's docstring), family by family, the families
    with a row per RM last, each only if all of its rows fit in what RANGE_WORK leaves."""
    customers = max(len(cs.kind), 1)
    left = RANGE_WORK // customers
    ranges: dict[Key, tuple[float, float]] = {}
    unranged: list[str] = []
    for index in _in_order(families):
        family = families[index]
        if family.name in UNRANGED:
            continue
        passes = 2 * len(family.limits)
        if passes > left:
            unranged.append(family.name)
            continue
        left -= passes
        penalty = soft.get(family.family, np.inf)
        for row, label in enumerate(family.labels):
            ranges[(family.name, str(label))] = _row_range(
                d, cs, families, multipliers, (index, row), penalty)
    return Ranges(ranges, tuple(unranged))


def _in_order(families: list[Coupling]) -> Iterator[int]:
    yield from (i for i, f in enumerate(families) if f.name not in PER_RM)
    yield from (i for i, f in enumerate(families) if f.name in PER_RM)


def _row_range(d: Decisions, cs: Customers, families: list[Coupling],
               multipliers: list[np.ndarray], at: tuple[int, int],
               penalty: float) -> tuple[float, float]:
    index, row = at
    family = families[index]
    price = float(multipliers[index][row])
    epsilon = EPSILON * max(1.0, abs(price))
    above = (np.inf if price >= penalty * (1 - 1e-9)
             else row_use(d, cs, families, multipliers, at, price + epsilon))
    below = -np.inf if price - epsilon < 0 else row_use(d, cs, families, multipliers, at,
                                                        price - epsilon)
    if family.sense == "le":  # a dearer row is used less
        return (-np.inf if np.isinf(above) else above, np.inf if np.isinf(below) else below)
    return (-np.inf if np.isinf(below) else below, np.inf if np.isinf(above) else above)


def row_use(d: Decisions, cs: Customers, families: list[Coupling],
            multipliers: list[np.ndarray], at: tuple[int, int], price: float) -> float:
    """The subproblems' use of one row with its multiplier at `price`, the others held."""
    index, row = at
    moved = [m.copy() for m in multipliers]
    moved[index][row] = price
    choice = solve_subproblems(d, cs, moved)
    return float(families[index].usage(choice.x, choice.y, choice.s)[row])
