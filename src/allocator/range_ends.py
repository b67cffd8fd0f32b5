"""What the LP with the packages fixed gains when a priced limit whose range ends short of the
drivers' move is loosened by that move: its price holds only part of the way (none of it
where the range ends at today's limit), so the price times the move within the range says
little of the limit's worth. One LP re-solve per such limit measures it.

Pure apart from the solves: the problem, the LP it was priced with, and its prices and ranges
in; per limit, the LP's change out.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import numpy as np

from allocator.backends import SolveOptions, get_backend
from allocator.backends.base import LpBasis
from allocator.families import COUNTED
from allocator.problem import AllocationProblem
from allocator.sensitivity import (
    BREACHES,
    PRICE_TOLERANCE,
    SLACK_TOLERANCE,
    Key,
    loosening_step,
)

MOST_RAISES = 16
"""At most this many limits are re-solved (the largest worth first, had their prices held over
the whole move): the others keep their price within its range, "at least"."""


def range_end_raises(lp: AllocationProblem, objective: float, keyed: dict[Key, int],
                     prices: dict[Key, float], ranges: dict[Key, tuple[float, float]],
                     ends_at: float | None = None, basis: LpBasis | None = None
                     ) -> dict[Key, float]:
    """Per priced limit whose range ends short of the drivers' move on the side its price
    gains (`keyed`: limit -> row of `lp`), the change of the LP's `objective` with the limit moved
    that way by the drivers' move (sensitivity.loosening_step). `basis`:
    the priced LP's, each re-solve's start."""
    raises: dict[Key, float] = {}
    backend = get_backend("highs")
    options = SolveOptions(time_limit=60, relax=True, ends_at=ends_at,
                           basis=basis if backend.supports.basis else None)
    for key, row in _ending_short(lp, keyed, prices, ranges):
        if ends_at is not None and time.perf_counter() > ends_at:
            break
        result = backend.solve(_loosened(lp, key, row, prices[key] > 0), options)
        if result.objective is not None:
            raises[key] = max(float(result.objective) - objective, 0.0)
    return raises


def _ending_short(lp: AllocationProblem, keyed: dict[Key, int], prices: dict[Key, float],
                  ranges: dict[Key, tuple[float, float]]) -> Iterator[tuple[Key, int]]:
    """The priced limits whose range ends short of the drivers' move the way their price
    gains, the largest worth first had their price held over the whole move, at most
    MOST_RAISES."""
    found = []
    for key, row in keyed.items():
        price = prices.get(key, 0.0)
        if abs(price) <= PRICE_TOLERANCE or key not in ranges:
            continue
        limit = float(lp.row_upper[row] if price > 0 else lp.row_lower[row])
        end = ranges[key][1] if price > 0 else ranges[key][0]
        move = _move(key, limit)
        if np.isfinite(limit) and abs(end - limit) < move - SLACK_TOLERANCE * max(1.0, move):
            found.append((abs(price) * move, key, row))
    found.sort(key=lambda item: (-item[0], item[1]))
    return ((key, row) for _, key, row in found[:MOST_RAISES])


def _loosened(lp: AllocationProblem, key: Key, row: int, up: bool) -> AllocationProblem:
    """The LP with one row's cap raised (`up`) or floor lowered by the drivers' move."""
    bounds = (lp.row_upper if up else lp.row_lower).copy()
    move = _move(key, float(bounds[row]))
    bounds[row] += move if up else -move
    return replace(lp, row_upper=bounds) if up else replace(lp, row_lower=bounds)


def _move(key: Key, limit: float) -> float:
    """The drivers' move of a limit (sensitivity.loosening_step; driver_ranking reads the
    same)."""
    return float(loosening_step(np.array([limit]), np.array([key[0] in COUNTED or key[0] in
                                                             BREACHES]))[0])
