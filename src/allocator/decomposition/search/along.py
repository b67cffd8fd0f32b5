"""Where a re-run at a moved limit starts its search along the lever's multiplier.

A limit that prices the packages (the budget) holds its multiplier where a tier's package is
about to change: a package is all or nothing, so a move of the limit by a fifth leaves the
run's multiplier far from the moved limit's (on the demo at 60,000 customers the raised
budget's first bound was 428k too high, and the bundle took 46 iterations to come down). The
dual bound along that one multiplier, the others held, is convex and bends most where a tier's
package changes: each tier's packages' priced values are lines in the multiplier, and their
upper envelope breaks there. The search starts at the run's multipliers or at one of the
nearest such breaks either way (or at zero), whichever gives the lowest bound at the moved
limit: a few passes of the subproblems, no search.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling, limits_value
from allocator.decomposition.subproblems import Customers, solve_subproblems
from allocator.problem import Decisions

BREAKS = 4
"""The nearest package breaks tried on either side of the run's multiplier."""


def lowest_along(d: Decisions, cs: Customers, families: list[Coupling],
                 start: list[np.ndarray], at: tuple[int, int]) -> list[np.ndarray]:
    """The multipliers `start` with row `at` (family, row) moved to the point of lowest dual
    value among the run's, zero and the nearest package breaks either way."""
    index, row = at
    price = float(start[index][row])
    points = {price, 0.0}
    for direction in (-1.0, 1.0):
        points.update(price + direction * np.asarray(
            package_breaks(d, cs, families, start, (index, row, direction))))
    tried = [(_dual(d, cs, families, _moved(start, at, point)), point)
             for point in sorted(p for p in points if p >= 0)]
    _, best = min(tried, key=lambda pair: (pair[0], abs(pair[1] - price)))
    return _moved(start, at, best)


def package_breaks(d: Decisions, cs: Customers, families: list[Coupling],
                   lam: list[np.ndarray], towards: tuple[int, int, float]) -> list[float]:
    """How far the multiplier of the row must move (in `direction`, the others held) to
    reach each of the BREAKS nearest points where a tier's best package changes."""
    index, row, direction = towards
    family = families[index]
    if family.on_s is None:
        return []
    priced = cs.pricing[2].priced(d.s.value, np.concatenate(lam))
    distances: list[float] = []
    for tier in np.unique(d.s.tier):
        options = np.flatnonzero(d.s.tier == tier)
        rows, coefs = family.on_s.at(options)
        # each option's priced value moves by slope per unit of the multiplier's move
        slope = -family.sign * direction * np.where(rows == row, coefs, 0.0)
        distances += envelope_breaks(priced[options], slope)
    return sorted(distances)[:BREAKS]


def envelope_breaks(value: np.ndarray, slope: np.ndarray) -> list[float]:
    """The distances (from zero, going forward) at which the best of the lines
    value + slope * t changes."""
    breaks: list[float] = []
    moved = 0.0
    best = int(np.argmax(value))
    while True:
        gains = slope - slope[best]
        catching = gains > 0
        if not catching.any():
            return breaks
        behind = (value[best] - value) / np.where(catching, gains, 1.0)
        step = float(np.min(behind[catching]))
        moved += max(step, 0.0)
        breaks.append(moved)
        value = value + slope * max(step, 0.0)
        best = int(np.flatnonzero(catching & (behind <= step))[np.argmax(
            slope[catching & (behind <= step)])])


def _moved(lam: list[np.ndarray], at: tuple[int, int], price: float) -> list[np.ndarray]:
    index, row = at
    out = [m.copy() for m in lam]
    out[index][row] = price
    return out


def _dual(d: Decisions, cs: Customers, families: list[Coupling], lam: list[np.ndarray]
          ) -> float:
    """The dual value at these multipliers: the priced choice's value and the limits'."""
    return solve_subproblems(d, cs, lam).value + limits_value(families, lam)
