"""Bring RMs below their minimum load up to it, as the last step of a repair's RM assignment.

An RM short of its minimum takes, least value lost first, customers it may serve that have no
RM or whose RM stays at or above its own minimum without them. A move is made only if every row
it touches holds afterwards or was already broken and does not get worse: capacity and book
size of the receiving RM, the donor's minimum, the continuity limit.
"""

from __future__ import annotations

import numpy as np

from allocator.problem import Decisions
from allocator.solvers.coupling import Coupling, Terms

TOLERANCE = 1e-9


class _Rows:
    """The usage of every row of the x families (families with terms on x only), and each x
    column's row and coefficient in each."""

    def __init__(self, x: np.ndarray, families: list[Coupling]) -> None:
        empty = np.zeros(0, dtype=bool)
        self.families = families
        self.use = [f.usage(x, empty, empty) for f in families]
        self.dense = [_on_x(f).dense(len(x)) for f in families]

    def allows(self, leaving: int, joining: int) -> bool:
        """Whether moving a customer from column `leaving` (-1: no RM) to `joining` leaves
        every touched row holding, or no worse than before."""
        for family, use, (rows, coefs) in zip(self.families, self.use, self.dense, strict=True):
            change: dict[int, float] = {}
            for col, sign in ((leaving, -1.0), (joining, 1.0)):
                if col >= 0 and rows[col] >= 0:
                    change[int(rows[col])] = change.get(int(rows[col]), 0.0) + sign * coefs[col]
            for row, delta in change.items():
                slack = family.sign * (family.limits[row] - use[row])  # >= 0: holds
                tolerance = TOLERANCE * max(1.0, abs(float(family.limits[row])))
                if slack - family.sign * delta < -tolerance and family.sign * delta > 0:
                    return False
        return True

    def move(self, leaving: int, joining: int) -> None:
        for use, (rows, coefs) in zip(self.use, self.dense, strict=True):
            if leaving >= 0 and rows[leaving] >= 0:
                use[rows[leaving]] -= coefs[leaving]
            if rows[joining] >= 0:
                use[rows[joining]] += coefs[joining]


def _on_x(family: Coupling) -> Terms:
    if family.on_x is None or family.on_y is not None or family.on_s is not None:
        raise ValueError(f"{family.name} is not a family of the RM columns alone")
    return family.on_x


def raise_min_loads(x: np.ndarray, d: Decisions, x_families: list[Coupling]) -> None:
    """Move customers (in x, a mask over the x columns) to RMs below their minimum load."""
    index = next((i for i, f in enumerate(x_families) if f.name == "rm_min_load"), None)
    if index is None:
        return
    minimum = x_families[index]
    rows = _Rows(x, x_families)
    row_of, _ = rows.dense[index]
    at = np.full(int(d.x.customer.max(initial=-1)) + 1, -1, dtype=np.int64)
    at[d.x.customer[x]] = np.flatnonzero(x)
    for row in np.flatnonzero(rows.use[index] < minimum.limits - TOLERANCE):
        candidates = np.flatnonzero((row_of == row) & ~x)
        current = at[d.x.customer[candidates]]
        lost = np.where(current >= 0, d.x.value[np.maximum(current, 0)], 0.0)
        for col in candidates[np.argsort(lost - d.x.value[candidates], kind="stable")].tolist():
            if rows.use[index][row] >= minimum.limits[row] - TOLERANCE:
                break
            leaving = int(at[d.x.customer[col]])
            if rows.allows(leaving, col):
                rows.move(leaving, col)
                if leaving >= 0:
                    x[leaving] = False
                x[col] = True
                at[d.x.customer[col]] = col
