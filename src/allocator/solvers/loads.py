"""Bring RMs below their minimum load up to it, as the last step of a repair's RM assignment.

An RM short of its minimum takes, least value lost first, customers it may serve that have no
RM or whose RM stays at or above its own minimum without them. A move is made only if every row
it touches holds afterwards or was already broken and does not get worse: capacity and book
size of the receiving RM, the donor's minimum, the continuity limit. A donor at its minimum may
still give a customer if it can at once take enough from others under the same rule (a chain
of two moves); if it cannot, both are undone.
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

    def allows(self, leaving: int, joining: int, ignored: tuple[int, int] = (-1, -1)) -> bool:
        """Whether moving a customer from column `leaving` (-1: no RM) to `joining` leaves
        every touched row (but the `ignored` (family, row)) holding, or no worse than before."""
        for f, (family, use, (rows, coefs)) in enumerate(
                zip(self.families, self.use, self.dense, strict=True)):
            change: dict[int, float] = {}
            for col, sign in ((leaving, -1.0), (joining, 1.0)):
                if col >= 0 and rows[col] >= 0:
                    change[int(rows[col])] = change.get(int(rows[col]), 0.0) + sign * coefs[col]
            for row, delta in change.items():
                slack = family.sign * (family.limits[row] - use[row])  # >= 0: holds
                tolerance = TOLERANCE * max(1.0, abs(float(family.limits[row])))
                worse = family.sign * delta > 0 and slack - family.sign * delta < -tolerance
                if worse and (f, row) != ignored:
                    return False
        return True

    def move(self, leaving: int, joining: int) -> None:
        for use, (rows, coefs) in zip(self.use, self.dense, strict=True):
            for col, sign in ((leaving, -1.0), (joining, 1.0)):
                if col >= 0 and rows[col] >= 0:
                    use[rows[col]] += sign * coefs[col]


def _on_x(family: Coupling) -> Terms:
    if family.on_x is None or family.on_y is not None or family.on_s is not None:
        raise ValueError(f"{family.name} is not a family of the RM columns alone")
    return family.on_x


class _Loads:
    """The plan's RM columns (x, changed in place), its rows, and the moves made."""

    def __init__(self, x: np.ndarray, d: Decisions, x_families: list[Coupling],
                 index: int) -> None:
        self.x, self.d, self.index = x, d, index
        self.minimum = x_families[index]
        self.rows = _Rows(x, x_families)
        self.row_of = self.rows.dense[index][0]
        self.at = np.full(int(d.x.customer.max(initial=-1)) + 1, -1, dtype=np.int64)
        self.at[d.x.customer[x]] = np.flatnonzero(x)
        order = np.argsort(self.row_of, kind="stable")
        self.by_row = np.split(order, np.searchsorted(self.row_of[order],
                                                      np.arange(len(self.minimum.limits) + 1)))
        self.log: list[tuple[int, int]] = []

    def short(self, row: int) -> bool:
        return bool(self.rows.use[self.index][row] < self.minimum.limits[row] - TOLERANCE)

    def fill(self, row: int, borrow: bool) -> bool:
        """Move customers to this row's RM until its minimum holds; True if it does."""
        candidates = self.by_row[row + 1]  # by_row[0]: columns of RMs without a minimum
        candidates = candidates[~self.x[candidates]]
        current = self.at[self.d.x.customer[candidates]]
        lost = np.where(current >= 0, self.d.x.value[np.maximum(current, 0)], 0.0)
        order = np.argsort(lost - self.d.x.value[candidates], kind="stable")
        for col in candidates[order].tolist():
            if not self.short(row):
                break
            if self.x[col]:
                continue  # moved here since the candidates were listed
            leaving = int(self.at[self.d.x.customer[col]])
            if self.rows.allows(leaving, col):
                self.move(leaving, col)
            elif borrow and leaving >= 0 and self.row_of[leaving] >= 0:
                donor = int(self.row_of[leaving])
                if self.rows.allows(leaving, col, (self.index, donor)):
                    mark = len(self.log)
                    self.move(leaving, col)
                    if not self.fill(donor, borrow=False):
                        self.undo(mark)
        return not self.short(row)

    def move(self, leaving: int, joining: int) -> None:
        self.rows.move(leaving, joining)
        customer = self.d.x.customer[joining if joining >= 0 else leaving]
        if leaving >= 0:
            self.x[leaving] = False
        if joining >= 0:
            self.x[joining] = True
        self.at[customer] = joining
        self.log.append((leaving, joining))

    def undo(self, mark: int) -> None:
        while len(self.log) > mark:
            leaving, joining = self.log.pop()
            self.move(joining, leaving)
            self.log.pop()


def raise_min_loads(x: np.ndarray, d: Decisions, x_families: list[Coupling]) -> None:
    """Move customers (in x, a mask over the x columns) to RMs below their minimum load."""
    index = next((i for i, f in enumerate(x_families) if f.name == "rm_min_load"), None)
    if index is None:
        return
    loads = _Loads(x, d, x_families, index)
    for row in range(len(loads.minimum.limits)):
        if loads.short(row):
            loads.fill(row, borrow=True)
