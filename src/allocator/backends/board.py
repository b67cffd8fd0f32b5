"""What the exact MIP of a side-by-side run (allocator.portfolio) knows of the decomposition
running beside it.

The exact MIP runs in a forked process, the decomposition in the program's own, which posts
the value of its best plan and its bound (maximization) as it finds them, in memory both
processes share. The exact solve stops once it cannot win (`beats`: the decomposition's plan
is at or above the exact solve's own bound, which HiGHS proves as it goes) and once the
decomposition's plan meets the gap target against its own bound (`settled`): the run then
keeps the decomposition's plan, as the decomposition alone would. Both are facts about the
decomposition's counted search, never about how far the exact solve has come at a moment, so
the plan kept does not depend on the two processes' speeds.
"""

from __future__ import annotations

import math
import multiprocessing

TIE = 1e-9
"""The relative margin by which an exact plan must beat the decomposition's to be kept."""


class Board:
    """The decomposition's best plan value and bound, NaN until posted, shared across a fork."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.cells = multiprocessing.get_context("fork").RawArray("d", [math.nan] * 2)

    def post(self, plan: float | None, bound: float | None) -> None:
        """The decomposition's plan value and bound: the higher plan and the lower bound are
        kept."""
        if plan is not None and _finite(plan) and not plan <= self.cells[0]:
            self.cells[0] = float(plan)
        if bound is not None and _finite(bound) and not bound >= self.cells[1]:
            self.cells[1] = float(bound)

    @property
    def plan(self) -> float | None:
        return None if math.isnan(self.cells[0]) else self.cells[0]

    def settled(self) -> bool:
        """Whether the decomposition's plan is within the gap target of its own bound."""
        plan, bound = self.cells
        if math.isnan(plan) or math.isnan(bound):
            return False
        return bound - plan <= self.gap * max(abs(plan), 1.0)

    def beats(self, bound: float) -> bool:
        """Whether the decomposition's plan is at or above a bound of the exact solve's: no
        exact plan can be kept over it."""
        plan = self.cells[0]
        if math.isnan(plan) or not _finite(bound):
            return False
        return bound <= plan + TIE * max(abs(plan), 1.0)


def _finite(value: float) -> bool:
    return math.isfinite(value) and abs(value) < 1e30
