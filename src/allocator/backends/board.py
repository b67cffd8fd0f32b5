"""What the two paths of a side-by-side run (allocator.portfolio) know of each other.

The exact MIP runs in a forked process, the decomposition in the program's own; each posts
the value of its best plan and its bound (maximization) as it finds them, in memory both
processes share. Both bounds are proven upper bounds on the same model's optimum, so the
better plan of the two is proven within the gap target once it is within it of the lower
bound (`settled`): then both sides stop, as each would alone on its own gap target, only
sooner. Neither side can win against a plan at the other side's bound, so this is also the
moment one side has proved that the other cannot beat it.
"""

from __future__ import annotations

import math
import multiprocessing

SIDES = ("exact", "decomposition")


class Board:
    """Each side's best plan value and bound, NaN until posted, shared across a fork."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.cells = multiprocessing.get_context("fork").RawArray("d", [math.nan] * 4)

    def post(self, side: str, plan: float | None, bound: float | None) -> None:
        """A side's plan value and bound: the higher plan and the lower bound are kept."""
        at = 2 * SIDES.index(side)
        if plan is not None and _finite(plan) and not plan <= self.cells[at]:
            self.cells[at] = float(plan)
        if bound is not None and _finite(bound) and not bound >= self.cells[at + 1]:
            self.cells[at + 1] = float(bound)

    def plan(self, side: str) -> float | None:
        value = self.cells[2 * SIDES.index(side)]
        return None if math.isnan(value) else value

    def settled(self, alone: str | None = None) -> bool:
        """Whether the better plan of the two is within the gap target of the lower bound
        (`alone`: of that side's own plan and bound, as it would stop alone)."""
        sides = [SIDES.index(alone)] if alone is not None else range(len(SIDES))
        plans = [v for v in (self.cells[2 * i] for i in sides) if not math.isnan(v)]
        bounds = [v for v in (self.cells[2 * i + 1] for i in sides) if not math.isnan(v)]
        if not plans or not bounds:
            return False
        best = max(plans)
        return min(bounds) - best <= self.gap * max(abs(best), 1.0)


def _finite(value: float) -> bool:
    return math.isfinite(value) and abs(value) < 1e30
