"""Minimize the dual function with a box-stabilized cutting-plane (bundle) method.

Each evaluation of L at multipliers mu gives a cut L(m) >= L(mu) + g (m - mu). The next point
minimizes the cut model inside a box around the best point so far (an LP for HiGHS). A point
that lowers L by a good share of what the model promised becomes the new centre and the box
grows; otherwise the cut sharpens the model and the box shrinks after repeated misses. Every
evaluated L is a valid upper bound, so the best one is the certificate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from allocator.solvers.highs import _banner_silenced

MAX_CUTS = 150


@dataclass
class Bundle:
    size: int
    upper: np.ndarray
    """Largest value of each (scaled) multiplier; inf where unbounded."""
    width: np.ndarray
    """Each multiplier's natural step: the box is `box` times this."""
    box: float = 1.0
    center: np.ndarray = field(default_factory=lambda: np.zeros(0))
    center_value: float = np.inf
    cuts_value: list[float] = field(default_factory=list)
    cuts_point: list[np.ndarray] = field(default_factory=list)
    cuts_slope: list[np.ndarray] = field(default_factory=list)
    misses: int = 0
    predicted: float = np.inf
    """Decrease the model predicted at the last step."""

    def add(self, point: np.ndarray, value: float, slope: np.ndarray) -> None:
        """Record an evaluation; move the centre if it is a good enough step."""
        self.cuts_value.append(value)
        self.cuts_point.append(point.copy())
        self.cuts_slope.append(slope.copy())
        del self.cuts_value[:-MAX_CUTS], self.cuts_point[:-MAX_CUTS], self.cuts_slope[:-MAX_CUTS]
        if self.center.size == 0 or not np.isfinite(self.center_value):
            self.center, self.center_value = point.copy(), value
            return
        promised = max(self.predicted, 0.0)
        if value <= self.center_value - 0.1 * promised:
            self.center, self.center_value = point.copy(), value
            self.box *= 2.0
            self.misses = 0
        else:
            self.misses += 1
            if self.misses % 3 == 0:
                self.box = max(self.box / 2.0, 1e-9)

    def next_point(self) -> np.ndarray:
        """Minimize the cut model inside the box around the centre."""
        import highspy

        n, k = self.size, len(self.cuts_value)
        points, slopes = np.array(self.cuts_point), np.array(self.cuts_slope)
        offsets = np.array(self.cuts_value) - (slopes * points).sum(axis=1)
        with _banner_silenced():
            highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        lower = np.maximum(self.center - self.box * self.width, 0.0)
        upper = np.minimum(self.center + self.box * self.width, self.upper)
        inf = highspy.kHighsInf
        highs.addVars(n + 1, np.append(lower, -inf), np.append(np.minimum(upper, inf), inf))
        highs.changeColCost(n, 1.0)
        # theta - slope . mu >= offset, for every cut
        index = np.tile(np.arange(n + 1, dtype=np.int32), k)
        values = np.hstack([-slopes, np.ones((k, 1))]).ravel()
        starts = np.arange(k, dtype=np.int32) * (n + 1)
        highs.addRows(k, offsets, np.full(k, inf), len(values), starts, index, values)
        highs.run()
        solution = np.asarray(highs.getSolution().col_value)
        if len(solution) != n + 1:
            return self.center.copy()
        self.predicted = self.center_value - float(solution[n])
        return np.clip(solution[:n], lower, upper)
