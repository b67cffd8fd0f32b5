"""Minimize the dual function with a disaggregated, box-stabilized cutting-plane (bundle) method.

The dual function is a sum over blocks (groups of customers, and the tier packages) plus a
linear term: L(mu) = sum_b V_b(mu) + c mu. Every evaluation gives each block its own cut
V_b(m) >= V_b(mu) + g_b (m - mu), so the model learns every block's shape at once instead of
only their sum, and needs far fewer evaluations than a model of L alone. The next point
minimizes the model inside a box around the best point so far: an LP that HiGHS keeps warm
between iterations (new cuts are added as rows, the oldest evaluation's rows dropped). A point
that lowers L by a good share of what the model promised becomes the new centre and the box
grows; otherwise the cuts sharpen the model and the box shrinks after repeated misses. Every
evaluated L is a valid upper bound, so the best one is the certificate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from allocator.backends.highs import _banner_silenced
from allocator.backends.highs_threads import run_highs

IDLE_EVALUATIONS = (8, 4)
LARGE_MODEL = 500
"""A cut no longer binding at the model's optimum for 8 evaluations is dropped; for 4 when the
model prices over LARGE_MODEL rows (a large book's RMs), where its LP dominates an iteration."""

MAX_BOX = 64.0
"""The box never exceeds this many natural steps around the centre. Searches that converge
stay far below it (from FIRST_BOX, a few doublings); it matters where the bound falls without
end, on a book with no plan, which then reaches its proof (coupling.lowest_value) sooner: a
50,000-customer book with RMs held to 90% in 51 evaluations instead of 293 at 8."""
FIRST_BOX = 0.1
"""The first box, in natural steps. A natural step is a limit's average value per unit; the
multipliers settle at marginal values, often far below (a 10,000-customer book's RM hours at
2-5% of theirs), so a wider first box spends the first evaluations overshooting."""
SERIOUS, GROW = 0.1, 0.5
"""A point that lowers L by this share of what the model promised becomes the centre; by the
second share, the box doubles too. Doubling on every serious step made the box cycle on a large
book (3,329 RMs): one step at the smaller box, then three misses at the doubled one."""
STEP_ITERATIONS = 50_000
"""Simplex iterations for one model LP (a count, not a clock, so the same book takes the same
steps on any machine); past it the centre is kept and the box shrinks."""


@dataclass(frozen=True)
class Cut:
    """One evaluation: each block's value and its slope, as sparse (block, multiplier, slope)
    entries."""

    values: np.ndarray
    blocks: np.ndarray
    rows: np.ndarray
    slopes: np.ndarray


@dataclass
class Bundle:
    size: int
    blocks: int
    upper: np.ndarray
    """Largest value of each (scaled) multiplier; inf where unbounded, 0 where it stays at
    zero (the model leaves it out)."""
    width: np.ndarray
    """Each multiplier's natural step: the box is `box` times this."""
    linear: np.ndarray
    """c: the slope of the linear part of L."""
    box: float = FIRST_BOX
    center: np.ndarray = field(default_factory=lambda: np.zeros(0))
    center_value: float = np.inf
    misses: int = 0
    predicted: float = np.inf
    """Decrease the model predicted at the last step."""
    evaluations: int = 0
    last_binding: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Per model row: the last evaluation at which it was binding (or was added)."""
    model: Any = None
    free: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """The multipliers the model moves (upper > 0), its first columns in this order."""
    column: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Per multiplier: its column in the model, -1 if it stays at zero."""

    def __post_init__(self) -> None:
        self.free = np.flatnonzero(self.upper > 0)
        self.column = np.full(self.size, -1, dtype=np.int64)
        self.column[self.free] = np.arange(len(self.free))

    def add(self, point: np.ndarray, value: float, cut: Cut) -> None:
        """Record an evaluation (L's value and the blocks' cuts); move the centre if it is a
        good enough step."""
        self._add_rows(point, cut)
        if self.center.size == 0 or not np.isfinite(self.center_value):
            self.center, self.center_value = point.copy(), value
            return
        promised = max(self.predicted, 0.0)
        if value <= self.center_value - SERIOUS * promised:
            if value <= self.center_value - GROW * promised:
                self.box = min(2.0 * self.box, MAX_BOX)
            self.center, self.center_value = point.copy(), value
            self.misses = 0
        else:
            self.misses += 1
            if self.misses % 3 == 0:
                self.box = max(self.box / 2.0, 1e-9)

    def next_point(self) -> np.ndarray:
        """Minimize the cut model inside the box around the centre."""
        import highspy

        highs, free = self._highs(), self.free
        center, width = self.center[free], self.width[free]
        lower = np.maximum(center - self.box * width, 0.0)
        upper = np.minimum(np.minimum(center + self.box * width, self.upper[free]),
                           highspy.kHighsInf)
        highs.changeColsBounds(len(free), np.arange(len(free), dtype=np.int32), lower, upper)
        run_highs(highs)
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            self.box = max(self.box / 2.0, 1e-9)
            return self.center.copy()
        result = highs.getSolution()
        solution = np.asarray(result.col_value)
        self.predicted = self.center_value - float(highs.getInfo().objective_function_value)
        self._forget_idle(np.abs(np.asarray(result.row_dual)) > 1e-12)
        point = np.zeros(self.size)
        point[free] = np.clip(solution[:len(free)], lower, upper)
        return point

    def _highs(self) -> Any:
        if self.model is None:
            import highspy

            with _banner_silenced():
                self.model = highspy.Highs()
            self.model.setOptionValue("output_flag", False)
            self.model.setOptionValue("simplex_iteration_limit", STEP_ITERATIONS)
            size, inf = len(self.free), highspy.kHighsInf
            n = size + self.blocks
            self.model.addVars(n, np.zeros(n), np.full(n, inf))
            self.model.changeColsBounds(self.blocks, np.arange(size, n, dtype=np.int32),
                                        np.full(self.blocks, -inf), np.full(self.blocks, inf))
            self.model.changeColsCost(n, np.arange(n, dtype=np.int32),
                                      np.append(self.linear[self.free], np.ones(self.blocks)))
        return self.model

    def _add_rows(self, point: np.ndarray, cut: Cut) -> None:
        """theta_b - g_b mu >= V_b(point) - g_b point, for every block b (over the free
        multipliers: the others are zero at every point)."""
        import highspy

        highs, b = self._highs(), self.blocks
        moved = self.column[cut.rows] >= 0
        blocks, columns, slopes = cut.blocks[moved], self.column[cut.rows[moved]], cut.slopes[moved]
        keys = np.concatenate([blocks, np.arange(b)])
        order = np.argsort(keys, kind="stable")
        index = np.concatenate([columns, len(self.free) + np.arange(b)])[order].astype(np.int32)
        values = np.concatenate([-slopes, np.ones(b)])[order]
        starts = np.searchsorted(keys[order], np.arange(b)).astype(np.int32)
        lower = cut.values - np.bincount(blocks, slopes * point[cut.rows[moved]], b)
        highs.addRows(b, lower, np.full(b, highspy.kHighsInf), len(values), starts, index,
                      values)
        self.evaluations += 1
        self.last_binding = np.append(self.last_binding, np.full(b, self.evaluations))

    def _forget_idle(self, binding: np.ndarray) -> None:
        """Drop the cuts that have not been binding for a while: the model stays small."""
        if len(binding) != len(self.last_binding):
            return
        self.last_binding[binding] = self.evaluations
        patience = IDLE_EVALUATIONS[len(self.free) > LARGE_MODEL]
        idle = np.flatnonzero(self.evaluations - self.last_binding >= patience)
        if len(idle):
            self._highs().deleteRows(len(idle), idle.astype(np.int32))
            self.last_binding = np.delete(self.last_binding, idle)
